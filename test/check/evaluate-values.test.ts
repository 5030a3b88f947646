/**
 * check's verdicts and figures on a hand-made ServiceNow incident export, every expected value derived by
 * hand below (in process: evaluateCheck on a real DuckDB file, no CLI).
 *
 * 40 incidents opened in each of Jan–Apr 2025, ticket i (0..39) opened on day 1 + (i mod 20) at 09:00 UTC,
 * group A for even i, B for odd i; Jan and Apr are lead-in and tail (March is a complete month).
 *   SLA flag (made_sla): Feb misses i = 0..3 → 36/40 = 0.9 (A 18/20, B 18/20);
 *                        Mar misses the even i < 24 (12 tickets, all A) → 28/40 = 0.7 (A 8/20 = 0.4, B 20/20 = 1).
 *   Resolution time: Feb 1 + (i mod 10) h → 1..10 h four times each, median 5.5 h;
 *                    Mar 3 + (i mod 10) h → 3..12 h, median 7.5 h.
 *   Priority 2 for i = 5, 9, 13, …, 37 (i mod 4 = 1, i ≥ 5: 9 tickets a month, odd, none missed), else 3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig } from '../../src/check/config.js';
import { evaluateCheck, exitCodeOf, fmtP, type CheckResult } from '../../src/check/evaluate.js';
import { runCheck } from '../../src/check/run.js';
import { packageVersion } from '../../src/check/version.js';
import { loadProjectConfig } from '../../src/config/project.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { resolvePeriod } from '../../src/period/period.js';
import type { Store } from '../../src/store/db.js';
import { UserError } from '../../src/errors.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, ROOT, tempDir, writeFixture } from '../helpers.js';

const pad = (n: number) => String(n).padStart(2, '0');

function exportCsv(): string {
  const lines = ['number,incident_state,priority,assignment_group,opened_at,resolved_at,made_sla'];
  let no = 1000;
  for (const month of [1, 2, 3, 4]) {
    for (let i = 0; i < 40; i++) {
      const day = 1 + (i % 20);
      const hours = month === 3 ? 3 + (i % 10) : 1 + (i % 10);
      const missed = month === 2 ? i < 4 : month === 3 ? i % 2 === 0 && i < 24 : false;
      const opened = `2025-${pad(month)}-${pad(day)} 09:00:00`;
      const resolved = `2025-${pad(month)}-${pad(day)} ${pad(9 + hours)}:00:00`;
      const priority = i % 4 === 1 && i >= 5 ? '2 - High' : '3 - Moderate';
      lines.push(`INC${no++},Resolved,${priority},${i % 2 === 0 ? 'A' : 'B'},${opened},${resolved},${missed ? 'false' : 'true'}`);
    }
  }
  return lines.join('\n');
}

const MARCH = resolvePeriod({ month: '2025-03' });

describe('check rules evaluated on hand-derived figures', () => {
  let store: Store;
  beforeAll(async () => {
    const dir = tempDir('itsm-lens-check-values-');
    store = await openStore(dir);
    await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', exportCsv())] });
  });
  afterAll(() => store.close());

  const run = async (rules: string, period = MARCH) => evaluateCheck(store, parseCheckConfig(`rules:\n${rules}`, 'rules.yaml'), period);
  const one = (results: CheckResult[], rule: string, member?: string) =>
    results.find((r) => r.rule === rule && (member === undefined || r.breakdown.group === member))!;

  it('threshold on a rate: 28/40 = 0.7 under min 0.8 fails, with the Wilson interval of 28 of 40', async () => {
    const doc = await run(`  - id: sla-min
    metric: sla_attainment
    min: 0.8
  - id: sla-max
    metric: sla_attainment
    max: 0.75
    severity: warn
  - id: sla-band
    metric: sla_attainment
    min: 0.6
    max: 0.9
`);
    const r = one(doc.results, 'sla-min');
    // Wilson 95 %, z = 1.96: centre (0.7 + z²/80) / (1 + z²/40) = 0.68234, half-width 0.13678 → 0.5457 … 0.8193
    expect(r).toMatchObject({ status: 'fail', kind: 'threshold', value: 0.7, n: 40, limit: { min: 0.8 }, interval: { low: 0.5457, high: 0.8193 } });
    expect(r.message).toBe('sla_attainment 70.00 % (n 40, 95 % CI 54.57 %–81.93 %); required ≥ 80.00 %');
    expect(r.limit).toEqual({ min: 0.8 });
    expect(doc.schema).toBe('itsm-lens/check@1');
    // 0.7 ≤ 0.75: passes; 0.6 ≤ 0.7 ≤ 0.9: passes
    expect(one(doc.results, 'sla-max')).toMatchObject({ status: 'pass', limit: { max: 0.75 }, severity: 'warn' });
    expect(one(doc.results, 'sla-max').message).toMatch(/required ≤ 75\.00 %$/);
    expect(one(doc.results, 'sla-band')).toMatchObject({ status: 'pass', limit: { min: 0.6, max: 0.9 } });
    expect(one(doc.results, 'sla-max').limit).toEqual({ max: 0.75 });
    expect(one(doc.results, 'sla-band').message).toMatch(/required within \[60\.00 %, 90\.00 %\]$/);
    // one error-severity failure: exit 1
    expect(doc.summary).toEqual({ rules: 3, results: 3, passed: 2, failed: 1, warnings: 0, skipped: 0, unevaluated: 0, exit_code: 1 });
    expect(doc.period).toEqual({ from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z', label: '2025-03' });
  });

  it('a value exactly at the bound passes (min 0.7 and max 0.7 on 0.7)', async () => {
    const doc = await run(`  - id: at-min
    metric: sla_attainment
    min: 0.7
  - id: at-max
    metric: sla_attainment
    max: 0.7
`);
    expect(doc.results.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(doc.summary.exit_code).toBe(0);
  });

  it('threshold by group: A 8/20 = 0.4 fails min 0.8, B 20/20 = 1 passes; a failed warn counts as a warning', async () => {
    const doc = await run(`  - id: by-group
    metric: sla_attainment
    by: group
    min: 0.8
    severity: warn
`);
    expect(one(doc.results, 'by-group', 'A')).toMatchObject({ status: 'fail', value: 0.4, n: 20, breakdown: { group: 'A' } });
    expect(one(doc.results, 'by-group', 'B')).toMatchObject({ status: 'pass', value: 1, n: 20 });
    // Wilson of 8/20: 0.2188 … 0.6134
    expect(one(doc.results, 'by-group', 'A').interval).toMatchObject({ low: 0.2188, high: 0.6134 });
    expect(doc.summary).toMatchObject({ passed: 1, failed: 0, warnings: 1, exit_code: 0 });
  });

  it('where picks one group: B only', async () => {
    const doc = await run(`  - id: only-b
    metric: sla_attainment
    where: {group: B}
    min: 0.95
`);
    expect(doc.results).toHaveLength(1);
    expect(doc.results[0]).toMatchObject({ status: 'pass', value: 1, n: 20, breakdown: { group: 'B' } });
  });

  it('threshold on a time takes its median: 7.5 h in March against max 7 h', async () => {
    const doc = await run(`  - id: mttr-max
    metric: mttr
    max: 7
`);
    const r = one(doc.results, 'mttr-max');
    expect(r).toMatchObject({ status: 'fail', statistic: 'median', unit: 'hours', value: 7.5, n: 40, interval: null });
    expect(r.message).toBe('mttr median 7.50 h (n 40); required ≤ 7 h');
  });

  it('budget on a rate counts the misses: 40 − 28 = 12 breaches; by group A 12, B 0', async () => {
    const doc = await run(`  - id: budget
    metric: sla_attainment
    max_breaches: 11
  - id: budget-ok
    metric: sla_attainment
    max_breaches: 12
  - id: budget-by
    metric: sla_attainment
    by: group
    max_breaches: 1
`);
    expect(one(doc.results, 'budget')).toMatchObject({ status: 'fail', breaches: 12, limit: { max_breaches: 11 } });
    expect(one(doc.results, 'budget').message).toBe('12 breaches of 40 (sla_attainment); allowed 11');
    expect(one(doc.results, 'budget-ok')).toMatchObject({ status: 'pass', breaches: 12 });
    expect(one(doc.results, 'budget-by', 'A')).toMatchObject({ status: 'fail', breaches: 12 });
    expect(one(doc.results, 'budget-by', 'B')).toMatchObject({ status: 'pass', breaches: 0 });
    expect(one(doc.results, 'budget-by', 'B').message).toBe('0 breaches of 20 (sla_attainment); allowed 1');
  });

  it('a budget on a time is refused with what it counts', async () => {
    await expect(run(`  - id: b
    metric: mttr
    max_breaches: 3
`)).rejects.toThrow(/max_breaches counts failed records of a rate or a count; mttr is in hours/);
  });

  it('regression of a rate: 0.9 → 0.7 is a drop of 0.2; pooled z = −0.2 / √(0.8·0.2·(1/40 + 1/40)) = −2.2361, p = Φ(−2.2361) = 0.01267', async () => {
    const doc = await run(`  - id: drop
    metric: sla_attainment
    compare: previous
    max_drop: 0.05
    alpha: 0.05
    min_samples: 30
  - id: strict
    metric: sla_attainment
    compare: previous
    max_drop: 0.05
    alpha: 0.01
  - id: big-effect
    metric: sla_attainment
    compare: previous
    max_drop: 0.25
    alpha: 0.05
  - id: relative
    metric: sla_attainment
    compare: previous
    max_drop: 20%
    alpha: 0.05
`);
    const r = one(doc.results, 'drop');
    expect(r).toMatchObject({
      status: 'fail', kind: 'regression', value: 0.7, n: 40,
      baseline: { source: 'previous period', period: '2025-02', value: 0.9, n: 40 },
      effect: { direction: 'drop', value: 0.2, min_effect: 0.05 },
      test: { alpha: 0.05, correction: null, family_size: 1, p_adjusted: r.test!.p_value },
    });
    expect(r.test!.statistic).toBeCloseTo(-2.2361, 4);
    // a rate is tested with z, not ranks: no probability of superiority
    expect(r.test).not.toHaveProperty('probability_of_superiority');
    expect(r.test!.p_value).toBeCloseTo(0.012674, 5);
    expect(r.message).toBe('sla_attainment 70.00 % (n 40) vs 90.00 % (n 40) in 2025-02: drop 20.00 pp, minimum effect 5.00 pp; two-proportion z-test p 0.0127 (α 0.05): regression');
    // 0.0127 ≥ 0.01: not significant; a drop of 0.2 under 0.25: below the minimum effect
    expect(one(doc.results, 'strict')).toMatchObject({ status: 'pass' });
    expect(one(doc.results, 'strict').message).toMatch(/: not significant$/);
    expect(one(doc.results, 'big-effect')).toMatchObject({ status: 'pass' });
    expect(one(doc.results, 'big-effect').message).toMatch(/: below the minimum effect$/);
    // 20 % of the baseline 0.9 = 0.18 < 0.2: a regression
    expect(one(doc.results, 'relative')).toMatchObject({ status: 'fail', effect: { min_effect: 0.18 } });
  });

  it('regression by group, Holm over 2: A z = −3.3150 (p 0.000458, adjusted ×2 = 0.000917) fails; B rose 0.9 → 1 (better) and passes', async () => {
    const doc = await run(`  - id: by
    metric: sla_attainment
    by: group
    compare: previous
    max_drop: 0.05
    min_samples: 20
`);
    const a = one(doc.results, 'by', 'A');
    const b = one(doc.results, 'by', 'B');
    // A: pooled (8 + 18) / 40 = 0.65, z = (0.4 − 0.9) / √(0.65·0.35·(1/20 + 1/20)) = −3.31497
    expect(a.test!.statistic).toBeCloseTo(-3.315, 3);
    expect(a.test!.p_value).toBeCloseTo(0.00045826, 7);
    expect(a.test!.p_adjusted).toBeCloseTo(0.00091653, 7);
    expect(a).toMatchObject({ status: 'fail', effect: { value: 0.5 }, test: { family_size: 2 } });
    expect(a.test!.correction).toMatch(/^Holm/);
    // B: pooled 38/40 = 0.95, z = 0.1 / √(0.95·0.05·0.1) = 1.45095, p = Φ(1.45095) = 0.92660; Holm: max(0.000916, 0.92660)
    expect(b.test!.p_value).toBeCloseTo(0.9266, 4);
    expect(b.test!.p_adjusted).toBeCloseTo(0.9266, 4);
    expect(b).toMatchObject({ status: 'pass', effect: { value: -0.1 } });
    expect(b.message).toContain('rise 10.00 pp (better)');
    expect(b.message).toContain('Holm-adjusted 0.9266 over 2');
    expect(a.message).toContain('p 0.0005, Holm-adjusted 0.0009 over 2');
  });

  it('min_samples: 20 records per group under min_samples 30 are not tested', async () => {
    const doc = await run(`  - id: few
    metric: sla_attainment
    by: group
    compare: previous
    max_drop: 0.05
`);
    expect(doc.results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(doc.results[0]!.message).toBe('not tested: 20 records now and 20 in the baseline, fewer than min_samples 30');
    expect(doc.summary).toMatchObject({ skipped: 2, exit_code: 0 });
  });

  it('regression of a time: median 5.5 → 7.5 h; Mann–Whitney by counting pairs U = 1088 of 1600, z = 2.7829, p = 0.002694', async () => {
    // U: for each March value, pairs with February values above it count 0, equal ½, below 1; σ² = n1·n2/12 ·
    // (N + 1 − Σ(t³ − t)/(N(N − 1))) with ties of the 12 distinct values over both months
    const doc = await run(`  - id: slower
    metric: mttr
    compare: previous
    max_increase: 1
`);
    const r = one(doc.results, 'slower');
    expect(r).toMatchObject({
      status: 'fail', statistic: 'median', value: 7.5,
      baseline: { value: 5.5, n: 40 }, effect: { direction: 'increase', value: 2, min_effect: 1 },
      test: { probability_of_superiority: 0.68 },
    });
    expect(r.test!.statistic).toBeCloseTo(2.7829, 4);
    expect(r.test!.p_value).toBeCloseTo(0.0026936, 6);
    expect(r.message).toMatch(/^mttr median 7\.50 h \(n 40\) vs 5\.50 h \(n 40\) in 2025-02: increase 2 h, minimum effect 1 h; Mann–Whitney rank-sum test p 0\.0027 \(α 0\.01\): regression$/);
  });

  it('a regression of a time other than the median, or of a KPI without per-record values, is refused', async () => {
    await expect(run(`  - id: x
    metric: mttr
    statistic: p90
    compare: previous
    max_increase: 1
`)).rejects.toThrow(/compares medians \(rank test\); drop 'statistic: p90'/);
    await expect(run(`  - id: x
    metric: mttr
    compare: ./kpi.json
    max_increase: 1
`)).rejects.toThrow(UserError);
  });

  it('an unknown metric names the known ones', async () => {
    await expect(run(`  - id: x
    metric: nonsense
    min: 1
`)).rejects.toThrow(/rule 'x': unknown metric 'nonsense'; use a KPI id of kpi --json: .*sla_attainment/);
  });

  it('baseline outside the data: January against December 2024 is unevaluated, never passed', async () => {
    const doc = await run(`  - id: drop
    metric: sla_attainment
    compare: previous
    max_drop: 0.05
`, resolvePeriod({ month: '2025-01' }));
    expect(doc.results[0]).toMatchObject({ status: 'unevaluated' });
    expect(doc.results[0]!.message).toMatch(/^no comparison: Dec 2024 is outside the data/);
    expect(doc.summary.exit_code).toBe(2);
  });

  it('a period without incidents, or with fewer than min_tickets, leaves every rule unevaluated (exit 2)', async () => {
    const empty = await run(`  - id: t
    metric: sla_attainment
    min: 0.5
    max_breaches: 3
`, resolvePeriod({ month: '2025-07' }));
    expect(empty.unevaluable).toMatch(/^unevaluable: no incidents were opened in 2025-07/);
    // one result per kind of the rule
    expect(empty.results.map((r) => [r.kind, r.status])).toEqual([['threshold', 'unevaluated'], ['budget', 'unevaluated']]);
    expect(empty.summary).toMatchObject({ results: 2, unevaluated: 2, exit_code: 2 });
    const thin = await evaluateCheck(store, parseCheckConfig('min_tickets: 41\nrules:\n  - id: t\n    metric: sla_attainment\n    min: 0.5\n', 'r.yaml'), MARCH);
    expect(thin.unevaluable).toBe('unevaluable: 2025-03 holds 40 incidents, fewer than min_tickets 41 of the rules file');
    const enough = await evaluateCheck(store, parseCheckConfig('min_tickets: 40\nrules:\n  - id: t\n    metric: sla_attainment\n    min: 0.5\n', 'r.yaml'), MARCH);
    expect(enough.unevaluable).toBeUndefined();
  });
  it('members without figures: skipped when a group has no records, unevaluated when the KPI cannot be computed', async () => {
    const doc = await run(`  - id: p1
    metric: sla_attainment
    where: {priority: 1}
    min: 0.9
  - id: reopen
    metric: reopen_rate
    max: 0.1
  - id: reopen-by
    metric: reopen_rate
    by: group
    max: 0.1
  - id: avail-by
    metric: availability
    by: group
    min: 0.99
  - id: knowledge
    metric: knowledge_use_rate
    min: 0.5
`);
    // no priority-1 incident in March: nothing to check
    expect(one(doc.results, 'p1')).toMatchObject({ status: 'skipped', message: 'no records of this member in the period', n: 0, value: null });
    // the export has no reopen column: the whole period cannot be computed, with the query's reason
    expect(one(doc.results, 'reopen')).toMatchObject({ status: 'unevaluated', n: 0 });
    expect(one(doc.results, 'reopen').message).toBe('cannot be computed: no resolved incident in the period carries reopen information');
    expect(one(doc.results, 'reopen-by')).toMatchObject({ status: 'unevaluated', message: 'no member of group has reopen_rate in the period' });
    // availability is not broken down by group (ticket records have no group there)
    expect(one(doc.results, 'avail-by')).toMatchObject({ status: 'unevaluated' });
    expect(one(doc.results, 'avail-by').message).toMatch(/^no breakdown by group: /);
    // 40 resolved incidents, none with a knowledge reference: value null with n 40
    expect(one(doc.results, 'knowledge')).toMatchObject({ status: 'unevaluated', n: 40, value: null });
    expect(one(doc.results, 'knowledge').message).toMatch(/^cannot be computed: the resolved incidents carry no knowledge reference/);
    // unevaluated error rules: exit 2 (no failure)
    expect(doc.summary).toMatchObject({ failed: 0, skipped: 1, unevaluated: 4, exit_code: 2 });
  });

  it('budgets on counts: volume 40 is 40 breaches; backlog 0 of 0 records; major incidents 0 of 40', async () => {
    const doc = await run(`  - id: volume
    metric: volume
    max_breaches: 39
  - id: backlog
    metric: backlog
    max_breaches: 2
  - id: major
    metric: major_incidents
    max_breaches: 0
`);
    expect(one(doc.results, 'volume')).toMatchObject({ status: 'fail', breaches: 40, interval: null });
    expect(one(doc.results, 'backlog')).toMatchObject({ status: 'pass', breaches: 0, message: '0 breaches (no records); allowed 2' });
    expect(one(doc.results, 'major')).toMatchObject({ status: 'pass', breaches: 0, message: '0 breaches of 40 (major_incidents); allowed 0' });
  });

  it('a statistic the KPI does not have is refused, listing those it has', async () => {
    await expect(run(`  - id: x
    metric: sla_attainment
    statistic: median
    min: 1
`)).rejects.toThrow(/rule 'x': sla_attainment has no statistic 'median' \(it has value, n, met\)/);
  });

  it('no variation: priority 2 met 9 of 9 in both months passes without a test', async () => {
    const doc = await run(`  - id: p2
    metric: sla_attainment
    where: {priority: 2}
    compare: previous
    max_drop: 0.05
    min_samples: 5
`);
    expect(doc.results[0]).toMatchObject({ status: 'pass', value: 1, n: 9, baseline: { value: 1, n: 9 }, effect: { value: 0 }, test: { p_value: null, statistic: null } });
    expect(doc.results[0]!.message).toBe('no variation to test (sla_attainment 100.00 % (n 9) vs 100.00 % (n 9) in 2025-02: drop 0.00 pp, minimum effect 5.00 pp)');
  });

  it('compare: year takes March 2024, outside the data: unevaluated', async () => {
    const doc = await run(`  - id: y
    metric: sla_attainment
    compare: year
    max_drop: 0.05
`);
    expect(doc.results[0]).toMatchObject({ status: 'unevaluated', baseline: { source: 'same period a year earlier', period: '2024-03' } });
    expect(doc.results[0]!.message).toMatch(/^no comparison: Mar 2024 is outside the data/);
  });

  it('a period that is not a month: the baseline is the same length before it; one reaching before the data is unevaluated', async () => {
    // 1–11 Mar: i mod 20 ≤ 9 → 20 incidents, 7 missed (i = 0, 2, 4, 6, 8, 20, 22) → 13/20 = 0.65;
    // baseline 19 Feb – 1 Mar: days 19 and 20 → i = 18, 19, 38, 39, all met → 4/4
    const part = await run(`  - id: part
    metric: sla_attainment
    compare: previous
    max_drop: 0.05
`, resolvePeriod({ from: '2025-03-01', to: '2025-03-11' }));
    expect(part.results[0]).toMatchObject({ status: 'skipped', value: 0.65, n: 20, baseline: { value: 1, n: 4 } });
    expect(part.results[0]!.baseline!.period).toMatch(/^2025-02-19T00:00:00(\.000)?Z … 2025-03-01T00:00:00(\.000)?Z$/);
    expect(part.results[0]!.message).toBe('not tested: 20 records now and 4 in the baseline, fewer than min_samples 30');
    // 5–20 Jan against 21 Dec – 5 Jan: the data starts 1 Jan (a day's slack: 31 Dec)
    const early = await run(`  - id: early
    metric: sla_attainment
    compare: previous
    max_drop: 0.05
`, resolvePeriod({ from: '2025-01-05', to: '2025-01-20' }));
    expect(early.results[0]).toMatchObject({ status: 'unevaluated' });
    expect(early.results[0]!.message).toMatch(/^no comparison: the baseline 2024-12-21.* reaches outside the data \(incidents opened 2025-01-01.*2025-04-20/);
  });

  it('a stored kpi document as the baseline: 95/100 → 28/40; pooled (28 + 95)/140 = 0.87857, z = −0.25 / √(0.87857·0.12143·(1/40 + 1/100)) = −4.0913', async () => {
    const dir = tempDir('itsm-lens-check-stored-');
    const stored = writeFixture(dir, 'feb.json', JSON.stringify({
      schema: 'itsm-lens/kpi@1', period: { from: '2024-02-01T00:00:00Z', to: '2024-03-01T00:00:00Z' }, counts: {},
      kpis: { sla_attainment: { value: 0.95, n: 100, unit: 'ratio' } }, breakdowns: {},
    }));
    const doc = await run(`  - id: stored
    metric: sla_attainment
    compare: ${stored}
    max_drop: 0.1
  - id: stored-by
    metric: sla_attainment
    by: group
    compare: ${stored}
    max_drop: 0.1
`);
    const r = one(doc.results, 'stored');
    expect(r).toMatchObject({ status: 'fail', baseline: { source: stored, period: '2024-02', value: 0.95, n: 100 }, effect: { value: 0.25 } });
    expect(r.test!.statistic).toBeCloseTo(-4.0913, 4);
    expect(r.test!.p_value).toBeCloseTo(2.1452e-5, 8);
    expect(r.message).toContain('p 2.1e-5 (α 0.01): regression');
    // the stored document has no breakdown by group: each member says how to store one
    expect(one(doc.results, 'stored-by', 'A')).toMatchObject({ status: 'unevaluated', message: `${stored} has no breakdown by group; store it with kpi --json --by group` });
    writeFixture(dir, 'null.json', 'null');
    await expect(run(`  - id: nul
    metric: sla_attainment
    compare: ${dir}/null.json
    max_drop: 0.1
`)).rejects.toThrow(`rule 'nul': compare: ${dir}/null.json is not an itsm-lens/kpi@1 document`);
    writeFixture(dir, 'bad.json', '{"schema": "something else"}');
    await expect(run(`  - id: bad
    metric: sla_attainment
    compare: ${dir}/bad.json
    max_drop: 0.1
`)).rejects.toThrow(`rule 'bad': compare: ${dir}/bad.json is not an itsm-lens/kpi@1 document (write it with kpi --json)`);
    await expect(run(`  - id: gone
    metric: sla_attainment
    compare: ${dir}/missing.json
    max_drop: 0.1
`)).rejects.toThrow(/^rule 'gone': compare: .*missing\.json: cannot read a kpi --json document/);
  });
  it('runCheck picks the period: the latest complete month by default (April ends on the 20th), the month given, or --from/--to', async () => {
    const cfg = parseCheckConfig('rules:\n  - id: t\n    metric: sla_attainment\n    min: 0.8\n', 'r.yaml');
    // a project config with nothing set (not the one the working directory may hold)
    const DEFAULT_PROJECT_CONFIG = loadProjectConfig(writeFixture(tempDir('itsm-lens-check-project-'), 'itsm-lens.config.yaml', '{}\n'));
    const logs: string[] = [];
    const auto = await runCheck(store, cfg, { project: DEFAULT_PROJECT_CONFIG, log: (l) => logs.push(l) });
    expect(auto.emptyMonth).toBeNull();
    expect(auto.doc.period.label).toBe('2025-03');
    expect(auto.doc.results[0]).toMatchObject({ status: 'fail', value: 0.7 });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^check: 2025-03: /);
    // February: 36/40 = 0.9 passes min 0.8
    const feb = await runCheck(store, cfg, { month: '2025-02', project: DEFAULT_PROJECT_CONFIG });
    expect(feb.doc.results[0]).toMatchObject({ status: 'pass', value: 0.9 });
    // April is partial (its last incident opened on the 20th): a warning note, and no log callback to take it
    const april = await runCheck(store, cfg, { month: '2025-04', project: DEFAULT_PROJECT_CONFIG });
    expect(april.doc.period.label).toBe('2025-04');
    const range = await runCheck(store, cfg, { from: '2025-03-01', to: '2025-03-11', project: DEFAULT_PROJECT_CONFIG });
    expect(range.doc.results[0]).toMatchObject({ value: 0.65, n: 20 });
    // a month without tickets: every rule unevaluated, and the reason for stderr
    const empty = await runCheck(store, cfg, { month: '2025-07', project: DEFAULT_PROJECT_CONFIG });
    expect(empty.emptyMonth).toMatch(/^--month 2025-07: no tickets were opened in it/);
    expect(empty.doc.summary.exit_code).toBe(2);
    await expect(runCheck(store, cfg, { month: '2025-13', project: DEFAULT_PROJECT_CONFIG })).rejects.toThrow(UserError);
  });
});

describe('package version (SARIF tool.driver.version)', () => {
  it("is package.json's", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(packageVersion()).toBe(pkg.version);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('exit code and p-value text', () => {
  const r = (status: CheckResult['status'], severity: CheckResult['severity']) => ({ status, severity }) as CheckResult;
  it('1 on an error failure, else 2 on an unevaluated error rule, else 0 (warnings never fail)', () => {
    expect(exitCodeOf([r('unevaluated', 'error'), r('fail', 'error')])).toBe(1);
    expect(exitCodeOf([r('pass', 'error'), r('unevaluated', 'error')])).toBe(2);
    expect(exitCodeOf([r('fail', 'warn'), r('unevaluated', 'warn'), r('skipped', 'error')])).toBe(0);
  });
  it('p under 1e-4 in exponent form, else four decimals', () => {
    expect(fmtP(null)).toBe('n/a');
    expect(fmtP(0.00009)).toBe('9.0e-5');
    expect(fmtP(0.0001)).toBe('0.0001');
    expect(fmtP(0.012674)).toBe('0.0127');
  });
});
