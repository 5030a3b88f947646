import type { Store } from './db.js';
import { memoryLimit, memoryLimitBytes } from './db.js';
import { loadSqlFile, sqlOf } from './sql-file.js';

/** The statements (memory.sql). */
const SQL = loadSqlFile('store/memory.sql');

/**
 * What one worker thread of a large INSERT holds at once: the row group it fills (122,880 rows, uncompressed) and
 * the one it compresses. Measured on 1M ServiceNow incidents into `ticket` (the widest canonical table) with 2
 * threads: under a limit of 1100MB over 708 MiB held it spilled 56 MiB, under 1200MB nothing; ~400 MiB in all.
 */
const INSERT_BYTES_PER_THREAD = 256 * 2 ** 20;

/**
 * The memory limit for a large INSERT: what DuckDB holds that it cannot drop for free (the raw table being
 * loaded, above all) plus the insert's own working memory (INSERT_BYTES_PER_THREAD per thread), never above the
 * limit in force; undefined when that leaves the limit as it is.
 *
 * Why: the row groups an insert writes to the database file stay cached in DuckDB's buffer pool, beside the
 * blocks of the files loaded before it, as long as the limit leaves room. At 1M incidents under the default
 * 3 GiB that cache is what took ingest's peak RSS from ~1.2 GiB to 1.4-1.76 GiB. Under this limit DuckDB drops
 * those blocks as it writes (they are on disk already) and keeps the rest: the same rows and CPU time.
 */
export async function insertMemoryLimit(store: Store): Promise<string | undefined> {
  const limit = memoryLimitBytes(memoryLimit());
  const { held, threads } = (await store.one<{ held: number | bigint; threads: number | bigint }>(sqlOf(SQL, 'held')))!;
  const want = Number(held) + Number(threads) * INSERT_BYTES_PER_THREAD;
  if (limit === undefined || want >= limit) return undefined;
  return `${Math.ceil(want / 2 ** 20)}MiB`;
}
