import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // dist/ rebuilt when src/ is newer (CLI tests run bin/ → dist/); a folder per run for the databases
    // several files share (see test/shared-databases.ts)
    globalSetup: ['test/build-dist.setup.ts', 'test/shared-databases.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // DuckDB work is CPU-bound and the machine has 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
