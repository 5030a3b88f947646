/**
 * A file's sha256 and its raw read run at once when no loaded file has its size (src/ingest/index.ts,
 * hashAndRead): the file that is loaded, skipped as unchanged, or gone before its load must come out as when the
 * digest was computed first.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { ingestPaths, planIngest, runIngest } from '../../src/ingest/index.js';
import { readRaw } from '../../src/ingest/read-raw.js';
import { sniffFile } from '../../src/ingest/sniff.js';
import { tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-hash-and-read-');
const csv = (title: string) => `number,short_description,state,opened_at\nINC001,${title},New,2025-03-13 09:00:00\nINC002,VPN down,Closed,2025-03-14 10:30:00\n`;

/** Temp tables and views left on the connection (a raw read not dropped). */
const leftOver = (store: Store) =>
  store.all(`SELECT table_name AS name FROM duckdb_tables() WHERE temporary UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal`);

describe('the sha256 beside the raw read', () => {
  it('a file already ingested is unchanged and a file of the same size with other bytes is loaded, with no raw table left', async () => {
    const a = writeFixture(dir, 'a.csv', csv('Printer jam'));
    const b = writeFixture(dir, 'b.csv', csv('Printer ink')); // the same size
    const store = await Store.open(join(dir, 'x.duckdb'));
    try {
      expect((await ingestPaths(store, { paths: [a] }))[0]).toMatchObject({ status: 'loaded', records: 2 });
      const [again, other] = await ingestPaths(store, { paths: [a, b] });
      expect(again).toMatchObject({ status: 'unchanged' });
      expect(other).toMatchObject({ status: 'loaded', records: 2, records_updated: 2 });
      expect(await leftOver(store)).toEqual([]);
      // --replace reads while hashing whatever the size: the earlier load is removed and loaded again
      const [replaced] = await ingestPaths(store, { paths: [b], replace: true });
      expect(replaced).toMatchObject({ status: 'loaded', records: 2, replaced: { records: 2 } });
      expect(await leftOver(store)).toEqual([]);
    } finally {
      store.close();
    }
  });

  // gone: stat fails, the digest comes first, as before; a directory: stat works and the raw read starts, then
  // fails, and the error is the hash's (EISDIR), as when the digest came first
  it.each([
    ['gone', (p: string) => unlinkSync(p), (p: string) => `ENOENT: no such file or directory, open '${p}'`],
    ['turned into a directory', (p: string) => (unlinkSync(p), mkdirSync(p)), () => 'EISDIR: illegal operation on a directory, read'],
  ])('a file %s before its load fails with the error of its hash, leaving nothing', async (what, breakIt, error) => {
    const path = writeFixture(dir, `${what.replace(/\W/g, '-')}.csv`, csv('Printer jam'));
    const plan = await planIngest({ paths: [path] });
    breakIt(path);
    const store = await Store.open(join(dir, `${what.replace(/\W/g, '-')}.duckdb`));
    try {
      await expect(runIngest(store, plan)).rejects.toThrow(error(path));
      expect(await store.one('SELECT count(*) AS n FROM source_file')).toEqual({ n: 0 });
      expect(await leftOver(store)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('readRaw takes the sha256 in its line count when the stream reads the file itself, not of a gzip or a UTF-16 file', async () => {
    const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    const plain = writeFixture(dir, 'plain.csv', csv('Printer jam'));
    // a CRLF line in an LF file: read again from an LF copy; the digest is still the file's own
    const mixed = writeFixture(dir, 'mixed.csv', csv('Printer jam').replace(/\n(INC002)/, '\r\n$1'));
    const gz = writeFixture(dir, 'plain.csv.gz', csv('Printer jam'));
    const utf16 = writeFixture(dir, 'utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv('Printer jam'), 'utf16le')]));
    const store = await Store.open(':memory:', { migrate: false });
    try {
      for (const [path, want] of [[plain, sha(plain)], [mixed, sha(mixed)], [gz, undefined], [utf16, undefined]] as const) {
        const raw = await readRaw(store, await sniffFile(path), { sha256: true });
        expect([path, raw.total, raw.sha256]).toEqual([path, 2, want]);
        await raw.drop();
        const unasked = await readRaw(store, await sniffFile(path));
        expect(unasked.sha256).toBeUndefined();
        await unasked.drop();
      }
    } finally {
      store.close();
    }
  });
});
