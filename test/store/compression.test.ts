/**
 * Compression declared where a column's nature settles it (src/store/compression.ts): the first load into an
 * empty table declares it, and the table keeps its columns, types, NOT NULL and order; a table that holds rows is
 * left as it is. Expected methods are those the rule names (a dictionary for provenance and enum fields, FSST for
 * keys, ids and the lifecycle timestamps' raw text), read back from DuckDB's own storage info.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { compressionOf } from '../../src/store/compression.js';
import { Store } from '../../src/store/db.js';
import { ROOT, tempDir } from '../helpers.js';

const columns = (s: Store, table: string) =>
  s.all<{ column_name: string; data_type: string; is_nullable: boolean }>(
    `SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`,
  );
/** column → the compression methods of its data segments */
async function methods(s: Store, table: string): Promise<Map<string, string>> {
  const rows = await s.all<{ c: string; m: string }>(
    `SELECT column_name AS c, string_agg(DISTINCT compression, ',' ORDER BY compression) AS m FROM pragma_storage_info('${table}')
      WHERE segment_type = 'VARCHAR' GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.c, r.m]));
}

describe('declared compression', () => {
  it('names a method only where one fits any export', () => {
    expect(compressionOf('ticket', 'source_tool')).toBe('dictionary');
    expect(compressionOf('ticket', 'status')).toBe('dictionary'); // enum: a fixed vocabulary
    expect(compressionOf('change', 'approval')).toBe('dictionary');
    expect(compressionOf('ticket', 'ticket_key')).toBe('fsst');
    expect(compressionOf('change', 'change_key')).toBe('fsst');
    expect(compressionOf('ticket', 'opened_at_raw')).toBe('fsst');
    expect(compressionOf('asset', 'updated_at_raw')).toBe('fsst');
    // values that vary with the export: DuckDB chooses
    for (const c of ['status_raw', 'category', 'assignment_group', 'due_at_raw', 'title', 'extra']) expect(compressionOf('ticket', c)).toBeUndefined();
    expect(compressionOf('asset', 'purchase_date_raw')).toBeUndefined();
  });

  it('is declared by the first load, with the columns unchanged, and a table with rows is left alone', async () => {
    const dir = tempDir('itsm-lens-compression-');
    const s = await Store.open(join(dir, 'db.duckdb'));
    try {
      const before = await columns(s, 'ticket');
      await ingestPaths(s, { paths: [join(ROOT, 'fixtures', 'servicenow', 'incident.csv')] });
      expect(await columns(s, 'ticket')).toEqual(before);
      await s.run('CHECKPOINT'); // the rows are compressed when written to the file
      const m = await methods(s, 'ticket');
      // 3 to 40 rows: DuckDB's own choice for these would not be FSST (a dictionary or none)
      expect(m.get('ticket_key')).toBe('FSST');
      expect(m.get('source_id')).toBe('FSST');
      expect(m.get('opened_at_raw')).toBe('FSST');
      expect(m.get('source_tool')).toBe('Dictionary');
      expect(m.get('file_id')).toBe('Dictionary');
      expect(m.get('status')).toBe('Dictionary');
      const n = (await s.one<{ n: number }>('SELECT count(*) AS n FROM ticket'))!.n;
      expect(n).toBeGreaterThan(0);
      // a second file of another tool: the table holds rows, nothing is declared again and nothing is lost
      await ingestPaths(s, { paths: [join(ROOT, 'fixtures', 'jira', 'Jira.csv')] });
      expect(await columns(s, 'ticket')).toEqual(before);
      expect((await s.one<{ n: number }>(`SELECT count(*) AS n FROM ticket WHERE source_tool = 'servicenow'`))!.n).toBe(n);
    } finally {
      s.close();
    }
  });
});
