// StrykerJS over the TypeScript the issue-19 score covers (`npm run mutate`; not part of `npm test`). Each mutant
// runs the in-process tests that cover it (vitest.mutate.config.ts, coverageAnalysis perTest). Results go to
// bench/results/stryker/. MUTATE=src/calendar/**/*.ts narrows the run to one folder; MUTATE_TESTS narrows the
// test files (vitest.mutate.config.ts); MUTATE_NAME=calendar gives the run its own report
// (mutation-calendar.json) and sandbox, so two narrowed runs do not overwrite each other.
const name = process.env.MUTATE_NAME;
const mutate = process.env.MUTATE
  ? process.env.MUTATE.split(',')
  : ['src/metrics/**/*.ts', 'src/sla/**/*.ts', 'src/calendar/**/*.ts', 'src/ingest/**/*.ts', 'src/check/**/*.ts'];

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate,
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  ignoreStatic: true,
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 40,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `bench/results/stryker/mutation${name ? `-${name}` : ''}.json` },
  // TypeScript 7 has no JS API for Stryker's tsconfig rewriting; vitest transpiles the sources itself
  tsconfigFile: 'stryker-has-no-tsconfig.json',
  tempDirName: name ? `.stryker-tmp-${name}` : '.stryker-tmp',
  // another run's sandbox (MUTATE_NAME) is not copied into this one's: it vanishes when that run ends (ENOENT)
  ignorePatterns: ['.stryker-tmp-*', 'bench/.cache'],
  cleanTempDir: 'always',
};
