/**
 * src/store/memory.ts: the memory limit a large INSERT runs under. memory.sql's `held` counts what DuckDB could
 * free only by spilling (a temp table), not the blocks it caches from the database file, which it drops for free;
 * the limit is that plus, per thread, 2.5 × a row group (122,880 rows) of the bytes held per raw row, at least
 * 256 MiB, and never above the limit the database was opened with. Ingest applies it around the insert and puts the
 * limit back as given (DuckDB prints it rounded: 4GB reads '3.7 GiB', and setting that gives 3.6 GiB), and not
 * under --redact. Sets Store.settings.memory_limit (the CLI's --memory-limit), so it is not one of
 * vitest.config.ts's shared-module files.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { loadPolicy } from '../../src/privacy/policy.js';
import { Store } from '../../src/store/db.js';
import { insertMemoryLimit } from '../../src/store/memory.js';
import { tempDir } from '../helpers.js';

const MiB = 2 ** 20;
const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'servicenow', 'incident.csv');
const before = { ...Store.settings };
afterEach(() => {
  for (const k of Object.keys(Store.settings)) delete Store.settings[k];
  Object.assign(Store.settings, before);
});

/** DuckDB's own figures by tag, in bytes. */
async function byTag(s: Store): Promise<Record<string, number>> {
  const rows = await s.all<{ tag: string; b: number | bigint }>(`SELECT tag, memory_usage_bytes AS b FROM duckdb_memory()`);
  return Object.fromEntries(rows.map((r) => [r.tag, Number(r.b)]));
}
const mib = (limit: string | undefined) => Number(/^(\d+)MiB$/.exec(limit ?? '')?.[1]);
const setting = async (s: Store) => (await s.one<{ v: string }>(`SELECT current_setting('memory_limit')::VARCHAR AS v`))!.v;

// ~60 MiB of text: 400,000 rows of a 150-character value
const FILL = `SELECT i, repeat(chr(65 + (i % 26)::INT), 150) || i::VARCHAR AS t FROM range(400000) r(i)`;
// so many rows that the bytes per row are nothing: the 256 MiB per thread
const MANY = 1e12;

/** `fn` on a database opened under the limit `limit`, with DuckDB on two threads. */
async function withStore(limit: string, path: string, fn: (s: Store) => Promise<void>): Promise<void> {
  Store.settings.memory_limit = limit;
  const s = await Store.open(path, { migrate: false });
  try {
    await s.run('SET threads = 2');
    await fn(s);
  } finally {
    s.close();
  }
}

describe('insertMemoryLimit', () => {
  it('counts a temp table, not the database blocks DuckDB has cached, plus at least 256 MiB per thread', () =>
    withStore('4GB', join(tempDir('itsm-lens-memory-'), 'm.duckdb'), async (s) => {
      await s.run(`CREATE TABLE kept AS ${FILL}`);
      await s.run('CHECKPOINT');
      await s.all('SELECT max(t) FROM kept'); // its blocks are now cached
      expect((await byTag(s)).BASE_TABLE).toBeGreaterThan(5 * MiB);
      const empty = mib(await insertMemoryLimit(s, MANY));
      // nothing held but DuckDB's own bookkeeping: 2 × 256 MiB and a little
      expect(empty).toBeGreaterThanOrEqual(512);
      expect(empty).toBeLessThan(512 + 5);

      await s.run(`CREATE TEMP TABLE raw AS ${FILL}`);
      const held = (await byTag(s)).IN_MEMORY_TABLE! / MiB;
      expect(held).toBeGreaterThan(40);
      const withRaw = mib(await insertMemoryLimit(s, MANY));
      expect(withRaw - empty).toBeGreaterThanOrEqual(Math.floor(held));
      expect(withRaw - empty).toBeLessThan(held + 5);

      await s.run('SET threads = 1');
      expect(withRaw - mib(await insertMemoryLimit(s, MANY))).toBe(256);
    }));

  it('gives each thread 2.5 row groups of the bytes held per raw row when that is over 256 MiB', () =>
    withStore('4GB', ':memory:', async (s) => {
      await s.run(`CREATE TEMP TABLE raw AS ${FILL}`);
      const held = Object.entries(await byTag(s)).reduce((a, [tag, b]) => a + (['BASE_TABLE', 'METADATA', 'EXTERNAL_FILE_CACHE'].includes(tag) ? 0 : b), 0);
      // as if the ~64 MiB held were 20,000 wide raw rows: ~3,400 bytes each, ~1 GB a thread
      const perThread = 2.5 * 122_880 * (held / 20_000);
      expect(perThread).toBeGreaterThan(512 * MiB);
      expect(mib(await insertMemoryLimit(s, 20_000))).toBeCloseTo((held + 2 * perThread) / MiB, -1);
      // narrow rows: the floor
      expect(mib(await insertMemoryLimit(s, 400_000))).toBeCloseTo((held + 2 * 256 * MiB) / MiB, -1);
    }));

  it('leaves the limit alone when what it would set is not below the limit the database was opened with', () =>
    withStore('560MiB', ':memory:', async (s) => {
      expect(mib(await insertMemoryLimit(s, MANY))).toBeLessThan(560);
      await s.run(`CREATE TEMP TABLE raw AS ${FILL}`);
      expect(await insertMemoryLimit(s, MANY)).toBeUndefined();
      // the limit it was opened with, not the process's setting of now
      Store.settings.memory_limit = '4GB';
      expect(await insertMemoryLimit(s, MANY)).toBeUndefined();
    }));
});

describe('the insert of an ingest', () => {
  /** The statements an ingest of the fixture runs, in order. */
  async function statements(opts: { redact?: boolean } = {}): Promise<{ sql: string[]; after: string }> {
    Store.settings.memory_limit = '4GB';
    const s = await Store.open(join(tempDir('itsm-lens-memory-'), 'i.duckdb'));
    const sql: string[] = [];
    const run = s.run.bind(s);
    s.run = (q: string, params?: Record<string, unknown>) => (sql.push(q), run(q, params));
    try {
      await ingestPaths(s, { paths: [FIXTURE], ...(opts.redact ? { redact: loadPolicy(true) } : {}) });
      return { sql, after: await setting(s) };
    } finally {
      s.close();
    }
  }
  const isInsert = (q: string) => q.trimStart().startsWith('INSERT INTO "ticket"');
  const limitSet = (q: string) => /^SET memory_limit = '\d+MiB'$/.test(q.trim());

  it('runs under the lower limit, and the limit as given after it', async () => {
    const { sql, after } = await statements();
    const insert = sql.findIndex(isInsert);
    expect(insert).toBeGreaterThan(0);
    const lowered = sql.slice(0, insert).map((q, i) => (limitSet(q) ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    expect(lowered).toBeGreaterThan(0);
    // no other statement between the SET and the insert but the insert's other settings
    expect(sql.slice(lowered + 1, insert).every((q) => /^SET /.test(q.trim()))).toBe(true);
    expect(after).toBe('3.7 GiB');
  });

  it('keeps the limit under --redact: a spill would put the originals on disk', async () => {
    const { sql, after } = await statements({ redact: true });
    expect(sql.some(isInsert)).toBe(true);
    expect(sql.some(limitSet)).toBe(false);
    expect(after).toBe('3.7 GiB');
  });
});

describe('Store.withSettings and the memory limit', () => {
  it('restores the limit the database was opened with, as given, not as DuckDB prints it', async () => {
    Store.settings.memory_limit = '4GB';
    const s = await Store.open(':memory:', { migrate: false });
    try {
      expect(await setting(s)).toBe('3.7 GiB');
      await s.withSettings({ memory_limit: "'1GB'" }, async () => expect(await setting(s)).toBe('953.6 MiB'));
      expect(await setting(s)).toBe('3.7 GiB');
      // twice: a restore from the printed value would drift (3.7 → 3.6 GiB) at each insert
      await s.withSettings({ memory_limit: "'1GB'" }, async () => undefined);
      expect(await setting(s)).toBe('3.7 GiB');
      // the process's setting changed since the open: this database's limit is still the one it was opened with
      Store.settings.memory_limit = '2GB';
      await s.withSettings({ memory_limit: "'1GB'" }, async () => undefined);
      expect(await setting(s)).toBe('3.7 GiB');
    } finally {
      s.close();
    }
  });
});
