/**
 * How `ingest --redact` keeps originals out of the database file's bytes (issue 25, item 1): DuckDB 1.5 writes
 * the unused tail of a block from uninitialised memory (duckdb/duckdb#23382), so the process that read the
 * export must not write blocks. A store opened `walOnly` keeps every write in the WAL (no optimistic write of a
 * large append, no checkpoint at commit or close), and `checkpointInFreshProcess` moves the WAL into the file
 * from a new process. These tests watch the file and the WAL, which do not depend on what memory held:
 * byte-level searches (test/robustness/redact-bytes.test.ts) can pass by luck when memory happens to be clean.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store, checkpointInFreshProcess } from '../../src/store/db.js';
import { cli, tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-wal-only-');
const MB = 2 ** 20;
// 300k rows of distinct strings: far over one row group, the size DuckDB writes to the file before commit
const FILL = "CREATE TABLE t AS SELECT i, 'value number ' || i || ' of a row' AS v FROM range(300000) r(i)";

async function filled(db: string, walOnly: boolean): Promise<{ file: number; wal: number }> {
  const s = await Store.open(db, { migrate: false, walOnly });
  await s.run(FILL);
  s.close();
  return { file: statSync(db).size, wal: existsSync(`${db}.wal`) ? statSync(`${db}.wal`).size : 0 };
}

describe('a store opened walOnly', () => {
  it('writes no block of data to the file: the rows stay in the WAL until a fresh process checkpoints them', async () => {
    // the same statement without walOnly puts the rows in the file (the test's own control)
    const plain = await filled(join(dir, 'plain.duckdb'), false);
    expect(plain.file).toBeGreaterThan(2 * MB);
    expect(plain.wal).toBe(0);

    const db = join(dir, 'wal.duckdb');
    const held = await filled(db, true);
    console.log(`wal-only: plain file ${plain.file}, walOnly file ${held.file} + WAL ${held.wal}`);
    expect(held.file).toBeLessThan(MB);
    expect(held.wal).toBeGreaterThan(2 * MB);

    await checkpointInFreshProcess(db);
    expect(existsSync(`${db}.wal`)).toBe(false);
    expect(statSync(db).size).toBeGreaterThan(2 * MB);
    const s = await Store.open(db, { readOnly: true, migrate: false });
    try {
      expect(await s.one('SELECT count(*) AS n, count(DISTINCT v) AS d FROM t')).toEqual({ n: 300000, d: 300000 });
    } finally {
      s.close();
    }
  });

  it('ingest --redact leaves no WAL behind and moves a WAL an earlier run left before it opens the file', async () => {
    const db = join(dir, 'red.duckdb');
    // an earlier run's WAL (a redacted ingest killed before its checkpoint)
    const s = await Store.open(db, { walOnly: true });
    await s.run("INSERT INTO meta VALUES ('redact_policy', 'default')");
    s.close();
    expect(existsSync(`${db}.wal`)).toBe(true);
    const csv = writeFixture(dir, 'incident.csv', 'number,short_description,caller_id,opened_at\nINC0000001,Printer for Ann Jansen,Ann Jansen,2024-03-01 08:00:00\n');
    const r = cli(['ingest', '--redact', '--db', db, csv]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(`${db}.wal`)).toBe(false);
    const t = await Store.open(db, { readOnly: true });
    try {
      expect(await t.one("SELECT requester LIKE 'person-%' AS token, title FROM ticket")).toEqual({
        token: true,
        title: expect.stringMatching(/^Printer for person-[0-9a-f]{10}$/),
      });
    } finally {
      t.close();
    }
  });
});
