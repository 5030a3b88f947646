/**
 * `ingest --replace` (issue 17, item 7): a file already ingested (same sha256) is loaded again after a
 * corrected mapping, its earlier load removed in the same transaction. Expected figures are hand-computed
 * from the rows below.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { cli, tempDir } from '../helpers.js';
import { replaceFixture } from './replace-fixture.js';

const dir = tempDir('itsm-lens-replace-');
const { march, withoutFixed, withFixed } = replaceFixture(dir);

async function query<T>(db: string, sql: string): Promise<T[]> {
  const s = await Store.open(db, { readOnly: true });
  try {
    return await s.all<T>(sql);
  } finally {
    s.close();
  }
}

const fileRow = `SELECT rows_read, rows_loaded, rows_rejected, (SELECT count(*) FROM rejects r WHERE r.file_id = f.file_id) AS rejects,
  (SELECT count(*) FROM ticket t WHERE t.file_id = f.file_id) AS tickets, epoch_us(ingested_at) AS first, replaced_at IS NOT NULL AS replaced FROM source_file f`;

describe('ingest --replace', () => {
  it('after a mapping change gives the new figures, and rows_read = loaded + rejected for the file', async () => {
    const db = join(dir, 'm.duckdb');
    expect(cli(['ingest', '--db', db, '--mapping', withoutFixed, march]).code).toBe(0);
    const [first] = await query<Record<string, unknown>>(db, fileRow);
    expect(first).toMatchObject({ rows_read: 4, rows_loaded: 3, rows_rejected: 1, rejects: 1, tickets: 3, replaced: false });
    expect(await query(db, 'SELECT count(resolved_at) AS n FROM ticket')).toEqual([{ n: 0 }]);

    const again = cli(['ingest', '--db', db, '--mapping', withFixed, march]);
    expect(again.stdout).toMatch(/already ingested \(same sha256\), nothing changed \(--replace loads it again\)/);

    const r = cli(['ingest', '--db', db, '--json', '--replace', '--mapping', withFixed, march]);
    expect(r.code, r.stderr).toBe(0);
    const [s] = JSON.parse(r.stdout).files;
    expect(s).toMatchObject({ status: 'loaded', rows_read: 4, rows_loaded: 3, rows_rejected: 1, replaced: { records: 3, events: 0, rejects: 1 } });
    const [after] = await query<Record<string, unknown>>(db, fileRow);
    expect(after).toMatchObject({ rows_read: 4, rows_loaded: 3, rows_rejected: 1, rejects: 1, tickets: 3, replaced: true, first: first!.first });
    // the new figures: MTTR over T-1 (1 h) and T-2 (3 h)
    const kpi = JSON.parse(cli(['kpi', '--json', '--db', db]).stdout);
    expect(kpi.kpis.mttr).toMatchObject({ n: 2, mean: 2, median: 2 });
  });
  // (the in-process cases, which StrykerJS can run, are in loading.test.ts: a file that spawns the CLI is left out
  // of vitest.mutate.config.ts whole)
});
