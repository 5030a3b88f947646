/**
 * A backlog that is only a lower bound (queries/backlog.sql's `lower_bound`: an export of closed tickets only
 * lacks the tickets still open when it was taken) in `check` and in the pack: a maximum it already exceeds
 * fails, a minimum it reaches passes, any other verdict is "not evaluated"; the pack states no change between two
 * lower bounds. The reviewer's case: HPSM (BPI 2014) passed `backlog ≤ 1000` on 913, with ~250 open tickets
 * missing from February.
 *
 * Hand-made ServiceNow export, every ticket resolved (closed tickets only):
 *   Jan 2025: 40 tickets opened on day 1 + (i mod 20) 09:00, resolved at 10:00 the same day; 3 opened Jan 25 09:00,
 *             resolved Feb 3 09:00 → open at the end of January: 3
 *   Feb 2025: the same 40, and 4 opened Feb 20 09:00, resolved Mar 5 09:00 → open at the end of February: 4
 *             (the January three ended on Feb 3), each 8.625 days old at Mar 1 00:00 (6–30 day bucket)
 *   Mar 2025: the same 40.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig } from '../../src/check/config.js';
import { evaluateCheck, type CheckResult } from '../../src/check/evaluate.js';
import { loadProjectConfig } from '../../src/config/project.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { resolvePeriod } from '../../src/period/period.js';
import { collectReport } from '../../src/report/collect.js';
import { loadDefinition } from '../../src/report/definition.js';
import { resolveReportPeriods } from '../../src/report/periods.js';
import { reportComparisons } from '../../src/report/takeaway.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';
import { smallReportDefinition } from '../small-report.js';

const pad = (n: number) => String(n).padStart(2, '0');

function exportCsv(stillOpen: boolean): string {
  const lines = ['number,incident_state,priority,opened_at,resolved_at'];
  let no = 1000;
  const add = (opened: string, resolved: string | null) => lines.push(`INC${no++},${resolved ? 'Resolved' : 'In Progress'},3 - Moderate,${opened},${resolved ?? ''}`);
  for (const month of [1, 2, 3]) {
    for (let i = 0; i < 40; i++) add(`2025-${pad(month)}-${pad(1 + (i % 20))} 09:00:00`, `2025-${pad(month)}-${pad(1 + (i % 20))} 10:00:00`);
  }
  for (let i = 0; i < 3; i++) add('2025-01-25 09:00:00', '2025-02-03 09:00:00');
  for (let i = 0; i < 4; i++) add('2025-02-20 09:00:00', '2025-03-05 09:00:00');
  // the control: one ticket still open makes it an export of open and closed tickets (opened in March: February's
  // backlog is 4 either way)
  if (stillOpen) add('2025-03-10 09:00:00', null);
  return lines.join('\n');
}

const FEB = resolvePeriod({ month: '2025-02' });
const RULES = `rules:
  - id: max-10
    metric: backlog
    max: 10
  - id: max-3
    metric: backlog
    max: 3
  - id: min-2
    metric: backlog
    min: 2
  - id: min-10
    metric: backlog
    min: 10
  - id: band
    metric: backlog
    min: 1
    max: 10
  - id: age
    metric: backlog
    statistic: median_age_days
    max: 30
  - id: budget-10
    metric: backlog
    max_breaches: 10
  - id: budget-3
    metric: backlog
    max_breaches: 3
`;

describe('a lower-bound backlog', () => {
  const stores: Store[] = [];
  const load = async (stillOpen: boolean) => {
    const dir = tempDir('itsm-lens-lower-bound-');
    const store = await openStore(dir);
    stores.push(store);
    await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', exportCsv(stillOpen))] });
    return store;
  };
  let closedOnly: Store;
  let withOpen: Store;
  beforeAll(async () => {
    closedOnly = await load(false);
    withOpen = await load(true);
  });
  afterAll(() => stores.forEach((s) => s.close()));
  const status = (rs: CheckResult[]) => Object.fromEntries(rs.map((r) => [r.rule, r.status]));

  it('check: fails a maximum the bound exceeds, passes a minimum it reaches, evaluates nothing else (exit 2)', async () => {
    const doc = await evaluateCheck(closedOnly, parseCheckConfig(RULES, 'rules.yaml'), FEB);
    // 4 > 3 fails for certain; 4 ≥ 2 passes for certain; 4 ≤ 10, 4 < 10 and 1 ≤ 4 ≤ 10 say nothing of the true
    // backlog (≥ 4); the median age of the tickets the export kept bounds nothing; 4 breaches of at most 3 fail
    expect(status(doc.results)).toEqual({
      'max-10': 'unevaluated', 'max-3': 'fail', 'min-2': 'pass', 'min-10': 'unevaluated', band: 'unevaluated',
      age: 'unevaluated', 'budget-10': 'unevaluated', 'budget-3': 'fail',
    });
    const r = doc.results.find((x) => x.rule === 'max-10')!;
    expect(r).toMatchObject({ value: 4, n: 4 });
    expect(r.message).toBe('backlog 4 (n 4); required ≤ 10: the value is a lower bound, as the export holds closed tickets only, and cannot show it is ≤ 10');
    expect(doc.results.find((x) => x.rule === 'max-3')!.message).toBe('backlog 4 (n 4); required ≤ 3 (the value is a lower bound, as the export holds closed tickets only)');
    expect(doc.results.find((x) => x.rule === 'age')!.message).toMatch(/^backlog median_age_days cannot be judged: the export holds closed tickets only/);
    // a failure decides the exit code (1); the gate alone that used to pass is not evaluated: exit 2, never 0
    expect(doc.summary).toMatchObject({ passed: 1, failed: 2, unevaluated: 5, exit_code: 1 });
    const alone = await evaluateCheck(closedOnly, parseCheckConfig(RULES.split('  - id: max-3')[0]!, 'rules.yaml'), FEB);
    expect(alone.summary).toMatchObject({ results: 1, unevaluated: 1, exit_code: 2 });
  });

  it('check: the same backlog of an export that also holds open tickets is a figure, judged as usual', async () => {
    const doc = await evaluateCheck(withOpen, parseCheckConfig(RULES, 'rules.yaml'), FEB);
    // 4 ≤ 10 pass, 4 > 3 fail, 4 ≥ 2 pass, 4 < 10 fail, 1 ≤ 4 ≤ 10 pass; median age 8.625 ≤ 30 pass; 4 ≤ 10 pass, 4 > 3 fail
    expect(status(doc.results)).toEqual({
      'max-10': 'pass', 'max-3': 'fail', 'min-2': 'pass', 'min-10': 'fail', band: 'pass', age: 'pass', 'budget-10': 'pass', 'budget-3': 'fail',
    });
    expect(doc.results.find((x) => x.rule === 'age')!.value).toBe(8.625);
  });

  it('the pack states no change between two lower bounds, and no status against a "≤" target it may miss', async () => {
    // a backlog target of at most 10: the true backlog (≥ 4) may be over it, so no status is shown
    const cdir = tempDir('itsm-lens-lower-bound-config-');
    const config = loadProjectConfig(writeFixture(cdir, 'itsm-lens.config.yaml', 'targets:\n  backlog: { target: 10 }\n'));
    // the shipped tiles and its backlog chart: what this test reads (the findings, clusters and quality sections
    // of the whole pack state no comparison and were most of its ~900 statements, twice)
    const def = loadDefinition(smallReportDefinition(cdir, ['backlog']));
    const data = await collectReport(closedOnly, def, await resolveReportPeriods(closedOnly, '2025-02', def.trendMonths, 'previous', config.coverage.minShare, config.coverage.fromConfig), config);
    const tile = data.tiles.find((t) => t.def.kpi === 'backlog')!;
    // February 4 against January 3 would read "up 33 %"
    expect(tile.value).toBe(4);
    expect(tile.rag).toBeNull();
    expect(tile.ragReason).toBe('no status: 4 is a lower bound (the export holds closed tickets only), which cannot show the target met');
    expect(tile.changes.find((c) => c.against === 'previous')).toMatchObject({
      month: '2025-01', text: null,
      reason: 'no month-on-month comparison: both figures are lower bounds (the export holds closed tickets only, and misses more of the open tickets the later the month)',
    });
    const charts = reportComparisons(data).filter((c) => c.where.startsWith('chart backlog') && c.month === '2025-01');
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) expect(c).toMatchObject({ text: null, reason: expect.stringMatching(/^no month-on-month comparison: both figures are lower bounds/) });
    // the control: with an open ticket the change is stated
    const open = await collectReport(withOpen, def, await resolveReportPeriods(withOpen, '2025-02', def.trendMonths, 'previous', config.coverage.minShare, config.coverage.fromConfig), config);
    const openTile = open.tiles.find((t) => t.def.kpi === 'backlog')!;
    expect(openTile.changes.find((c) => c.against === 'previous')).toMatchObject({ text: 'up 33 %' });
    // 4 ≤ 10: on target
    expect(openTile).toMatchObject({ rag: 'green', ragReason: null });
  });
});
