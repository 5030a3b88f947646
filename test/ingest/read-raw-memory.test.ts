/**
 * readRaw (src/ingest/read-raw.ts) under --memory-limit: DuckDB's reader buffer is then an eighth of the limit, a
 * line longer than the buffer would vanish without a reject, so a file with a line over --limit line is refused
 * whole. Sets Store.settings.memory_limit (the CLI's --memory-limit) for its tests, so it is not one of
 * vitest.config.ts's shared-module files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRaw } from '../../src/ingest/read-raw.js';
import { sniffFile } from '../../src/ingest/sniff.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/ingest/limits.js';
import { Store } from '../../src/store/db.js';
import { tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-read-raw-memory-');
let files = 0;
const put = (content: string, ext = 'csv') => writeFixture(dir, `f${files++}.${ext}`, content);

// 64 MiB: the buffer is max(2 × line, min(16 × line, 64 MiB / 8 = 8 MiB)); with a 1 MiB line limit that is
// 8 MiB, under DuckDB's own 16 MiB, so the file's lines are measured
const MIB = 2 ** 20;
const oneMib: Limits = { ...DEFAULT_LIMITS, line: MIB };
const before = { ...Store.settings };
beforeEach(() => {
  Store.settings.memory_limit = '64MiB';
});
afterEach(() => {
  for (const k of Object.keys(Store.settings)) delete Store.settings[k];
  Object.assign(Store.settings, before);
});

async function outcome(path: string, limits: Limits): Promise<string> {
  const head = await sniffFile(path, limits);
  const store = await Store.open(':memory:', { migrate: false });
  try {
    const raw = await readRaw(store, head).catch(async (e: unknown) => {
      // a refused file leaves no temporary table behind
      const left = await store.all(`SELECT table_name FROM duckdb_tables() WHERE temporary`);
      expect(left).toEqual([]);
      throw e;
    });
    const n = raw.total;
    await raw.drop();
    return `read ${n}`;
  } catch (e) {
    return (e as Error).message.replace(path, 'F');
  } finally {
    store.close();
  }
}

const REFUSED =
  'F: 1 line(s) are longer than the line limit of 1 MB, which under --memory-limit 64MiB cannot be rejected one by one; ingest it without --memory-limit (or with a higher one), or raise --limit line';

describe('readRaw under --memory-limit', () => {
  it('refuses a file with a line over --limit line, counted across the read chunks', async () => {
    // line 3: 'R2,' + 1,100,000 'x' = 1,100,003 bytes > 1,048,576 (it spans 17 chunks of 64 KiB)
    const long = `id,a\nR1,a\nR2,${'x'.repeat(1_100_000)}\nR3,c\n`;
    expect(await outcome(put(long), oneMib)).toBe(REFUSED);
    // the same gzipped: the line is measured in the decompressed text
    expect(await outcome(put(long, 'csv.gz'), oneMib)).toBe(REFUSED);
    // the long line last, without a line feed: still counted
    expect(await outcome(put(`id,a\nR1,a\nR2,${'x'.repeat(1_100_000)}`), oneMib)).toBe(REFUSED);
    // two long lines: 2
    expect(await outcome(put(`id,a\nR1,${'y'.repeat(1_100_000)}\nR2,${'x'.repeat(1_100_000)}\n`), oneMib)).toBe(REFUSED.replace('1 line(s)', '2 line(s)'));
  });

  it('reads a file whose lines are within the limit, up to exactly the limit', async () => {
    // line 2: 'R1,' + 1,048,573 'x' = 1,048,576 bytes = the limit (the line feed not counted)
    expect(await outcome(put(`id,a\nR1,${'x'.repeat(MIB - 3)}\nR2,b\n`), oneMib)).not.toMatch(/line\(s\) are longer/);
    // a 2 MiB limit: buffer max(4 MiB, min(32 MiB, 8 MiB)) = 8 MiB, still measured; 1,100,003 bytes are within it
    expect(await outcome(put(`id,a\nR1,a\nR2,${'x'.repeat(1_100_000)}\nR3,c\n`), { ...DEFAULT_LIMITS, line: 2 * MIB })).toBe('read 3');
  });
});
