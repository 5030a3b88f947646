import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { readSqlFile } from '../../src/store/sql-file.js';

// src/ingest/draft-values.sql: each column's most frequent values, up to 60, most frequent first, ties by value.
describe('draft-values.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open(':memory:');
    await store.run('CREATE TEMP TABLE draft_cells (col INTEGER, name VARCHAR, v VARCHAR)');
    // col 0: 'b' ×3, 'a' ×2, 'c' ×2 (a tie: 'a' before 'c'), 'd' ×1
    await store.run(`INSERT INTO draft_cells VALUES (0,'s','b'),(0,'s','c'),(0,'s','b'),(0,'s','a'),(0,'s','d'),(0,'s','c'),(0,'s','a'),(0,'s','b')`);
    // col 1: 70 distinct values v00 … v69 once each, and v69 a second time → v69 first, then v00 … v58 (60 in all)
    const many = Array.from({ length: 70 }, (_, i) => `(1,'m','v${String(i).padStart(2, '0')}')`);
    await store.run(`INSERT INTO draft_cells VALUES ${many.join(', ')}, (1,'m','v69')`);
  });
  afterAll(() => store.close());

  it('orders by frequency, breaks ties by value, and keeps 60 per column', async () => {
    const rows = (await store.all<{ col: number; v: string; c: number }>(readSqlFile('ingest/draft-values.sql')))
      .map((r) => ({ col: Number(r.col), v: r.v, c: Number(r.c) }));
    expect(rows.filter((r) => r.col === 0)).toEqual([
      { col: 0, v: 'b', c: 3 }, { col: 0, v: 'a', c: 2 }, { col: 0, v: 'c', c: 2 }, { col: 0, v: 'd', c: 1 },
    ]);
    const m = rows.filter((r) => r.col === 1);
    expect(m).toHaveLength(60);
    expect(m[0]).toEqual({ col: 1, v: 'v69', c: 2 });
    expect(m.slice(1).map((r) => r.v)).toEqual(Array.from({ length: 59 }, (_, i) => `v${String(i).padStart(2, '0')}`));
  });
});
