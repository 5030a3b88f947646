import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { readSqlFile } from '../../src/store/sql-file.js';

// src/ingest/draft-profile.sql: per column of an export, what `itsm-lens map` knows from its values. Input is
// draft_cells(col, name, v), one row per non-empty cell, and draft_rows(n), the file's non-empty records (4 here).
const cells: [number, string, string][] = [
  // col 0 "number": a value per record, all different → unique; all whole numbers
  [0, 'number', '1'], [0, 'number', '2'], [0, 'number', '3'], [0, 'number', '-4'],
  // col 1 "opened": date shapes of the header's list — ISO, d/m/yyyy, d-m-yyyy h:mm — and one text
  [1, 'opened', '2016-02-29'], [1, 'opened', '29/2/2016'], [1, 'opened', '5-3-2016 12:00'], [1, 'opened', 'soon'],
  // col 2 "flag": yes/no words in any case; '2' is a whole number but no yes/no word; 3 cells of 4 records → not unique
  [2, 'flag', 'TRUE'], [2, 'flag', 'n'], [2, 'flag', '2'],
  // col 3 "cost": numbers with either decimal mark; '1.2.3' and '12,' are not numbers; repeated value
  [3, 'cost', '3,5'], [3, 'cost', '3,5'], [3, 'cost', '1.2.3'], [3, 'cost', '12,'],
];

describe('draft-profile.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open(':memory:');
    await store.run('CREATE TEMP TABLE draft_cells (col INTEGER, name VARCHAR, v VARCHAR)');
    await store.run(`INSERT INTO draft_cells VALUES ${cells.map(([c, n, v]) => `(${c}, '${n}', '${v}')`).join(', ')}`);
    await store.run('CREATE TEMP TABLE draft_rows AS SELECT 4 AS n');
  });
  afterAll(() => store.close());

  it('counts each shape by hand', async () => {
    const rows = await store.all<Record<string, unknown>>(readSqlFile('ingest/draft-profile.sql'));
    const got = rows.map((r) => ({ ...r, col: Number(r.col), n: Number(r.n), distinct_n: Number(r.distinct_n), ints: Number(r.ints),
      nums: Number(r.nums), datey: Number(r.datey), bools: Number(r.bools), avg_len: Number(r.avg_len), max_len: Number(r.max_len) }));
    expect(got).toEqual([
      // lengths 1+1+1+2 = 5 → 1.25; ints and nums: all 4 ('-4' counts); dates none; bools '1' only
      { col: 0, name: 'number', n: 4, distinct_n: 4, unique: true, avg_len: 1.25, max_len: 2, ints: 4, nums: 4, datey: 0, bools: 1 },
      // lengths 10 + 9 + 14 + 4 = 37 → 9.25; three date shapes; 'soon' nothing
      { col: 1, name: 'opened', n: 4, distinct_n: 4, unique: true, avg_len: 9.25, max_len: 14, ints: 0, nums: 0, datey: 3, bools: 0 },
      // 3 cells for 4 records → not unique; 'TRUE' and 'n' are yes/no words, '2' a whole number
      { col: 2, name: 'flag', n: 3, distinct_n: 3, unique: false, avg_len: 2, max_len: 4, ints: 1, nums: 1, datey: 0, bools: 2 },
      // '3,5' twice → 3 distinct, not unique; numbers: the two '3,5' only; lengths 3+3+5+3 = 14 → 3.5;
      // '1.2.3' has the d.m.y shape (1–4 digits, 1–2, 1–4, dot-separated, as in 29.02.2016) → 1 date-shaped
      { col: 3, name: 'cost', n: 4, distinct_n: 3, unique: false, avg_len: 3.5, max_len: 5, ints: 0, nums: 2, datey: 1, bools: 0 },
    ]);
  });
});
