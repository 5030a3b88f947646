import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { recordHashExpr, type CanonicalTable } from '../store/schema.js';

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
  const count = async (sql: string) => (await store.one<{ n: number }>(sql))!.n;
  const perTable = ['ticket', 'change', 'problem', 'asset'].map((t) => `SELECT count(*) AS n FROM "${t}" WHERE file_id = ${id}`);
  const records = await count(`SELECT sum(n)::BIGINT AS n FROM (${perTable.join(' UNION ALL ')})`);
  const events = await count(`SELECT count(*) AS n FROM ticket_event WHERE file_id = ${id}`);
  const rejects = await count(`SELECT count(*) AS n FROM rejects WHERE file_id = ${id}`);
  for (const t of ['ticket', 'change', 'problem', 'asset', 'change_ci', 'ticket_service', 'ticket_event', 'rejects', 'source_file']) {
    await store.run(`DELETE FROM "${t}" WHERE file_id = ${id}`);
  }
  return { records, events, rejects };
}

/** SQL: the file_ids ingested after the one being replaced, first ingested at `ingestedAtUs` (µs since the epoch). */
export function laterFiles(ingestedAtUs: number): string {
  return `SELECT file_id FROM source_file WHERE epoch_us(ingested_at) > ${Math.trunc(ingestedAtUs)}`;
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
  const r = (await store.one<{ n: number; h: string | null }>(`SELECT sum(n)::BIGINT AS n, sum(h)::VARCHAR AS h FROM (${parts.join(' UNION ALL ')})`))!;
  return `${r.n}:${r.h ?? 0}`;
}

/**
 * Files loaded before rows_hash existed (schema 4) get theirs from the records each holds now, once, before
 * the next ingest compares against them; in SQL here rather than in a migration, whose steps must not
 * depend on the canonical fields of a later release.
 */
export async function backfillRowsHashes(store: Store): Promise<void> {
  const missing = await store.one<{ n: number }>('SELECT count(*) AS n FROM source_file WHERE rows_hash IS NULL');
  if (!missing?.n) return;
  const tables = (['ticket', 'change', 'problem', 'asset'] as const).map(
    (t) => `SELECT file_id, count(*) AS n, sum(${recordHashExpr(t)})::HUGEINT AS h FROM "${t}" WHERE file_id IN (SELECT file_id FROM todo) GROUP BY file_id`,
  );
  await store.run(`UPDATE source_file SET rows_hash = coalesce(h.v, '0:0') FROM (
      WITH todo AS (SELECT file_id FROM source_file WHERE rows_hash IS NULL)
      SELECT todo.file_id, sum(n)::BIGINT || ':' || sum(h)::VARCHAR AS v FROM todo LEFT JOIN (${tables.join(' UNION ALL ')}) r USING (file_id) GROUP BY todo.file_id) h
    WHERE source_file.file_id = h.file_id`);
}

/** A file whose records equal those of a file already loaded: the ingest skips it unless told otherwise. */
export class SameRows extends Error {
  constructor(readonly other: { file_id: string; path: string }) {
    super(`same rows as ${other.path}`);
  }
}
