/**
 * vitest.config.ts plus a setup file that logs each test file's CPU seconds (its worker's and its reaped child
 * processes': CLI runs, chromium) to $ITSM_LENS_TEST_CPU_LOG, for bench/test-suite-time.md. Not `npm test`:
 *   ITSM_LENS_TEST_CPU_LOG=/tmp/cpu.tsv nice -n 10 npx vitest run --config bench/vitest-cpu.config.ts test/…
 * ITSM_LENS_TEST_THREADS=default runs every file with DuckDB's default threads (before/after of the 1-thread
 * setting in vitest.config.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../vitest.config.js';

const cpuSetup = fileURLToPath(new URL('./test-cpu.setup.ts', import.meta.url));
const projects = base.test!.projects as { test: Record<string, unknown> }[];

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...base.test,
    projects: projects.map((p) => ({
      ...p,
      test: {
        ...p.test,
        ...(process.env.ITSM_LENS_TEST_THREADS === 'default' ? { env: {} } : {}),
        setupFiles: [cpuSetup, ...((p.test.setupFiles as string[] | undefined) ?? [])],
      },
    })),
  },
});
