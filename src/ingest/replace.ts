import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';

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
  for (const t of ['ticket', 'change', 'problem', 'asset', 'change_ci', 'ticket_event', 'rejects', 'source_file']) {
    await store.run(`DELETE FROM "${t}" WHERE file_id = ${id}`);
  }
  return { records, events, rejects };
}

/** SQL: the file_ids ingested after the one being replaced, first ingested at `ingestedAtUs` (µs since the epoch). */
export function laterFiles(ingestedAtUs: number): string {
  return `SELECT file_id FROM source_file WHERE epoch_us(ingested_at) > ${Math.trunc(ingestedAtUs)}`;
}
