/**
 * Findings on generated data: the planted truths come out on top with the right dimension, member and
 * direction; data with nothing planted yields nothing; 500-ticket years work. One dataset per case, shared
 * by its tests. The full 20 + 20 seeds run with ITSM_LENS_BENCH=1 (findings-seeds.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFindings, type FindingsResult } from '../../src/findings/index.js';
import { cli } from '../helpers.js';
import { metricValue } from '../../src/findings/format.js';
import { monthName } from '../../src/coverage/index.js';
import { dataset, tested, truthRanks, type Dataset } from './generated.js';

describe('planted truths (5,000 tickets, seed 1)', () => {
  let d: Dataset;
  let res: FindingsResult;
  beforeAll(async () => {
    d = await dataset(5000, 1, false);
    res = await computeFindings(d.store, {});
  }, 120_000);
  afterAll(() => d?.store.close());

  it('reports the trending category, the SLA-drop month and the slow group in the top 5', () => {
    const r = truthRanks(res.findings, d.truth);
    expect(r.trend, JSON.stringify(res.findings.slice(0, 8).map((f) => f.id))).not.toBeNull();
    expect(r.trend!).toBeLessThanOrEqual(5);
    expect(r.sla_drop).not.toBeNull();
    expect(r.sla_drop!).toBeLessThanOrEqual(5);
    expect(r.slow_group).not.toBeNull();
    expect(r.slow_group!).toBeLessThanOrEqual(5);
  });

  it('gives every finding the contract fields, a q-value within q, an effect above its minimum and a sentence with numbers', () => {
    expect(res.schema).toBe('itsm-lens/findings@1');
    expect(res.q).toBe(0.05);
    expect(res.tested).toBeGreaterThan(100);
    res.findings.forEach((f, i) => {
      expect(f.rank).toBe(i + 1);
      for (const k of ['id', 'kind', 'metric', 'dimension', 'member', 'direction', 'effect', 'effect_kind', 'p_value', 'q_value', 'n', 'summary', 'test', 'query']) expect(f).toHaveProperty(k);
      expect(f.summary).toMatch(/\d/);
      if (f.p_value !== null) expect(f.q_value!).toBeLessThanOrEqual(0.05);
    });
    const ids = res.findings.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('trend and change-point findings carry their observed series; sentences give observed values or say fitted (issue 18.6)', async () => {
    const withSeries = res.findings.filter((f) => f.kind === 'trend' || f.kind === 'change_point');
    expect(withSeries.length).toBeGreaterThan(0);
    for (const f of withSeries) {
      const pts = f.series!.points;
      expect(pts.length, f.id).toBeGreaterThan(0);
      if (f.kind === 'trend') {
        expect(f.summary, f.id).toContain(`${metricValue(f.unit, pts[0]!.value)}${f.metric === 'volume' ? ' a week' : ''} observed in the first ${f.series!.unit}, ${metricValue(f.unit, pts.at(-1)!.value)} in the last; the fitted trend went from`);
      } else if (f.metric !== 'volume') {
        expect(pts.find((p) => p.at === f.at)!.value, f.id).toBeCloseTo(f.value!, 9);
      } else {
        expect(f.summary, f.id).toContain(`opened in ${monthName(f.at!)} was ${pts.find((p) => p.at === f.at)!.value} observed`);
      }
    }
    // independently, plain SQL: the trending category's weekly incident counts are the volume trend's series
    const cat = (d.truth.planted as { trending_category: { name: string } }).trending_category.name;
    const t = res.findings.find((f) => f.kind === 'trend' && f.metric === 'volume' && f.dimension === 'category' && f.member === cat)!;
    const weekly = new Map((await d.store.all<{ w: string; n: number }>(`SELECT strftime(date_trunc('week', make_timestamp(epoch_us(opened_at))), '%Y-%m-%d') AS w, count(*)::INT AS n
      FROM ticket WHERE kind = 'incident' AND trim(category) = '${cat}' GROUP BY 1`)).map((r) => [r.w, r.n]));
    expect(t.series!.points.map((p) => p.value)).toEqual(t.series!.points.map((p) => weekly.get(p.at) ?? 0));
    // and the SLA-drop month's observed attainment: judged incidents (not cancelled) opened in it
    const month = (d.truth.planted as { sla_drop: { month: string } }).sla_drop.month;
    const drop = res.findings.find((f) => f.kind === 'change_point' && f.metric === 'sla_attainment' && f.dimension === null && f.at === month)!;
    const [sla] = await d.store.all<{ v: number; n: number }>(`SELECT avg(sla_met::INT) AS v, count(sla_met)::INT AS n FROM ticket
      WHERE kind = 'incident' AND strftime(make_timestamp(epoch_us(opened_at)), '%Y-%m') = '${month}' AND coalesce(status, '') <> 'cancelled'`);
    expect(drop.series!.points.find((p) => p.at === month)).toEqual({ at: month, value: expect.closeTo(sla!.v, 9), n: sla!.n });
  });

  it('says it once when members of different dimensions are the same tickets (category Network = its group and service)', () => {
    const trend = res.findings.find((f) => f.kind === 'trend' && f.dimension === 'category' && f.member === 'Network')!;
    expect(trend.notes?.join(' ')).toMatch(/group Network Operations/);
    expect(res.findings.some((f) => f.kind === 'trend' && f.metric === 'volume' && f.dimension === 'group' && f.member === 'Network Operations')).toBe(false);
  });

  it('reproduces the SLA drop with its query, and --month reports it for that month', async () => {
    const month = (d.truth.planted as { sla_drop: { month: string } }).sla_drop.month;
    const drop = res.findings.find((f) => f.kind === 'change_point' && f.metric === 'sla_attainment' && f.dimension === null && f.at === month)!;
    const rows = await d.store.all<{ month: string; sla_attainment: number }>(drop.query);
    expect(rows.find((r) => r.month === month)!.sla_attainment).toBeCloseTo(drop.value!, 9);
    const m = await computeFindings(d.store, { month });
    expect(m.period).toEqual({ from: `${month}-01T00:00:00Z`, to: expect.stringMatching(/-01T00:00:00Z$/) });
    expect(m.findings.find((f) => f.kind === 'change_point' && f.metric === 'sla_attainment' && f.at === month && f.direction === 'down')).toBeTruthy();
  });

  it('--from/--to limits the period (trends need their eight weeks, the slow group stays an outlier)', async () => {
    const r = await computeFindings(d.store, { from: '2025-03-01', to: '2025-09-01' });
    expect(r.period).toEqual({ from: '2025-03-01T00:00:00Z', to: '2025-09-01T00:00:00Z' });
    expect(r.findings.some((f) => f.kind === 'outlier' && f.member === 'Field Services' && f.direction === 'up')).toBe(true);
    expect(r.findings.some((f) => f.at !== null && (f.at < '2025-03' || f.at >= '2025-09'))).toBe(false);
  }, 60_000);

  it('runs from the CLI: --json prints the document, text prints ranked sentences, a bad --q exits 2', () => {
    d.store.close();
    const j = cli(['findings', '--json', '--db', d.db]);
    expect(j.code, j.stderr).toBe(0);
    const doc = JSON.parse(j.stdout) as FindingsResult;
    expect(doc.schema).toBe('itsm-lens/findings@1');
    expect(doc.findings.map((f) => f.id)).toEqual(res.findings.map((f) => f.id));
    const t = cli(['findings', '--db', d.db]);
    expect(t.code, t.stderr).toBe(0);
    // a reader's page: the strongest five in plain words, no test name or q (issue 21.4); --all adds each one's statistics
    expect(t.stdout).toMatch(/^\s+1\. \S/m);
    expect(t.stdout.match(/^\s+\d+\. /gm)!.length).toBe(Math.min(5, doc.findings.length));
    expect(t.stdout).not.toMatch(/q = |q < |Mann–|van Elteren|chi-square|Fisher|1\/\d+ of the time/);
    const all = cli(['findings', '--all', '--db', d.db]);
    expect(all.stdout.match(/^\s+\d+\. /gm)!.length).toBe(doc.findings.length);
    expect(all.stdout).toMatch(/q (=|<) [\d.]+/);
    const bad = cli(['findings', '--q', '2', '--db', d.db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--q must be a number between 0 and 1/);
  }, 120_000);
});

describe('nothing planted (--null, 5,000 tickets, seed 1)', () => {
  let d: Dataset;
  let res: FindingsResult;
  beforeAll(async () => {
    d = await dataset(5000, 1, true);
    res = await computeFindings(d.store, {});
  }, 120_000);
  afterAll(() => d?.store.close());

  it('reports no tested finding out of hundreds of hypotheses', () => {
    expect(res.tested).toBeGreaterThan(100);
    expect(tested(res.findings).map((f) => f.summary)).toEqual([]);
  });
});

describe('small data: 500 tickets over a year', () => {
  it('nothing planted: no crash, no findings, over all data and for one month', async () => {
    const d = await dataset(500, 1, true);
    try {
      const res = await computeFindings(d.store, {});
      expect(res.tested).toBeGreaterThan(50);
      expect(tested(res.findings).map((f) => f.summary)).toEqual([]);
      const m = await computeFindings(d.store, { month: '2025-09' });
      expect(m.period.from).toBe('2025-09-01T00:00:00Z');
      expect(m.tested).toBeGreaterThan(10);
      expect(tested(m.findings)).toEqual([]);
    } finally {
      d.store.close();
    }
  }, 120_000);

  it('planted: what is reported at this size is a planted effect (the slow group, the monitoring cluster’s requester), never noise', async () => {
    const d = await dataset(500, 2, false);
    try {
      // people: named, to see which requester it is (the default names none: below)
      const res = await computeFindings(d.store, { projectConfig: { people: 'named' } });
      const found = tested(res.findings);
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) expect(f.summary).toMatch(/2025-09|Field Services|Network|Event Management/);
      // the default people policy (aggregate): the same findings, the requester not named anywhere in the document
      const agg = await computeFindings(d.store, {});
      expect(tested(agg.findings).map((f) => f.id)).toEqual(found.map((f) => f.id));
      const requester = found.find((f) => f.kind === 'concentration' && f.summary.includes('Requester Event Management'));
      expect(requester).toBeDefined();
      expect(agg.findings.find((f) => f.id === requester!.id)!.summary).toMatch(/^One requester accounts for /);
      expect(JSON.stringify(agg)).not.toContain('Event Management');
    } finally {
      d.store.close();
    }
  }, 120_000);
});
