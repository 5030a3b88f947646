/**
 * The same data twice (issue 17, item 8): a file whose records equal those of a file already loaded (another
 * format of one export, another delimiter) is skipped with a warning unless --force or --replace. Without an
 * id column the records of both files got ids from their own sha256, and every ticket was counted twice.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-same-rows-');
// A text-only incident list with no id column (ids from file and line), as in ../shared/data/tickets-text.
const rows = [
  ['short_description', 'description', 'category', 'opened_at'],
  ['Printer jam', 'Paper stuck in tray 2', 'Hardware', '2025-03-13 09:00'],
  ['VPN down', 'Cannot connect from home', 'Network', '2025-03-14 10:30'],
  ['Password reset', 'Locked out and needs a reset', 'Access', '2025-03-15 08:15'],
];
const comma = writeFixture(dir, 'export.csv', rows.map((r) => r.join(',')).join('\n') + '\n');
// the same export written again with another delimiter and the dates in another format (13/03/2025 09:00)
const semicolon = writeFixture(dir, 'export-semicolon.csv', rows.map((r, i) => (i ? [...r.slice(0, 3), r[3]!.replace(/^(\d+)-(\d+)-(\d+)/, '$3/$2/$1')] : r).join(';')).join('\n') + '\n');
// one ticket differs: not the same data
const other = writeFixture(dir, 'other.csv', rows.map((r, i) => (i === 2 ? ['VPN slow', ...r.slice(1)] : r).join(',')).join('\n') + '\n');

async function tickets(store: Store): Promise<{ file: string; n: number }[]> {
  return store.all(`SELECT regexp_extract(f.path, '[^/]+$') AS file, count(*) AS n FROM ticket t JOIN source_file f USING (file_id) GROUP BY 1 ORDER BY 1`);
}

describe('the same records in another file', () => {
  it('is skipped unless --force or --replace; a file that differs in one record is loaded', async () => {
    const store = await Store.open(join(dir, 'lib.duckdb'));
    try {
      const [a, b] = await ingestPaths(store, { paths: [comma, semicolon] });
      expect(a).toMatchObject({ status: 'loaded', records: 3, ids_from_lines: true });
      expect(b).toMatchObject({ status: 'skipped', same_rows_as: comma, records: 0 });
      expect(await tickets(store)).toEqual([{ file: 'export.csv', n: 3 }]);
      expect(await store.one('SELECT count(*) AS n FROM source_file')).toEqual({ n: 1 });

      const [c] = await ingestPaths(store, { paths: [other] });
      expect(c).toMatchObject({ status: 'loaded', records: 3 });
      expect(c!.same_rows_as).toBeUndefined();

      const [d] = await ingestPaths(store, { paths: [semicolon], replace: true });
      expect(d).toMatchObject({ status: 'loaded', records: 3, same_rows_as: comma, replaced: { records: 3, events: 0, rejects: 0 } });
      expect(await tickets(store)).toEqual([{ file: 'export-semicolon.csv', n: 3 }, { file: 'other.csv', n: 3 }]);

      const [e] = await ingestPaths(store, { paths: [comma], force: true });
      expect(e).toMatchObject({ status: 'loaded', records: 3, same_rows_as: semicolon });
      expect(await tickets(store)).toEqual([{ file: 'export-semicolon.csv', n: 3 }, { file: 'export.csv', n: 3 }, { file: 'other.csv', n: 3 }]);
    } finally {
      store.close();
    }
  });
  it('is found beside a file loaded before rows_hash existed (its hash computed from the records it holds)', async () => {
    const store = await Store.open(join(dir, 'old.duckdb'));
    try {
      await ingestPaths(store, { paths: [comma] });
      const hash = (await store.one<{ rows_hash: string }>('SELECT rows_hash FROM source_file'))!.rows_hash;
      expect(hash).toMatch(/^3:\d+$/);
      await store.run('UPDATE source_file SET rows_hash = NULL'); // as a database of schema 3 has it
      const [b] = await ingestPaths(store, { paths: [semicolon] });
      expect(b).toMatchObject({ status: 'skipped', same_rows_as: comma });
      expect(await store.all('SELECT rows_hash FROM source_file')).toEqual([{ rows_hash: hash }]);
    } finally {
      store.close();
    }
  });
  // the real xlsx and csv of one export: test/real-data/shared-data.test.ts
});
