import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/db.js';
import { reportRows } from './harness.js';

// reports/queries/rejects.sql: rows rejected at ingest per file (the path's last part, / or \ separated) and
// reason, with the file's rows read; largest first, then by file and reason; at most 25 rows.
describe('rejects.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open(':memory:');
    await store.run(`INSERT INTO source_file (file_id, path, rows_read) VALUES ('f1', '/data/exports/a.csv', 100), ('f2', 'C:\\exports\\b.csv', 50), ('f4', 'd.csv', 40)`);
    const rej = (file: string, path: string, reason: string, n: number) => Array.from({ length: n }, (_, i) => `('${file}', '${path}', ${i + 2}, '${reason}')`);
    const values = [
      ...rej('f1', '/data/exports/a.csv', 'bad date', 3),
      ...rej('f1', '/data/exports/a.csv', 'missing id', 1),
      ...rej('f2', 'C:\\exports\\b.csv', 'bad date', 3),
      ...rej('f3', 'c.csv', 'no header', 2), // no source_file row: rows read unknown
      // 26 reasons of one row each in d.csv: with the 4 rows above, 30 groups, of which 25 are shown
      ...Array.from({ length: 26 }, (_, i) => rej('f4', 'd.csv', `r${String(i + 1).padStart(2, '0')}`, 1)).flat(),
    ];
    await store.run(`INSERT INTO rejects (file_id, path, line, reason) VALUES ${values.join(', ')}`);
  });
  afterAll(() => store.close());

  it('counts rejected rows per file and reason, largest first, 25 at most', async () => {
    const rows = await reportRows(store, 'rejects.sql', { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' });
    expect(rows.map((r) => [r.file, r.reason, Number(r.rows), r.rows_read === null ? null : Number(r.rows_read)])).toEqual([
      ['a.csv', 'bad date', 3, 100], // 3 rows; tie with b.csv broken by file name
      ['b.csv', 'bad date', 3, 50], // a Windows path: the part after the last \
      ['c.csv', 'no header', 2, null],
      ['a.csv', 'missing id', 1, 100],
      // then d.csv's one-row reasons in order: 25 − 4 = 21 of the 26 (r01 … r21)
      ...Array.from({ length: 21 }, (_, i) => ['d.csv', `r${String(i + 1).padStart(2, '0')}`, 1, 40]),
    ]);
  });
});
