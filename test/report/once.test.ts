/**
 * Each analysis once (issue 23.2, issue 21.6): the report builds its clusters once, for the findings' analysis
 * window of the report month, and the findings' recurring candidates are those clusters; the coverage model and
 * the derived KPI tables are not built again within the session. What the report shows equals what
 * `clusters --since --until` and `findings --month` print on the same window (separate processes, no shared state).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { Store } from '../../src/store/db.js';
import { collectReport, type ReportData } from '../../src/report/collect.js';
import { DEFAULT_DEFINITION, loadDefinition } from '../../src/report/definition.js';
import { resolveReportPeriods } from '../../src/report/periods.js';
import { cli } from '../helpers.js';
import { generatedDb } from '../shared-databases.js';

const MONTH = '2025-11';
// the findings' analysis window of --month 2025-11: the twelve months ending with it (src/findings windowOf),
// Dec 2024 … Nov 2025: --until is the day after it (exclusive)
const SINCE = '2024-12-01';
const UNTIL = '2025-12-01';

describe('report: clusters and findings computed once, equal to the commands on the same window', () => {
  let db: string;
  let data: ReportData;
  const seen = { clusterRuns: 0, coverageRuns: 0, holdBuilds: 0, frameBuilds: 0 };

  beforeAll(async () => {
    // 2,500 generated tickets (seed 7), all five files ingested: built once per run with report.test
    db = (await generatedDb({ tickets: 2500, seed: 7 })).db;
    // read-only, as the report command opens it; count the statements that build each model
    const store = await Store.open(db, { readOnly: true });
    const run = store.run.bind(store);
    const all = store.all.bind(store);
    store.run = async (sql, params) => {
      if (/CREATE OR REPLACE TEMP TABLE cl_t AS/.test(sql)) seen.clusterRuns++;
      if (/CREATE OR REPLACE TEMP TABLE ticket_hold AS/.test(sql)) seen.holdBuilds++;
      if (/CREATE OR REPLACE TEMP TABLE fx_ticket AS/.test(sql)) seen.frameBuilds++;
      return run(sql, params);
    };
    store.all = (async (sql: string, params?: Record<string, unknown>) => {
      if (/^-- coverage: which months/.test(sql.trimStart())) seen.coverageRuns++;
      return all(sql, params);
    }) as Store['all'];
    try {
      const config = loadProjectConfig();
      const def = loadDefinition(DEFAULT_DEFINITION);
      const periods = await resolveReportPeriods(store, MONTH, def.trendMonths, 'previous', config.coverage.minShare, config.coverage.fromConfig);
      data = await collectReport(store, def, periods, config);
    } finally {
      store.close();
    }
  }, 300_000);

  it('builds the clusters, the coverage model, the findings frame and the derived KPI tables once', () => {
    // before: clusters twice (the section over the trend window, the findings' recurring over the month), coverage
    // twice (the month's choice, the findings frame), ticket_hold once per KPI run (a dozen)
    expect(seen).toEqual({ clusterRuns: 1, coverageRuns: 1, holdBuilds: 1, frameBuilds: 1 });
  });

  it('shows the clusters `clusters --since --until` prints for the findings window', () => {
    const r = cli(['clusters', '--json', '--since', SINCE, '--until', UNTIL, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { clusters: Array<Record<string, any>> };
    // the section's order: problem candidates first, then by size; its top N (the definition's, default 10)
    const expected = [...doc.clusters]
      .sort((a, b) => Number(b.problem_candidate) - Number(a.problem_candidate) || b.size - a.size)
      .slice(0, data.clusters.items.length);
    const pick = (c: Record<string, any>) => ({ id: c.id, label: c.label, size: c.size, weeks: c.distinct_weeks, candidate: c.problem_candidate, reason: c.candidate_reason });
    expect(data.clusters.items.length).toBeGreaterThan(0);
    expect(data.clusters.items.map(pick)).toEqual(expected.map(pick));
  });

  it('shows the findings `findings --month` prints, recurring candidates included', () => {
    const r = cli(['findings', '--json', '--month', MONTH, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { findings: Array<Record<string, any>> };
    const pick = (f: Record<string, any>) => ({ rank: f.rank, id: f.id, summary: f.summary, q: f.q_value });
    expect(data.findings.items.length).toBeGreaterThan(0);
    expect(data.findings.items.map(pick)).toEqual(doc.findings.slice(0, 10).map(pick));
    // the recurring candidates are the problem candidates of the section's clusters (the 10 largest; on this
    // dataset there may be none, then neither lists one)
    const recurring = doc.findings.filter((f) => f.kind === 'recurring').map((f) => String(f.id).replace(/^recurring:/, ''));
    const candidates = data.clusters.items.filter((c) => c.problem_candidate).sort((a, b) => b.size - a.size).slice(0, 10).map((c) => c.id);
    expect(recurring.sort()).toEqual(candidates.sort());
  });
});
