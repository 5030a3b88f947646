import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvSafeSql } from '../../src/store/csv-safe.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir } from '../helpers.js';

let store: Store;
beforeAll(async () => {
  store = await openStore(tempDir());
});
afterAll(() => store.close());

describe('csvSafeSql', () => {
  it('quotes cells a spreadsheet would run as a formula and leaves the rest alone', async () => {
    const cases: Array<[string | null, string | null]> = [
      ['=1+2', "'=1+2"], ['+cmd', "'+cmd"], ['-2+3', "'-2+3"], ['@SUM(A1)', "'@SUM(A1)"], ['\tx', "'\tx"], ['\rx', "'\rx"],
      ['INC0001', 'INC0001'], ['a=b', 'a=b'], ['', ''], [null, null],
    ];
    const values = cases.map(([v], i) => `(${i}, ${v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`})`).join(', ');
    const rows = await store.all<{ out: string | null }>(`SELECT ${csvSafeSql('v')} AS out FROM (VALUES ${values}) t(i, v) ORDER BY i`);
    expect(rows.map((r) => r.out)).toEqual(cases.map((c) => c[1]));
  });
});
