/**
 * Every `.sql` file of the tree runs against the fixture database, strictly: a query error fails the test, and a
 * statement no run reached fails it too (issue 20 acceptance).
 *
 * - queries/*.sql (metrics) and reports/queries/*.sql run as kpi and the report run them, each on its own;
 * - src/lint/rules/*.sql run through `lint`;
 * - the one-query files (coverage, draft profile) and the files of named statements run through the code that
 *   fills them: kpi with a business calendar and an SLA policy with pause states, --explain and --reconcile,
 *   findings, clusters, coverage, the assessment (with ITSM_LENS_STRICT_SQL=1, so a rubric query error is no
 *   longer turned into "not assessable"), a draft mapping, an ingest and the ingest's bookkeeping. store/sql-file.ts records what each run took.
 * Not here: test/real-data/reference/*.sql read the raw files of ../shared/data (the real-data suite runs them).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { computeKpis, periodWarning } from '../../src/metrics/kpi.js';
import { loadQueries, renderQuery } from '../../src/metrics/queries.js';
import { explainTicket } from '../../src/metrics/explain.js';
import { RECONCILE_SQL, reconcileSummary } from '../../src/sla/reconcile.js';
import { computeFindings } from '../../src/findings/index.js';
import { buildClusters } from '../../src/clusters/cluster.js';
import { loadCoverage, loadFieldFill, loadSpans } from '../../src/coverage/index.js';
import { assess } from '../../src/maturity/assess.js';
import { runLint } from '../../src/lint/index.js';
import { loadLintRules } from '../../src/lint/rules.js';
import { draftMapping } from '../../src/ingest/draft-mapping.js';
import { reportQuerySql } from '../../src/report/report-queries.js';
import type { ReportPeriods } from '../../src/report/periods.js';
import { businessDayDeadlines, businessDueAt, businessSecondsBetween } from '../../src/calendar/business-time.js';
import { loadSqlFile, SQL_TAKEN, sqlOf } from '../../src/store/sql-file.js';
import { Store } from '../../src/store/db.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { backfillRowsHashes, laterFiles, removeFileLoad, rowsHash } from '../../src/ingest/replace.js';
import { ROOT, tempDir } from '../helpers.js';
import { rankTest } from '../../src/check/rank-test.js';
import { toTidy, writeTidy } from '../../src/metrics/tidy.js';
import { exportParquet } from '../../src/export/parquet.js';
import { attachParquetViews } from '../../src/export/views.js';
import { SAMPLES } from '../../src/check/metrics.js';
import { plantedScores } from '../../src/clusters/evaluate.js';
import { guessCalendar } from '../../src/config/init.js';
import { plantProfile } from '../../src/maturity/profile.js';
import { loadPolicy } from '../../src/privacy/policy.js';
import { fixtureDb } from '../shared-databases.js';

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sqlFiles(p) : n.endsWith('.sql') ? [p] : [];
  });
}

const CONFIG = `
calendars:
  default: office
  office:
    timezone: Europe/Amsterdam
    hours: { mon-fri: "09:00-17:00" }
    holidays: [2024-12-25]
sla:
  policies:
    - name: incidents
      kind: incident
      calendar: office
      resolution: { 1: 4h, 2: 8h, 3: 24h, 4: 72h }
      response: { 1: 1h, 2: 2h, 3: 8h, 4: 24h }
      pause: [pending]
`;

describe('every .sql file of the tree, strictly, on the fixture database', () => {
  let store: Store;
  const strict = process.env.ITSM_LENS_STRICT_SQL;
  beforeAll(async () => {
    process.env.ITSM_LENS_STRICT_SQL = '1';
    const { db } = await fixtureDb('servicenow');
    store = await Store.open(db);
  }, 300_000);
  afterAll(() => {
    store?.close();
    if (strict === undefined) delete process.env.ITSM_LENS_STRICT_SQL;
    else process.env.ITSM_LENS_STRICT_SQL = strict;
  });

  it('runs each metric query and each report query on its own, without an error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'itsm-lens.config.yaml'), CONFIG);
    const config = loadProjectConfig(join(dir, 'itsm-lens.config.yaml'));
    // kpi defines the period macros and the derived tables the queries read, and runs every query once
    const doc = await computeKpis(store, { from: null, to: null }, { config });
    expect(doc.kpis.mttr_business?.n, 'the calendar reached the business-time queries').toBeGreaterThan(0);
    // a month breakdown: the grouping sets, and a span metric (availability) sliced by month; its long table
    const byMonth = await computeKpis(store, { from: null, to: null }, { config, by: ['month'] });
    const out = tempDir();
    for (const format of ['csv', 'parquet'] as const) await writeTidy(store, toTidy(byMonth), join(out, `kpi.${format}`), format);
    // an export folder, and its tables read back as views
    await exportParquet(store, join(out, 'lake'));
    const mem = await Store.open(':memory:', { migrate: false });
    try {
      await attachParquetViews(mem, join(out, 'lake'));
    } finally {
      mem.close();
    }
    await periodWarning(store, { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' });
    const metrics = loadQueries().filter((q) => q.table !== 'none');
    expect(metrics.length).toBeGreaterThan(30);
    for (const q of metrics) {
      const { base, sql } = renderQuery(q, []);
      if (base) await store.run(`CREATE OR REPLACE TEMP VIEW base AS ${base}`);
      await expect(store.all(sql), q.file).resolves.toBeDefined();
    }
    const periods = { period: { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' }, trend: { from: '2023-02-01T00:00:00Z' } } as unknown as ReportPeriods;
    const reportQueries = readdirSync(join(ROOT, 'reports', 'queries')).filter((f) => f.endsWith('.sql'));
    expect(reportQueries.length).toBeGreaterThan(0);
    for (const f of reportQueries) await expect(store.all(reportQuerySql(f, periods).sql), f).resolves.toBeDefined();
    // the report appendix's own tables (src/report/extras.sql), as collectExtras runs them
    const extras = loadSqlFile('report/extras.sql');
    for (const name of extras.statements.keys()) await expect(store.all(sqlOf(extras, name)), name).resolves.toBeDefined();
    // --explain and --reconcile read what kpi built
    const ticket = await store.one<{ id: string }>(`SELECT source_id AS id FROM ticket WHERE kind = 'incident' LIMIT 1`);
    await explainTicket(store, ticket!.id);
    await store.all(RECONCILE_SQL);
    await reconcileSummary(store);
    // the business-time forms kpi does not use on this data
    await businessDayDeadlines(store, { calendar: 'office', input: `SELECT opened_at AS start_at, 2 AS days FROM ticket`, out: 'sql_test_deadline', mode: 'same_time' });
    await businessSecondsBetween(store, 'office', '2024-01-08T08:00:00Z', '2024-01-09T12:00:00Z');
    await businessDueAt(store, 'office', '2024-01-08T08:00:00Z', 8 * 3600);
    // check's rank test of a time KPI between two periods, with and without a breakdown
    await rankTest(store, SAMPLES.mttr!, { from: '2024-02-01T00:00:00Z', to: null }, { from: null, to: '2024-02-01T00:00:00Z' }, {}, []);
    await rankTest(store, SAMPLES.mttr!, { from: '2024-02-01T00:00:00Z', to: null }, { from: null, to: '2024-02-01T00:00:00Z' }, {}, ['priority']);
  }, 300_000);

  it('runs every lint rule', async () => {
    // one finding, so that its samples are read too: an incident resolved a day before it was opened
    await store.run(`UPDATE ticket SET resolved_at = opened_at - INTERVAL 1 DAY WHERE ticket_key = (SELECT min(ticket_key) FROM ticket WHERE resolved_at IS NOT NULL)`);
    const doc = await runLint(store);
    expect(doc.summary.findings).toBeGreaterThan(0);
    expect(doc.rules.length).toBe(loadLintRules().length);
    expect(loadLintRules().length).toBe(sqlFiles(join(ROOT, 'src', 'lint', 'rules')).length);
  }, 300_000);

  it('runs findings, clusters, coverage, the assessment and a draft mapping', async () => {
    await loadCoverage(store);
    await loadSpans(store);
    await loadFieldFill(store);
    const clusters = await buildClusters(store, {});
    expect(clusters.clusters.length).toBeGreaterThan(0);
    // findings with one cluster taken as a recurring-problem candidate, so that its reproduction query is written
    await computeFindings(store, { clusters: { ...clusters, clusters: clusters.clusters.map((c, i) => ({ ...c, problem_candidate: i === 0 })) } });
    // over three months the trends are weekly: fx_mm by week (fx_mw_<dimension>) as well as by month
    const mid = (await store.one<{ d: string }>(`SELECT strftime(quantile_disc(opened_at, 0.5), '%Y-%m-01') AS d FROM ticket WHERE kind = 'incident'`))!.d;
    const end = new Date(`${mid}T00:00:00Z`);
    end.setUTCMonth(end.getUTCMonth() + 3);
    await computeFindings(store, { from: mid, to: end.toISOString().slice(0, 10), clusters });
    const incident = await store.one<{ id: string }>(`SELECT source_id AS id FROM ticket LIMIT 1`);
    await plantedScores(store, clusters, [{ id: 'p1', label: 'planted', member_ids: [incident!.id] }]);
    // as findings and the report run it: no ticket_cluster, and the earlier run's dropped
    await buildClusters(store, { ticketClusters: false });
    await assess(store, {});
    await guessCalendar(store);
    await draftMapping(join(ROOT, 'fixtures', 'servicenow', 'incident.csv'));
  }, 300_000);

  it("runs the ingest's bookkeeping: rows hashes, their backfill, the files after one, a file's removal", async () => {
    const file = (await store.one<{ id: string }>('SELECT file_id AS id FROM source_file ORDER BY ingested_at LIMIT 1'))!.id;
    expect(await rowsHash(store, file, ['ticket', 'change', 'problem', 'asset'])).toMatch(/^\d+:/);
    await store.run('UPDATE source_file SET rows_hash = NULL');
    await backfillRowsHashes(store);
    expect((await store.one<{ n: number }>('SELECT count(*) AS n FROM source_file WHERE rows_hash IS NULL'))!.n).toBe(0);
    await store.all(laterFiles(0));
    expect((await removeFileLoad(store, file)).records).toBeGreaterThan(0);
    // an ingest in this process (the fixture database was built by whichever worker came first)
    const fresh = await Store.open(join(tempDir(), 'fresh.duckdb'));
    try {
      // redacted (the default policy), then a maturity profile planted on it (generate --maturity)
      await ingestPaths(fresh, { paths: [join(ROOT, 'fixtures', 'servicenow', 'incident.csv')], redact: loadPolicy(true) });
      await plantProfile(fresh, 3);
    } finally {
      fresh.close();
    }
    // the raw read's line map: a blank line after the header (the map, every record accepted), and that with a
    // record of one column too many (the map and the reader's reject); ASCII only, so the read looks for
    // encoding rejects (a plain UTF-8 file may be Windows-1252 after its first megabyte)
    const text = readFileSync(join(ROOT, 'fixtures', 'servicenow', 'incident.csv'), 'utf8').replace(/[^\x00-\x7f]/g, 'u');
    const nl = text.indexOf('\n');
    const blank = `${text.slice(0, nl + 1)}\n${text.slice(nl + 1)}`;
    const extra = `${blank.replace(/\n?$/, '\n')}INC9999999${',x'.repeat(30)}\n`;
    for (const [name, body] of [['blank-line.csv', blank], ['blank-line-reject.csv', extra]] as const) {
      const dir = tempDir();
      writeFileSync(join(dir, name), body);
      const s = await Store.open(join(dir, 'lines.duckdb'));
      try {
        await ingestPaths(s, { paths: [join(dir, name)] });
      } finally {
        s.close();
      }
    }
  }, 300_000);

  it('took every statement of every file of named statements and every one-query file', () => {
    const missed: string[] = [];
    for (const path of sqlFiles(join(ROOT, 'src'))) {
      const rel = relative(join(ROOT, 'src'), path);
      if (rel.startsWith('lint/rules/')) continue; // run above through lint
      if (/^--\s*name:/m.test(readFileSync(path, 'utf8'))) {
        for (const name of loadSqlFile(rel).statements.keys()) if (!SQL_TAKEN.has(`${rel}#${name}`)) missed.push(`${rel}#${name}`);
      } else if (!SQL_TAKEN.has(rel)) missed.push(rel);
    }
    expect(missed).toEqual([]);
  });
});
