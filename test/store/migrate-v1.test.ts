/**
 * Migrating a real version-1 database (issue 20.7). test/store/v1-release.duckdb.gz is a database the v1 release
 * itself wrote: commit 98f6ac4 built (`git archive 98f6ac4`, `tsc -p tsconfig.build.json`) and run as
 * `itsm-lens ingest --db v1.duckdb incident.csv change_request.csv problem.csv`, each file the header and first
 * 60 rows of fixtures/servicenow/<name>.csv (35 KB gzipped; DuckDB 1.5.6).
 *
 * Why a file the old code wrote rather than one built here from the frozen DDL: a file built from
 * src/store/schema-v1.sql would only test that file against itself. The old release's own output checks the
 * freeze (step 1 must make exactly the tables it made) and brings rows written by the v1 ingest through every
 * later step, as a user's database would come.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { expectedColumns, MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { Store } from '../../src/store/db.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const dir = tempDir('itsm-lens-migrate-v1-');
const V1 = join(dir, 'v1.duckdb');
writeFileSync(V1, gunzipSync(readFileSync(join(ROOT, 'test', 'store', 'v1-release.duckdb.gz'))));

/** Plain DuckDB on a copy of a file (no itsm-lens code, no migration): the rows of `sql`. */
async function plain(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const copy = join(dir, `plain-${Math.random().toString(36).slice(2)}.duckdb`);
  copyFileSync(path, copy);
  const db = await DuckDBInstance.create(copy);
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const COLUMNS = `SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns
  WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`;

describe('a database the v1 release wrote', () => {
  it('has exactly the tables and columns that the frozen step 1 makes', async () => {
    expect(await plain(V1, `SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual([{ value: '1' }]);
    const fresh = join(dir, 'step1.duckdb');
    const db = await DuckDBInstance.create(fresh);
    const conn = await db.connect();
    for (const sql of MIGRATIONS[0]!.statements()) await conn.run(sql);
    conn.closeSync();
    db.closeSync();
    const step1 = await plain(fresh, COLUMNS);
    expect(await plain(V1, COLUMNS)).toEqual(step1);
    // the step that a later release would break by reading today's FIELDS: v1 had no major_incident
    expect(step1.filter((r) => r.t === 'ticket').map((r) => r.c)).not.toContain('major_incident');
    expect(step1.filter((r) => r.t === 'source_file').map((r) => r.c)).toContain('header_style');
  });

  it('migrates to the current version with the columns of a new database, and kpi reads it', async () => {
    // the reference figures: plain SQL on the v1 file, before any itsm-lens code opens it
    const [ref] = await plain(V1, `SELECT
        (SELECT count(*) FROM ticket WHERE kind = 'incident') AS incidents,
        (SELECT count(*) FROM change) AS changes,
        (SELECT count(*) FROM problem) AS problems,
        (SELECT count(*) FROM ticket WHERE kind = 'incident' AND resolved_at >= opened_at) AS resolved,
        (SELECT median((epoch(resolved_at) - epoch(opened_at)) / 3600) FROM ticket WHERE kind = 'incident' AND resolved_at >= opened_at) AS median_h,
        (SELECT count(*) FROM source_file) AS files`);
    expect(ref).toMatchObject({ incidents: '20', changes: '60', problems: '20', files: '3' });

    const migrated = join(dir, 'migrated.duckdb');
    copyFileSync(V1, migrated);
    const store = await Store.open(migrated);
    store.close();
    const fresh = join(dir, 'fresh.duckdb');
    (await Store.open(fresh)).close();
    const [after, now] = [await plain(migrated, COLUMNS), await plain(fresh, COLUMNS)];
    expect(after).toEqual(now);
    expect(await plain(migrated, `SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual([{ value: String(SCHEMA_VERSION) }]);
    // every column schema.ts declares, with its type (a field added to FIELDS needs a step that adds it)
    for (const t of ['ticket', 'change', 'problem', 'asset'] as const) {
      const cols = Object.fromEntries(after.filter((r) => r.t === t).map((r) => [r.c, r.type]));
      expect(cols, t).toEqual(Object.fromEntries(Object.entries(expectedColumns(t)).map(([c, type]) => [c, type.replace('TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE')])));
    }
    // the rows the v1 ingest wrote are all there, the columns steps 2-6 added empty
    expect(await plain(migrated, `SELECT count(*) AS n, count(major_incident) AS marked FROM ticket`)).toEqual([{ n: '20', marked: '0' }]);
    expect(await plain(migrated, `SELECT count(*) AS n, count(replaced_at) AS replaced FROM source_file`)).toEqual([{ n: '3', replaced: '0' }]);

    const r = cli(['kpi', '--json', '--db', migrated]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.counts).toMatchObject({ incidents: 20, changes: 60, problems: 20 });
    expect(doc.kpis.mttr.n).toBe(Number(ref!.resolved));
    expect(doc.kpis.mttr.median).toBeCloseTo(Number(ref!.median_h), 2);
  });
});
