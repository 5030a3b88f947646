import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { recordHashExpr, type CanonicalTable } from '../store/schema.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The statements below (replace.sql says what each does). */
const SQL = loadSqlFile('ingest/replace.sql');

/**
 * `ingest --replace` (issue 17, item 7): what one file loaded is removed, inside the transaction that loads it
 * again, so a failure leaves the old load in place. A record belongs to the file that last wrote it (its
 * `file_id`): the file's own records go; records a file ingested after it wrote are not its to remove, and
 * the reload does not overwrite them either (its rows for them are rejected as superseded, `laterFiles`).
 * A record this file overwrote when it was first loaded is gone since then and is not brought back.
 */

export interface Removed {
  records: number;
  events: number;
  rejects: number;
}

export async function removeFileLoad(store: Store, fileId: string): Promise<Removed> {
  const id = lit(fileId);
  const { records, events, rejects } = (await store.one<Removed>(sqlOf(SQL, 'loaded', { id })))!;
  await store.run(sqlOf(SQL, 'remove', { id }));
  return { records, events, rejects };
}

/** SQL: the file_ids ingested after the one being replaced, first ingested at `ingestedAtUs` (µs since the epoch). */
export function laterFiles(ingestedAtUs: number): string {
  return sqlOf(SQL, 'later_files', { after_us: Math.trunc(ingestedAtUs) });
}

/**
 * The same data twice (issue 17, item 8): the xlsx and the csv of one export, or a CSV written again with
 * another delimiter, have different sha256s but load the same records. A file's "rows" are compared as the
 * canonical records it wrote, so a date written `2016-02-29 01:16` in one and as an Excel serial in the other
 * compare equal: `count:sum(hash(fields))` over the file's records in each table, typed canonical fields only
 * (not the `_raw` text, `extra`, keys or provenance, which differ between formats: ids made from the file and
 * line for an export with no id column). One columnar scan of the rows just written; order-independent.
 */
export async function rowsHash(store: Store, fileId: string, tables: CanonicalTable[]): Promise<string> {
  const parts = tables.map(
    (t) => `SELECT count(*) AS n, sum(${recordHashExpr(t)})::HUGEINT AS h FROM "${t}" WHERE file_id = ${lit(fileId)}`,
  );
  const r = (await store.one<{ n: number; h: string | null }>(sqlOf(SQL, 'rows_hash', { hashes: parts.join(' UNION ALL ') })))!;
  return `${r.n}:${r.h ?? 0}`;
}

/**
 * Files loaded before rows_hash existed (schema 4) get theirs from the records each holds now, once, before
 * the next ingest compares against them; in SQL here rather than in a migration, whose steps must not
 * depend on the canonical fields of a later release.
 */
export async function backfillRowsHashes(store: Store): Promise<void> {
  const missing = await store.one<{ n: number }>(sqlOf(SQL, 'missing_hashes'));
  if (!missing?.n) return;
  const tables = (['ticket', 'change', 'problem', 'asset'] as const).map(
    (t) => `SELECT file_id, count(*) AS n, sum(${recordHashExpr(t)})::HUGEINT AS h FROM "${t}" WHERE file_id IN (SELECT file_id FROM todo) GROUP BY file_id`,
  );
  await store.run(sqlOf(SQL, 'backfill', { hashes: tables.join(' UNION ALL ') }));
}

/** A file whose records equal those of a file already loaded: the ingest skips it unless told otherwise. */
export class SameRows extends Error {
  constructor(readonly other: { file_id: string; path: string }) {
    super(`same rows as ${other.path}`);
  }
}
