import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { loadSqlFile, sqlOf } from '../../src/store/sql-file.js';
import { rjParams } from '../../src/findings/outlier.js';

// src/findings/outlier.sql on a hand-made findings frame (fx_ticket), its stages run in the order
// src/findings/outlier.ts runs them: per member with at least {{min}} tickets in the period and stratum, its
// tickets n1, the rest of the stratum n2, its rank sum r1 (mid-ranks within the stratum), its median, the
// rest's median, and the stratum's ties Σ(t³ − t). Member = group, stratum = category, min = 2.
//
// Period tickets with a resolution time (stratum: member duration):
//   X: A 1, A 4, B 2, B 3, B 3, C 5, (no group) 6 → sorted 1 2 3 3 4 5 6, mid-ranks 1 2 3.5 3.5 5 6 7; ties 2³ − 2 = 6
//   Y: A 10, B 20, B 30, C 40 → ranks 1 2 3 4; no ties
//   Z: A 7 alone;  W: D 9 alone;  Q: A 11, B 12 (a rest of one ticket)
// Tickets per member: A 5, B 6, C 2 (exactly the minimum: in), D 1 (out). Out of the period or without a time:
// left out (A 100 in X; A with no time in X).
//   A X: n1 2, n2 5, r1 1 + 5 = 6, med1 (1+4)/2 = 2.5, rest 2 3 3 5 6 → 3
//   A Y: n1 1, n2 3, r1 1, med1 10, rest 20 30 40 → 30
//   A Z: n1 1, n2 0, r1 1, med1 7, no rest → NULL
//   B X: n1 3, n2 4, r1 2 + 3.5 + 3.5 = 9, med1 3, rest 1 4 5 6 → (4+5)/2 = 4.5
//   B Y: n1 2, n2 2, r1 2 + 3 = 5, med1 25, rest 10 40 → 25
//   A Q: n1 1, n2 1, r1 1, med1 11, rest 12;  B Q: n1 1, n2 1, r1 2, med1 12, rest 11
//   C X: n1 1, n2 6, r1 6, med1 5, rest 1 2 3 3 4 6 → (3+3)/2 = 3
//   C Y: n1 1, n2 3, r1 4, med1 40, rest 10 20 30 → 20
const SQL = loadSqlFile('findings/outlier.sql');

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:');
  await store.run(`CREATE TEMP TABLE fx_ticket AS SELECT * FROM (VALUES
    ('A', 'X', 1.0, TRUE), ('A', 'X', 4.0, TRUE), ('B', 'X', 2.0, TRUE), ('B', 'X', 3.0, TRUE), ('B', 'X', 3.0, TRUE),
    ('C', 'X', 5.0, TRUE), (NULL, 'X', 6.0, TRUE),
    ('A', 'Y', 10.0, TRUE), ('B', 'Y', 20.0, TRUE), ('B', 'Y', 30.0, TRUE), ('C', 'Y', 40.0, TRUE),
    ('A', 'Z', 7.0, TRUE), ('D', 'W', 9.0, TRUE), ('A', 'Q', 11.0, TRUE), ('B', 'Q', 12.0, TRUE),
    ('A', 'X', 100.0, FALSE), ('A', 'X', NULL, TRUE)
  ) v("group", category, dur_h, in_period)`);
});
afterAll(() => store?.close());

describe('outlier.sql', () => {
  it('gives each member’s rank sum, medians and the stratum’s ties per stratum', async () => {
    await store.run(sqlOf(SQL, 'ol_s', { stratum: 'category' }));
    await store.run(sqlOf(SQL, 'ol_big', { member: '"group"', min: 2, k: 1 }));
    await store.run(sqlOf(SQL, 'ol_rj', { stratum: 'category', ...rjParams(['"group"']) }));
    const rows = await store.all<Record<string, unknown>>(`SELECT * FROM (${sqlOf(SQL, 'ol_rows', { k: 1 })}) ORDER BY m, s`);
    await store.run(sqlOf(SQL, 'ol_drop'));
    await store.run(sqlOf(SQL, 'ol_big_drop', { k: 1 }));
    const cols = ['m', 's', 'n1', 'n2', 'r1', 'med1', 'ties', 'med2'];
    expect(rows.map((r) => cols.map((c) => (typeof r[c] === 'bigint' ? Number(r[c]) : r[c])))).toEqual([
      ['A', 'Q', 1, 1, 1, 11, 0, 12],
      ['A', 'X', 2, 5, 6, 2.5, 6, 3],
      ['A', 'Y', 1, 3, 1, 10, 0, 30],
      ['A', 'Z', 1, 0, 1, 7, 0, null],
      ['B', 'Q', 1, 1, 2, 12, 0, 11],
      ['B', 'X', 3, 4, 9, 3, 6, 4.5],
      ['B', 'Y', 2, 2, 5, 25, 0, 25],
      ['C', 'X', 1, 6, 6, 5, 6, 3],
      ['C', 'Y', 1, 3, 4, 40, 0, 20],
    ]);
  });

  it('ranks the tickets once for two dimensions on the same strata, each with its own members', async () => {
    // the second dimension: the groups renamed and B and C merged (lower case, 'c' → 'b'): members a (5 tickets)
    // and b (8), D (1) still out. b's X: 2, 3, 3, 5 → mid-ranks 2 + 3.5 + 3.5 + 6 = 15, median 3; the rest 1 4 6 → 4
    const second = `CASE WHEN "group" = 'C' THEN 'b' ELSE lower("group") END`;
    await store.run(sqlOf(SQL, 'ol_s', { stratum: 'category' }));
    await store.run(sqlOf(SQL, 'ol_big', { member: '"group"', min: 2, k: 1 }));
    await store.run(sqlOf(SQL, 'ol_big', { member: second, min: 2, k: 2 }));
    await store.run(sqlOf(SQL, 'ol_rj', { stratum: 'category', ...rjParams(['"group"', second]) }));
    const rows = async (k: number) => (await store.all<Record<string, unknown>>(`SELECT * FROM (${sqlOf(SQL, 'ol_rows', { k })}) ORDER BY m, s`))
      .map((r) => ['m', 's', 'n1', 'n2', 'r1', 'med1', 'ties', 'med2'].map((c) => (typeof r[c] === 'bigint' ? Number(r[c]) : r[c])));
    const first = await rows(1);
    const other = await rows(2);
    await store.run(sqlOf(SQL, 'ol_drop'));
    for (const k of [1, 2]) await store.run(sqlOf(SQL, 'ol_big_drop', { k }));
    expect(first.map((r) => r.slice(0, 2))).toEqual([['A', 'Q'], ['A', 'X'], ['A', 'Y'], ['A', 'Z'], ['B', 'Q'], ['B', 'X'], ['B', 'Y'], ['C', 'X'], ['C', 'Y']]);
    expect(other.filter((r) => r[0] === 'a')).toEqual(first.filter((r) => r[0] === 'A').map((r) => ['a', ...r.slice(1)]));
    expect(other.find((r) => r[0] === 'b' && r[1] === 'X')).toEqual(['b', 'X', 4, 3, 15, 3, 6, 4]);
  });
});
