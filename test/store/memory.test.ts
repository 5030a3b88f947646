/**
 * src/store/memory.ts: the memory limit a large INSERT runs under. memory.sql's `held` counts what DuckDB could
 * free only by spilling (a temp table), not the blocks it caches from the database file, which it drops for free;
 * the limit is that plus 256 MiB per thread, and never above the limit in force. Store.withSettings gives the
 * limit back as it was given (DuckDB prints it rounded: 4GB reads '3.7 GiB', and setting that gives 3.6 GiB).
 * Sets Store.settings.memory_limit (the CLI's --memory-limit), so it is not one of vitest.config.ts's
 * shared-module files.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { insertMemoryLimit } from '../../src/store/memory.js';
import { tempDir } from '../helpers.js';

const MiB = 2 ** 20;
const before = { ...Store.settings };
afterEach(() => {
  for (const k of Object.keys(Store.settings)) delete Store.settings[k];
  Object.assign(Store.settings, before);
});

/** DuckDB's own figures by tag, in MiB. */
async function byTag(s: Store): Promise<Record<string, number>> {
  const rows = await s.all<{ tag: string; b: number | bigint }>(`SELECT tag, memory_usage_bytes AS b FROM duckdb_memory()`);
  return Object.fromEntries(rows.map((r) => [r.tag, Number(r.b) / MiB]));
}
const mib = (limit: string | undefined) => Number(/^(\d+)MiB$/.exec(limit ?? '')?.[1]);

// ~60 MiB of text: 400,000 rows of a 150-character value
const FILL = `SELECT i, repeat(chr(65 + (i % 26)::INT), 150) || i::VARCHAR AS t FROM range(400000) r(i)`;

describe('insertMemoryLimit', () => {
  it('counts a temp table, not the database blocks DuckDB has cached, plus 256 MiB per thread', async () => {
    Store.settings.memory_limit = '4GB';
    const s = await Store.open(join(tempDir('itsm-lens-memory-'), 'm.duckdb'), { migrate: false });
    try {
      await s.run('SET threads = 2');
      await s.run(`CREATE TABLE kept AS ${FILL}`);
      await s.run('CHECKPOINT');
      await s.all('SELECT max(t) FROM kept'); // its blocks are now cached
      const cached = await byTag(s);
      expect(cached.BASE_TABLE).toBeGreaterThan(5);
      const empty = mib(await insertMemoryLimit(s));
      // nothing held but DuckDB's own bookkeeping: 2 × 256 MiB and a little
      expect(empty).toBeGreaterThanOrEqual(512);
      expect(empty).toBeLessThan(512 + 5);

      await s.run(`CREATE TEMP TABLE raw AS ${FILL}`);
      const held = (await byTag(s)).IN_MEMORY_TABLE!;
      expect(held).toBeGreaterThan(40);
      const withRaw = mib(await insertMemoryLimit(s));
      expect(withRaw - empty).toBeGreaterThanOrEqual(Math.floor(held));
      expect(withRaw - empty).toBeLessThan(held + 5);

      await s.run('SET threads = 1');
      expect(withRaw - mib(await insertMemoryLimit(s))).toBe(256);
    } finally {
      s.close();
    }
  });

  it('leaves the limit alone when what it would set is not below it', async () => {
    Store.settings.memory_limit = '560MiB';
    const s = await Store.open(':memory:', { migrate: false });
    try {
      await s.run('SET threads = 2');
      expect(mib(await insertMemoryLimit(s))).toBeLessThan(560);
      await s.run(`CREATE TEMP TABLE raw AS ${FILL}`);
      expect(await insertMemoryLimit(s)).toBeUndefined();
    } finally {
      s.close();
    }
  });
});

describe('Store.withSettings and the memory limit', () => {
  it('restores the limit as given, not as DuckDB prints it', async () => {
    Store.settings.memory_limit = '4GB';
    const s = await Store.open(':memory:', { migrate: false });
    const limit = async () => (await s.one<{ v: string }>(`SELECT current_setting('memory_limit')::VARCHAR AS v`))!.v;
    try {
      expect(await limit()).toBe('3.7 GiB');
      await s.withSettings({ memory_limit: "'1GB'" }, async () => expect(await limit()).toBe('953.6 MiB'));
      expect(await limit()).toBe('3.7 GiB');
      // twice: a restore from the printed value would drift (3.7 → 3.6 GiB) at each insert
      await s.withSettings({ memory_limit: "'1GB'" }, async () => undefined);
      expect(await limit()).toBe('3.7 GiB');
    } finally {
      s.close();
    }
  });
});
