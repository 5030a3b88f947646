/**
 * The rubric's fulfilment criteria read kpi's one definition of request fulfilment time (the macros
 * fulfilment_days and duration_stats of src/metrics/macros.sql, as queries/request_fulfilment_time.sql): opened →
 * closed, else resolved; cancelled requests and reversed ranges left out; zero-day requests counted. On hand-made
 * service requests, the values are derived by hand below and equal kpi's p90 over its median.
 */
import { describe, expect, it } from 'vitest';
import { assess, type MaturityDoc } from '../../src/maturity/assess.js';
import { computeMetric } from '../../src/metrics/kpi.js';
import { Store } from '../../src/store/db.js';
import { fixtureDb } from '../shared-databases.js';

const DAY = 86_400_000;
const at = (iso: string, days = 0) => new Date(Date.parse(iso) + days * DAY).toISOString();
type Req = { opened: string; closed?: number; resolved?: number; status?: string };
// fulfilled in Q1 2025: 0, 1, …, 10 days (the zero-day request counts)
const q1: Req[] = Array.from({ length: 11 }, (_, d) => ({ opened: '2025-01-05T08:00:00Z', closed: d }));
// fulfilled in Q2 2025: eight closed after 1 day; one resolved after 1 day and never closed (resolved is its end);
// one resolved after 1 day but closed after 20 (closed is its end: the old rubric query read resolved first, 1 day);
// one cancelled (left out) and one closed 5 days before it was opened (reversed: left out)
const q2: Req[] = [
  ...Array.from({ length: 8 }, () => ({ opened: '2025-04-02T08:00:00Z', closed: 1 })),
  { opened: '2025-04-02T08:00:00Z', resolved: 1 },
  { opened: '2025-04-02T08:00:00Z', resolved: 1, closed: 20 },
  { opened: '2025-04-01T08:00:00Z', closed: 80, status: 'cancelled' },
  { opened: '2025-04-10T08:00:00Z', closed: -5 },
];
// fulfilled in Q3 2025: one request, under a quarter of the busiest quarter's 11 (2.75): outside the coverage
const q3: Req[] = [{ opened: '2025-07-01T08:00:00Z', closed: 2 }];

async function withRequests(): Promise<{ store: Store; doc: MaturityDoc }> {
  const { db } = await fixtureDb('servicenow');
  const store = await Store.open(db);
  await store.run(`DELETE FROM ticket WHERE kind = 'service_request'`);
  const rows = [...q1, ...q2, ...q3].map((r, i) => {
    const ts = (d: number | undefined) => (d === undefined ? 'NULL' : `TIMESTAMPTZ '${at(r.opened, d)}'`);
    return `('REQ${i}', 'service_request', TIMESTAMPTZ '${r.opened}', ${ts(r.resolved)}, ${ts(r.closed)}, '${r.status ?? 'closed'}')`;
  });
  await store.run(`INSERT INTO ticket (ticket_key, kind, opened_at, resolved_at, closed_at, status) VALUES ${rows.join(', ')}`);
  return { store, doc: await assess(store, { benchmarks: false }) };
}

const criterion = (doc: MaturityDoc, id: string) => doc.practices.flatMap((p) => p.criteria).find((c) => c.id === id)!;

describe('fulfilment-time criteria read kpi request_fulfilment_time', () => {
  it('spread_4 is p90 / median over every fulfilled request; predictable is the same per fulfilled quarter', async () => {
    const { store, doc } = await withRequests();
    try {
      // all 22 kept, sorted: 0, 1 ×10 (Q1's one, Q2's nine), 2 ×2 (Q1, Q3), 3 … 10 (Q1), 20 (Q2)
      // median: position 21 × 0.5 = 10.5, between 1 (10th) and 2 (11th) = 1.5
      // p90: position 21 × 0.9 = 18.9, between 8 (18th) and 9 (19th) = 8.9; 8.9 / 1.5 = 5.9333
      const spread = criterion(doc, 'service_request.spread_4');
      // 22 requests are under the rubric's 30: the value is shown, the criterion not judged
      expect(spread).toMatchObject({ n: 22, status: 'not_assessable', reason: 'only 22 records to judge (at least 30 needed)' });
      expect(spread.value).toBeCloseTo(8.9 / 1.5, 3);
      const all = await computeMetric(store, 'request_fulfilment_time', { from: null, to: null });
      expect({ n: Number(all.n), median: Number(all.median), p90: Number(all.p90), excluded_negative: Number(all.excluded_negative) })
        .toEqual({ n: 22, median: 1.5, p90: expect.closeTo(8.9, 9), excluded_negative: 1 });
      expect(spread.value).toBeCloseTo(Number(all.p90) / Number(all.median), 3);

      // per fulfilled quarter:
      // Q1 0 … 10 (11): median position 5 = 5, p90 position 9 = 9: 9 / 5 = 1.8
      // Q2 1 ×9, 20 (10): median position 4.5 = 1, p90 position 8.1 = 1 + 0.1 × (20 − 1) = 2.9: 2.9 / 1 = 2.9
      // Q3 one request: under 0.25 × 11 = 2.75 requests, no value
      const predictable = criterion(doc, 'service_request.predictable');
      expect(predictable.stability!.periods.map((p) => ({ period: p.period, n: p.n, value: p.value }))).toEqual([
        { period: '2025-Q1', n: 11, value: 1.8 },
        { period: '2025-Q2', n: 10, value: expect.closeTo(2.9, 9) },
        { period: '2025-Q3', n: 1, value: null },
      ]);
      for (const [p, from, to] of [['2025-Q1', '2025-01-01', '2025-04-01'], ['2025-Q2', '2025-04-01', '2025-07-01']] as const) {
        const k = await computeMetric(store, 'request_fulfilment_time', { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` });
        const v = predictable.stability!.periods.find((x) => x.period === p)!.value!;
        expect(v, p).toBeCloseTo(Number(k.p90) / Number(k.median), 3);
      }
    } finally {
      store.close();
    }
  });
});
