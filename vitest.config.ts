import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Test files that share their worker's module cache (vitest `isolate: false`): each isolated file loads
// vitest's runner, DuckDB's bindings and our modules afresh, ~0.2–0.6 CPU-s a file. These files run no browser
// and no CLI in process (src/cli/main.ts `run`), and change no module or process state another file reads
// (Store.settings, process.env, exit codes, signal handlers): their modules' only state is caches of files read
// from disk. CLI processes they spawn (helpers.ts `cli`) share nothing with the worker.
// Every other file keeps its own module graph: a new file is isolated unless listed or in a folder globbed here.
const SHARED_MODULES = [
  'test/build-dist.test.ts',
  'test/architecture/**/*.test.ts',
  'test/calendar/**/*.test.ts',
  'test/cli/init.test.ts',
  'test/check/availability.test.ts',
  'test/check/config-rules.test.ts',
  'test/check/evaluate-values.test.ts',
  'test/check/lower-bound.test.ts',
  'test/report/tile-variant.test.ts',
  'test/cli/kept-in-extra.test.ts',
  'test/check/stats.test.ts',
  'test/clusters/clusters.test.ts',
  'test/clusters/families.test.ts',
  'test/clusters/mask.test.ts',
  'test/clusters/planted.test.ts',
  'test/convert/**/*.test.ts',
  'test/coverage/**/*.test.ts',
  'test/demo/**/*.test.ts',
  'test/generate/**/*.test.ts',
  'test/findings/changepoint.test.ts',
  'test/findings/outlier.test.ts',
  'test/ingest/header-match.test.ts',
  'test/ingest/files.test.ts',
  'test/ingest/limits.test.ts',
  'test/ingest/loading.test.ts',
  'test/ingest/raw-lines.test.ts',
  'test/ingest/cp1252.test.ts',
  'test/ingest/read-raw-values.test.ts',
  'test/ingest/compile-dates-edges.test.ts',
  'test/ingest/compile-mapping.test.ts',
  'test/ingest/date-formats.test.ts',
  'test/ingest/detect.test.ts',
  'test/ingest/draft-mapping-values.test.ts',
  'test/ingest/draft-mapping-id.test.ts',
  'test/ingest/draft-mapping-edges.test.ts',
  'test/ingest/header-match-values.test.ts',
  'test/ingest/mapping-file-values.test.ts',
  'test/ingest/sniff-values.test.ts',
  'test/ingest/sniff-edges.test.ts',
  'test/ingest/i18n.test.ts',
  'test/ingest/ingest.test.ts',
  'test/ingest/null-values.test.ts',
  'test/ingest/same-rows.test.ts',
  'test/ingest/servicenow-pending-states.test.ts',
  'test/ingest/sniff.test.ts',
  'test/lint/rules/**/*.test.ts',
  'test/maturity/calibration.test.ts',
  'test/maturity/fulfilment.test.ts',
  'test/maturity/knowledge-metric.test.ts',
  'test/maturity/levels.test.ts',
  'test/maturity/not-assessable.test.ts',
  'test/maturity/profiles.test.ts',
  'test/metrics/**/*.test.ts',
  'test/period/**/*.test.ts',
  'test/property/**/*.test.ts',
  'test/queries/**/*.test.ts',
  // every real-data file but report.test (its browser): CLI processes and read-only opens of their own copies
  'test/real-data/assess-words.test.ts',
  'test/real-data/assess.test.ts',
  'test/real-data/availability.test.ts',
  'test/real-data/clusters.test.ts',
  'test/real-data/convert.test.ts',
  'test/real-data/cost-channel.test.ts',
  'test/real-data/cost-hourly.test.ts',
  'test/real-data/coverage.test.ts',
  'test/real-data/findings.test.ts',
  'test/real-data/format-samples-zendesk-sdp.test.ts',
  'test/real-data/init.test.ts',
  'test/real-data/knowledge-self-service.test.ts',
  'test/real-data/kpi-text.test.ts',
  'test/real-data/lint.test.ts',
  'test/real-data/map.test.ts',
  'test/real-data/reference.test.ts',
  'test/real-data/same-figures.test.ts',
  'test/real-data/shared-data.test.ts',
  'test/real-data/variants.test.ts',
  'test/report/definition-kpis.test.ts',
  'test/report/extras.test.ts',
  'test/report/once.test.ts',
  'test/report/periods.test.ts',
  'test/reports/queries/**/*.test.ts',
  'test/sla/**/*.test.ts',
  'test/sources/**/*.test.ts',
  'test/stats/**/*.test.ts',
  'test/store/csv-safe.test.ts',
  'test/store/default-memory-limit.test.ts',
  'test/store/migrations.test.ts',
  'test/store/output-folder.test.ts',
  'test/store/sql-file.test.ts',
  'test/store/sql-style.test.ts',
  // files that spawn CLI processes or open their own databases and touch no shared state (checked for session 22:
  // no in-process `run`, no process.env, signal handler or Store.settings change, no browser)
  'test/check/coverage-gate.test.ts',
  'test/clusters/cli.test.ts',
  'test/config/schema.test.ts',
  'test/config/unknown-key.test.ts',
  'test/findings/findings.test.ts',
  'test/ingest/compile-values.test.ts',
  'test/ingest/draft-mapping.test.ts',
  'test/ingest/draft-profile.test.ts',
  'test/ingest/draft-values.test.ts',
  'test/ingest/formats.test.ts',
  'test/ingest/lines.test.ts',
  'test/ingest/mapping-checks.test.ts',
  'test/ingest/mapping-nested.test.ts',
  'test/ingest/mapping-source-id.test.ts',
  'test/ingest/replace.test.ts',
  'test/lint/rules.test.ts',
  'test/robustness/outputs.test.ts',
  'test/robustness/paths.test.ts',
  'test/robustness/people-redacted.test.ts',
  'test/robustness/redact.test.ts',
  'test/store/migrate-v1.test.ts',
  'test/store/open.test.ts',
  'test/store/read-only.test.ts',
  'test/store/wal-only.test.ts',
];

// The files that take longest, longest first (CPU-s per file: BENCHMARKS.md, "Test-suite time"). They start
// before the rest, so that no worker is left alone with one of them at the end. vitest orders by the durations
// of its previous run when it has them, but a fresh checkout (CI) has none, and then the order is the folders'.
const SLOW_FIRST = [
  'test/robustness/corpus.test.ts',
  'test/real-data/report.test.ts',
  'test/generate/generate.test.ts',
  'test/robustness/redact-bytes.test.ts',
  'test/generate/truth-kpi.test.ts',
  'test/robustness/kill-outputs.test.ts',
  'test/robustness/output-folders.test.ts',
  'test/maturity/profiles.test.ts',
  'test/check/check.test.ts',
  'test/report/xss.browser.test.ts',
  'test/real-data/coverage.test.ts',
  'test/report/report.test.ts',
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.indexOf(relative(this.ctx.config.root, f.moduleId).replaceAll('\\', '/'));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

// Files whose DuckDB keeps its default thread count (one per core). The rest run with ITSM_LENS_THREADS=1, for
// them and the CLI processes they start: DuckDB's thread pool's synchronisation cost 7–12 % of each process's CPU
// with 3 workers on 2 cores (BENCHMARKS.md, "Test-suite time"), and no assertion of theirs depends on the thread
// count. The kills (a kill lands among DuckDB's threads), the memory limit (per-thread buffers) and redaction at
// 300,000 rows (several row groups; its bytes and time budgets) keep users' default. So do the real exports' shared
// databases (the ingests of 140,000-row event logs: several row groups, DuckDB's parallel CSV reading and
// aggregation) and corpus.test's budgeted CLI runs (time and peak RSS are their assertion), whichever file starts
// them (cliEnv in helpers.ts). The real-data files' own commands (kpi, report, assess … on copies of those
// databases) run on one thread: they assert figures, which do not depend on the thread count.
const DEFAULT_THREADS = [
  'test/robustness/kill.test.ts',
  'test/robustness/kill-outputs.test.ts',
  'test/robustness/memory-limit.test.ts',
  'test/robustness/redact-bytes.test.ts',
];

// Each file's tempDir() folders are removed when the file ends (test/temp-dirs.per-file.ts).
const common = { testTimeout: 120_000, hookTimeout: 180_000, setupFiles: ['test/temp-dirs.per-file.ts'] };
const oneThread = { env: { ITSM_LENS_THREADS: '1' } };

export default defineConfig({
  test: {
    // A temp folder (TMPDIR) per run, removed at its end, first: the others' folders go in it; dist/ rebuilt
    // when src/ is newer (CLI tests run bin/ → dist/); a folder per run for the databases several files share
    // (see test/shared-databases.ts). Set here, not in the projects: a project's globalSetup runs once per project.
    globalSetup: ['test/temp-root.setup.ts', 'test/build-dist.setup.ts', 'test/shared-databases.setup.ts'],
    // DuckDB work is CPU-bound and the machine has 2 cores.
    pool: 'forks',
    maxWorkers: 3,
    sequence: { sequencer: SlowFirst },
    projects: [
      { test: { ...common, ...oneThread, name: 'isolated', include: ['test/**/*.test.ts'], exclude: [...SHARED_MODULES, ...DEFAULT_THREADS] } },
      { test: { ...common, ...oneThread, name: 'shared-modules', include: SHARED_MODULES, exclude: DEFAULT_THREADS, isolate: false } },
      { test: { ...common, name: 'isolated-default-threads', include: DEFAULT_THREADS, exclude: SHARED_MODULES } },
    ],
  },
});
