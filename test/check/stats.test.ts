/**
 * The tests check relies on, against textbook values and an independent computation: the Wilson interval,
 * the pooled two-proportion z-test, Holm's adjustment, and the SQL rank-sum test against counting pairs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wilson, twoProportionZ } from '../../src/stats/proportions.js';
import { holm } from '../../src/stats/multiple-testing.js';
import { normalSf } from '../../src/stats/distributions.js';
import { rankTest } from '../../src/check/rank-test.js';
import { SAMPLES } from '../../src/check/metrics.js';
import { parseCheckConfig } from '../../src/check/config.js';
import { baselinePeriod } from '../../src/period/period.js';
import { lit, type Store } from '../../src/store/db.js';
import { openStore, tempDir } from '../helpers.js';

describe('proportions', () => {
  it('Wilson score interval (7 of 20: 0.1812–0.5671, as R prop.test without correction)', () => {
    const w = wilson(7, 20)!;
    expect(w.low).toBeCloseTo(0.18119, 4);
    expect(w.high).toBeCloseTo(0.56714, 4);
    expect(wilson(0, 10)!.low).toBe(0);
    expect(wilson(10, 10)!.high).toBe(1);
    expect(wilson(0, 0)).toBeNull();
  });

  it('two-proportion z-test (45/100 vs 60/100: z −2.1240, one-sided p 0.01683)', () => {
    const t = twoProportionZ(45, 100, 60, 100, 'less')!;
    expect(t.z).toBeCloseTo(-2.12398, 4);
    expect(t.p).toBeCloseTo(0.016835, 5);
    expect(twoProportionZ(45, 100, 60, 100, 'greater')!.p).toBeCloseTo(1 - 0.016835, 5);
    expect(twoProportionZ(45, 100, 60, 100)!.p).toBeCloseTo(0.03367, 4);
    expect(twoProportionZ(10, 10, 5, 5, 'less')).toBeNull(); // no variance
  });

  it('Holm adjustment (p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02)', () => {
    const a = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(a[i]).toBeCloseTo(v, 12));
    expect(holm([0.6, 0.9])).toEqual([1, 1]);
  });
});

describe('rank-sum test in SQL against counting pairs', () => {
  let store: Store;
  // hours per incident, resolved in March (current) and February (baseline), with ties inside and across
  const cur = [3, 5, 5, 8, 9, 12, 12, 20, 2, 7, 7, 31];
  const bas = [1, 2, 2, 3, 4, 5, 6, 12, 0.5, 7, 9];
  beforeAll(async () => {
    store = await openStore(tempDir());
    const rows = [
      ...cur.map((h, i) => ['C', i, '2025-03-10', h, i % 2 ? 1 : 2] as const),
      ...bas.map((h, i) => ['B', i, '2025-02-10', h, i % 2 ? 1 : 2] as const),
    ];
    for (const [side, i, day, h, p] of rows) {
      await store.run(`INSERT INTO ticket (ticket_key, source_id, kind, priority, opened_at, resolved_at) VALUES
        (${lit(`t:${side}${i}`)}, ${lit(`${side}${i}`)}, 'incident', ${p}, TIMESTAMPTZ ${lit(`${day} 08:00:00+00`)} - to_seconds(${h * 3600}), TIMESTAMPTZ ${lit(`${day} 08:00:00+00`)})`);
    }
  });
  afterAll(() => store.close());

  function expected(x: number[], y: number[]): number {
    let u = 0;
    for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
    const all = [...x, ...y];
    const counts = new Map<number, number>();
    for (const v of all) counts.set(v, (counts.get(v) ?? 0) + 1);
    const tt = [...counts.values()].reduce((s, t) => s + t ** 3 - t, 0);
    const n1 = x.length, n2 = y.length, N = n1 + n2;
    const sd = Math.sqrt(((n1 * n2) / 12) * (N + 1 - tt / (N * (N - 1))));
    return (u - (n1 * n2) / 2) / sd;
  }

  it('gives the U statistic, tie-corrected z and p of the pair count', async () => {
    const [r] = await rankTest(store, SAMPLES.mttr!, { from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z' }, { from: '2025-02-01T00:00:00Z', to: '2025-03-01T00:00:00Z' }, {}, []);
    const z = expected(cur, bas);
    expect(r!.n1).toBe(cur.length);
    expect(r!.n2).toBe(bas.length);
    expect(r!.z!).toBeCloseTo(z, 10);
    expect(r!.p!).toBeCloseTo(normalSf(z), 12);
    expect(r!.median1).toBeCloseTo(7.5, 6);
    expect(r!.median2).toBeCloseTo(4, 6);
  });

  it('per breakdown member and with a where filter', async () => {
    const periods = [{ from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z' }, { from: '2025-02-01T00:00:00Z', to: '2025-03-01T00:00:00Z' }] as const;
    const by = await rankTest(store, SAMPLES.mttr!, periods[0], periods[1], {}, ['priority']);
    const only = await rankTest(store, SAMPLES.mttr!, periods[0], periods[1], { priority: 1 }, []);
    const pick = (xs: number[], p: number) => xs.filter((_, i) => (i % 2 ? 1 : 2) === p);
    for (const p of [1, 2]) {
      const r = by.find((x) => x.member.priority === p)!;
      expect(r.z!).toBeCloseTo(expected(pick(cur, p), pick(bas, p)), 10);
    }
    expect(only[0]!.z!).toBeCloseTo(expected(pick(cur, 1), pick(bas, 1)), 10);
  });
});

describe('check config', () => {
  const parse = (s: string) => parseCheckConfig(s, 'slo.yaml');
  it('reads the issue’s shape with defaults and the rule lines', () => {
    const c = parse(`rules:
  - id: p1-sla              # stable id, used in JUnit/SARIF
    metric: sla_attainment  # any KPI id of \`kpi --json\`
    where: {priority: 1}    # optional breakdown filter
    min: 0.95               # or max:
    severity: error
  - id: sla-regression
    metric: sla_attainment
    compare: previous       # previous | year | path to a stored \`kpi --json\`
    max_drop: 0.02          # absolute drop that counts, before the significance test
    severity: warn
`);
    expect(c.rules[0]).toMatchObject({ id: 'p1-sla', kinds: ['threshold'], where: { priority: 1 }, min: 0.95, severity: 'error', line: 2 });
    expect(c.rules[1]).toMatchObject({ id: 'sla-regression', kinds: ['regression'], compare: 'previous', minEffect: 0.02, alpha: 0.01, minSamples: 30, line: 7 });
  });

  it('rejects what it cannot honour, naming the rule', () => {
    expect(() => parse('rules: []')).toThrow(/non-empty list/);
    expect(() => parse('rules:\n  - id: a\n    metric: mttr\n')).toThrow(/\(a\): say what to check/);
    expect(() => parse('rules:\n  - id: a\n    metric: mttr\n    compare: previous\n')).toThrow(/minimum effect/);
    expect(() => parse('rules:\n  - id: a\n    metric: mttr\n    max: 5\n    where: {colour: red}\n')).toThrow(/where.colour: unknown dimension/);
    expect(() => parse('rules:\n  - id: a\n    metric: mttr\n    max: 5\n  - id: a\n    metric: mttr\n    max: 6\n')).toThrow(/used twice/);
    expect(() => parse('rules:\n  - id: a\n    metric: mttr\n    max: 5\n    treshold: 3\n')).toThrow(/unknown key treshold/);
    expect(() => parse('alpha: 0.01\ncalendars: {}\nrules:\n  - id: a\n    metric: mttr\n    max: 5\n')).toThrow(/cannot also set alpha/);
  });

  it('takes the previous calendar month, or the same period a year earlier', () => {
    expect(baselinePeriod({ from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z' }, 'previous')).toEqual({ from: '2025-02-01T00:00:00Z', to: '2025-03-01T00:00:00Z' });
    expect(baselinePeriod({ from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' }, 'previous')).toEqual({ from: '2024-12-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });
    expect(baselinePeriod({ from: '2025-03-10T00:00:00Z', to: '2025-03-17T00:00:00Z' }, 'previous')).toEqual({ from: '2025-03-03T00:00:00Z', to: '2025-03-10T00:00:00Z' });
    expect(baselinePeriod({ from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z' }, 'year')).toEqual({ from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' });
  });
});
