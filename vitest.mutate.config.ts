/**
 * The test set StrykerJS runs for each mutant (`npm run mutate`, stryker.config.mjs): the in-process tests only.
 * A test that spawns the CLI runs dist/, which Stryker's instrumented sources never reach, so it could kill no
 * mutant and would only cost time; the real-data, robustness, corpus and browser files are excluded for the same
 * reason and for their size. Not part of `npm test`.
 *
 * MUTATE_TESTS=test/check/,test/sla/policy narrows the set to the files under these path prefixes: on a busy
 * machine the dry run of every in-process file takes minutes, and a folder's mutants are mostly killed by its
 * own tests (a narrowed run can only under-count kills; say so next to its score).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const SPAWNS = /\bcli\(|cliAsync|spawn|execFile|realDataDb|chromium|playwright/;
const SKIP_DIRS = new Set(['real-data', 'robustness', 'corpus', 'report']);

function inProcess(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : inProcess(path);
    return e.name.endsWith('.test.ts') && !SPAWNS.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

const only = process.env.MUTATE_TESTS?.split(',').map((s) => s.trim()).filter(Boolean);
const include = inProcess('test').filter((f) => !only || only.some((p) => f.startsWith(p)));

export default defineConfig({
  test: {
    include,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // each file's tempDir() folders removed when it ends, as in vitest.config.ts (a StrykerJS run left ~4,500)
    setupFiles: ['test/temp-dirs.per-file.ts'],
    pool: 'forks',
  },
});
