import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { loadSqlFile, sqlOf } from '../../src/store/sql-file.js';

// src/findings/changepoint.sql on a hand-made findings frame (fx_ticket), its stages run in the order
// src/findings/changepoint.ts runs them. Per member and month: counts and rates, the month's rank sum (mid-ranks
// within the member's tickets with a resolution time), the month's median, the other months' median, and the
// member's ties Σ(t³ − t).
//
// Member A (group A), durations in hours by month; sla / reopened as noted:
//   Jan: 1, 3, 3      Feb: 2, 5, NULL      Mar: 3, 8      Apr: NULL
//   sorted: 1 2 3 3 3 5 8 (7 with a time); mid-ranks 1, 2, (3+4+5)/3 = 4 for each 3, 6, 7
//   r1: Jan 1 + 4 + 4 = 9, Feb 2 + 6 = 8, Mar 4 + 7 = 11 (Σ 28 = 7·8/2); Apr none
//   med: Jan 3, Feb (2+5)/2 = 3.5, Mar (3+8)/2 = 5.5
//   the other months: Jan → 2 3 5 8: (3+5)/2 = 4; Feb → 1 3 3 3 8: 3; Mar → 1 2 3 3 5: 3
//   ties: three 3s: 27 − 3 = 24
// Member C: Jan only, 4 and 6: r1 1 + 2 = 3, med 5, no other month (NULL), ties 0.
// Member E: May 202, 204, 206; June 201, 203, 205 (all distinct, interleaved, above everyone else's): ranks 1 … 6
//   within E: r1 May 2 + 4 + 6 = 12, June 1 + 3 + 5 = 9; med May 204, June 203; the other month's median:
//   May → 201 203 205: 203, June → 202 204 206: 204. (Each of a month's tickets lies right after a ticket of the
//   other month: the rest's median read at its position is off by one if the count of the month's tickets
//   before it is.)
// Member B: left out by the member filter.
const SQL = loadSqlFile('findings/changepoint.sql');
const FRAME_SQL = loadSqlFile('findings/frame.sql');

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:');
  // mo: the frame's month number (year · 12 + month), as prepare.ts writes it
  await store.run(`CREATE TEMP TABLE fx_ticket AS SELECT *, (month[1:4]::INT * 12 + month[6:7]::INT)::UINTEGER AS mo FROM (VALUES
    ('A', '2024-01', 1.0, TRUE, FALSE), ('A', '2024-01', 3.0, FALSE, FALSE), ('A', '2024-01', 3.0, NULL, FALSE),
    ('A', '2024-02', 2.0, TRUE, TRUE), ('A', '2024-02', 5.0, TRUE, NULL), ('A', '2024-02', NULL, TRUE, FALSE),
    ('A', '2024-03', 3.0, NULL, TRUE), ('A', '2024-03', 8.0, NULL, TRUE),
    ('A', '2024-04', NULL, NULL, NULL),
    ('B', '2024-01', 100.0, TRUE, TRUE),
    ('C', '2024-01', 6.0, TRUE, FALSE), ('C', '2024-01', 4.0, FALSE, FALSE),
    ('E', '2024-05', 202.0, NULL, NULL), ('E', '2024-05', 204.0, NULL, NULL), ('E', '2024-05', 206.0, NULL, NULL),
    ('E', '2024-06', 201.0, NULL, NULL), ('E', '2024-06', 203.0, NULL, NULL), ('E', '2024-06', 205.0, NULL, NULL)
  ) v("group", month, dur_h, sla, reopened)`);
});
afterAll(() => store?.close());

// the members by month are frame.sql's fx_mm, which the trends read too (trend.ts memberPeriods)
async function months(col: string, member_filter: string): Promise<Record<string, unknown>[]> {
  await store.run(sqlOf(FRAME_SQL, 'fx_mm', { name: 'fx_mm_t', col, period: 'month, mo', member_filter }));
  await store.run(sqlOf(SQL, 'cp_g', { mm: 'fx_mm_t' }));
  await store.run(sqlOf(SQL, 'cp_rj', { col }));
  const rows = await store.all<Record<string, unknown>>(`SELECT * FROM (${sqlOf(SQL, 'cp_month', { mm: 'fx_mm_t' })}) ORDER BY m, month`);
  await store.run(sqlOf(SQL, 'cp_drop'));
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

describe('changepoint.sql', () => {
  it('gives counts, rank sums, medians and ties per member and month', async () => {
    const rows = await months('"group"', `"group" IN ('A', 'C', 'E')`);
    const cols = ['m', 'month', 'n', 'n_sla', 'x_sla', 'n_reo', 'x_reo', 'n_dur', 'r1', 'med', 'med_rest', 'n_dur_all', 'ties'];
    expect(rows.map((r) => cols.map((c) => r[c]))).toEqual([
      // m    month      n  n_sla x_sla n_reo x_reo n_dur r1  med  med_rest n_all ties
      ['A', '2024-01', 3, 2, 1, 3, 0, 3, 9, 3, 4, 7, 24],
      ['A', '2024-02', 3, 3, 3, 2, 1, 2, 8, 3.5, 3, 7, 24],
      ['A', '2024-03', 2, 0, 0, 2, 2, 2, 11, 5.5, 3, 7, 24],
      ['A', '2024-04', 1, 0, 0, 0, 0, 0, null, null, null, 7, 24],
      ['C', '2024-01', 2, 2, 1, 2, 0, 2, 3, 5, null, 2, 0],
      ['E', '2024-05', 3, 0, 0, 0, 0, 3, 12, 204, 203, 6, 0],
      ['E', '2024-06', 3, 0, 0, 0, 0, 3, 9, 203, 204, 6, 0],
    ]);
  });

  it("counts every ticket under '*' when there is no dimension", async () => {
    // Jan: A 3 + B 1 + C 2 = 6; Feb 3; Mar 2; Apr 1; May 3; Jun 3. Times: 1 2 3 3 3 4 5 6 8 100, then E's 201 … 206
    // (16), ranks 1 2 4 4 4 6 7 8 9 10 11 … 16; Jan's: 1, 4, 4 (A), 10 (B's 100), 8 (C's 6), 6 (C's 4): 33
    const rows = await months(`'*'`, 'TRUE');
    expect(rows.map((r) => [r.m, r.month, r.n, r.r1, r.n_dur_all])).toEqual([
      ['*', '2024-01', 6, 33, 16],
      ['*', '2024-02', 3, 2 + 7, 16], // 2 → rank 2, 5 → rank 7
      ['*', '2024-03', 2, 4 + 9, 16], // 3 → 4, 8 → 9
      ['*', '2024-04', 1, null, 16],
      ['*', '2024-05', 3, 12 + 14 + 16, 16], // 202, 204, 206
      ['*', '2024-06', 3, 11 + 13 + 15, 16],
    ]);
  });
});
