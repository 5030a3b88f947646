import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { expectedColumns, MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { tempDir } from '../helpers.js';

describe('store schema', () => {
  it('records its version, builds the columns schema.ts declares (a later step\'s after step 1\'s), and reopens unchanged', async () => {
    const path = join(tempDir(), 's.duckdb');
    const a = await Store.open(path);
    expect(await a.one(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual({ value: String(SCHEMA_VERSION) });
    for (const table of ['ticket', 'change', 'problem', 'asset'] as const) {
      const cols = await a.all<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`);
      expect(cols.map((c) => c.column_name).sort()).toEqual(Object.keys(expectedColumns(table)).sort());
    }
    await a.run(`INSERT INTO ticket (ticket_key, kind) VALUES ('t:1', 'incident')`);
    a.close();
    const b = await Store.open(path);
    expect(await b.one('SELECT count(*) AS n FROM ticket')).toEqual({ n: 1 });
    b.close();
  });

  it('migrates a version-1 database forward, keeping its data', async () => {
    const path = join(tempDir(), 'v1.duckdb');
    const raw = await DuckDBInstance.create(path);
    const conn = await raw.connect();
    for (const sql of MIGRATIONS[0]!.statements()) await conn.run(sql);
    await conn.run(`INSERT INTO meta VALUES ('schema_version', '1')`);
    await conn.run(`INSERT INTO ticket_event (event_key) VALUES ('e1')`);
    conn.closeSync();
    raw.closeSync();
    const store = await Store.open(path);
    expect(await store.one(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual({ value: String(SCHEMA_VERSION) });
    expect(await store.one(`SELECT event_key, status FROM ticket_event`)).toEqual({ event_key: 'e1', status: null });
    store.close();
  });

  it('drops source_file.header_style, which no release wrote, keeping the files it lists (step 5)', async () => {
    const path = join(tempDir(), 'v4.duckdb');
    const raw = await DuckDBInstance.create(path);
    const conn = await raw.connect();
    for (const m of MIGRATIONS.filter((x) => x.version <= 4)) for (const sql of m.statements()) await conn.run(sql);
    await conn.run(`INSERT INTO meta VALUES ('schema_version', '4')`);
    await conn.run(`INSERT INTO source_file (file_id, path, rows_read) VALUES ('f1', 'a.csv', 3)`);
    conn.closeSync();
    raw.closeSync();
    const store = await Store.open(path);
    const cols = await store.all<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'source_file'`);
    expect(cols.map((c) => c.column_name)).not.toContain('header_style');
    expect(cols.map((c) => c.column_name)).toContain('rows_hash');
    expect(await store.one(`SELECT file_id, path, rows_read FROM source_file`)).toEqual({ file_id: 'f1', path: 'a.csv', rows_read: 3 });
    store.close();
  });

  it('refuses a database written by a newer release', async () => {
    const path = join(tempDir(), 's.duckdb');
    const a = await Store.open(path);
    await a.run(`UPDATE meta SET value = '999' WHERE key = 'schema_version'`);
    a.close();
    await expect(Store.open(path)).rejects.toThrow(/newer itsm-lens/);
  });

  it('rolls a failed transaction back whole', async () => {
    const store = await Store.open(join(tempDir(), 's.duckdb'));
    await expect(
      store.transaction(async () => {
        await store.run(`INSERT INTO ticket (ticket_key) VALUES ('t:1')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.one('SELECT count(*) AS n FROM ticket')).toEqual({ n: 0 });
    store.close();
  });
});
