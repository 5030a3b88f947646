/**
 * The coverage model (src/coverage/coverage.sql) on hand-made tickets, with the expected rows derived by
 * hand below, and the default and warned periods it gives `report` and `check`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparable, defaultMonth, loadCoverage, notComparableReason, type CoverageMonth } from '../../src/coverage/index.js';
import { Store } from '../../src/store/db.js';

let store: Store;
let rows: CoverageMonth[];

// Incidents opened (UTC): one stray in Jan 2024; then 10 Feb-15 … 30 Apr at 2 a day; then 5 in May up to
// 10 May. Requests: 3 in March.
//   Jan: 1 opened. Feb 15–29: 15 days × 2 = 30. Mar: 31 × 2 = 62. Apr: 30 × 2 = 60. May: 5.
//   span 2024-01-20 … 2024-05-10: Jan is cut at the start (first opened the 20th), May at the end (10th);
//   Feb, Mar, Apr are covered whole (complete). 158 incidents: the 2.5 % quantile (the 4th) is in Feb and
//   the 97.5 % quantile (the 155th) in May, so the core span is Feb … May; its complete months Feb (30),
//   Mar (62), Apr (60): typical = median 60. A quarter of 60 is 15: Feb (30) is comparable.
const incidents: string[] = ['2024-01-20 10:00:00'];
for (let d = new Date(Date.UTC(2024, 1, 15)); d < new Date(Date.UTC(2024, 4, 1)); d = new Date(d.getTime() + 86_400_000)) {
  const day = d.toISOString().slice(0, 10);
  incidents.push(`${day} 08:00:00`, `${day} 15:00:00`);
}
for (let i = 6; i <= 10; i++) incidents.push(`2024-05-${String(i).padStart(2, '0')} 09:00:00`);

beforeAll(async () => {
  store = await Store.open(':memory:');
  const values = [
    ...incidents.map((o, i) => `('x:i${i}', 'incident', TIMESTAMPTZ '${o}+00', TIMESTAMPTZ '${o}+00' + INTERVAL 1 DAY)`),
    ...['2024-03-01', '2024-03-10', '2024-03-31'].map((o, i) => `('x:r${i}', 'service_request', TIMESTAMPTZ '${o} 12:00:00+00', NULL)`),
  ];
  await store.run(`INSERT INTO ticket (ticket_key, kind, opened_at, resolved_at) VALUES ${values.join(', ')}`);
  rows = await loadCoverage(store);
});
afterAll(() => store?.close());

describe('coverage model', () => {
  it('counts, completeness and the typical month per kind, as derived by hand', () => {
    const inc = rows.filter((r) => r.kind === 'incident').map((r) => [r.month, r.opened, r.complete, r.core]);
    expect(inc).toEqual([
      ['2024-01', 1, false, false],
      ['2024-02', 30, true, true],
      ['2024-03', 62, true, true],
      ['2024-04', 60, true, true],
      ['2024-05', 5, false, true],
    ]);
    expect(rows.find((r) => r.kind === 'incident')!.typical).toBe(60);
    // resolved a day after opening: Jan's ticket resolves in Jan, 29 Feb's two in March, 30 Apr's two in May
    expect(rows.filter((r) => r.kind === 'incident').map((r) => r.resolved)).toEqual([1, 28, 62, 60, 7]);
    // requests: one month, covered whole? opened 1 … 31 March: complete; the export's '*' row adds both kinds
    expect(rows.filter((r) => r.kind === 'service_request').map((r) => [r.month, r.opened, r.complete])).toEqual([['2024-03', 3, true]]);
    expect(rows.find((r) => r.kind === '*' && r.month === '2024-03')!.opened).toBe(65);
  });

  it('defaults to the latest complete month of typical size and says why', () => {
    expect(defaultMonth(rows)).toEqual({ month: '2024-04', why: '2024-04: the latest complete month; 2024-05 ends on 10 May 2024' });
  });

  it('names what makes a month unfit to compare against', () => {
    expect(notComparableReason(rows, '2024-05')).toBe('2024-05 is a partial month (incidents opened 20 Jan 2024 … 10 May 2024)');
    expect(notComparableReason(rows, '2023-12')).toBe('2023-12 is outside the data (incidents opened 20 Jan 2024 … 10 May 2024)');
    expect(notComparableReason(rows, '2024-03')).toBeNull();
    const feb = rows.find((r) => r.kind === 'incident' && r.month === '2024-02')!;
    expect(comparable(feb)).toBe(true);
    // at a share of 0.6 Feb (30 of 60) is too small
    expect(notComparableReason(rows, '2024-02', 0.6)).toBe('2024-02 holds 30 incidents, under 60 % of a typical month (60)');
  });
});
