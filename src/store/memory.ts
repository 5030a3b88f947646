import type { Store } from './db.js';
import { memoryLimitBytes } from './db.js';
import { loadSqlFile, sqlOf } from './sql-file.js';

/** The statements (memory.sql). */
const SQL = loadSqlFile('store/memory.sql');

/** DuckDB's row group: an INSERT's worker thread fills one this many rows long before it compresses and writes it. */
const ROW_GROUP_ROWS = 122_880;

/**
 * What one worker thread of a large INSERT holds at most: the row group it fills, uncompressed, at 2.5 × the bytes
 * of a raw row (`rawBytesPerRow`), and at least 256 MiB. Measured with 2 threads, at the least limit that spilled
 * nothing: 1M ServiceNow incidents into `ticket` (721 bytes per raw row) needed ~200 MiB per thread, 2.4 ×; 250k of
 * them with 40 more 60-character columns kept in `extra` (3,028 bytes per raw row) ~500 MiB, 1.4 ×.
 */
function perThread(rawBytesPerRow: number): number {
  return Math.max(256 * 2 ** 20, 2.5 * ROW_GROUP_ROWS * rawBytesPerRow);
}

/**
 * The memory limit for a large INSERT of `rows` raw rows: what DuckDB holds that it cannot drop for free (the raw
 * table being loaded, above all) plus the insert's own working memory per thread (perThread, from the bytes held
 * per raw row), never above the limit the database was opened with; undefined when that leaves the limit as it is.
 *
 * Why: the row groups an insert writes to the database file stay cached in DuckDB's buffer pool, beside the
 * blocks of the files loaded before it, as long as the limit leaves room. Under this limit DuckDB drops those
 * blocks as it writes (they are on disk already) and keeps the rest. Five 1M files, alternated with the build
 * before: peak RSS 1,376-1,449 MiB against 1,424-1,605, the same rows and CPU time, nothing spilled.
 */
export async function insertMemoryLimit(store: Store, rows: number): Promise<string | undefined> {
  const limit = memoryLimitBytes(store.openedMemoryLimit);
  const { held, threads } = (await store.one<{ held: number | bigint; threads: number | bigint }>(sqlOf(SQL, 'held')))!;
  const want = Number(held) + Number(threads) * perThread(Number(held) / Math.max(1, rows));
  if (limit === undefined || want >= limit) return undefined;
  return `${Math.ceil(want / 2 ** 20)}MiB`;
}
