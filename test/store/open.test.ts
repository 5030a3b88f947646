/**
 * `--db` on a file that is not an itsm-lens database (issue 17, item 6): DuckDB opens a CSV given as a
 * database as an in-memory database with a view of it, so `ingest --db export.csv` "succeeded" and stored
 * nothing; a DuckDB file of someone else's got itsm-lens tables added to it. Both now exit 2 with one line,
 * and neither file changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { cli, tempDir } from '../helpers.js';

const dir = tempDir('itsm-lens-open-');
const csv = join(dir, 'incident.csv');
writeFileSync(csv, 'number,short_description,opened_at\nINC0000001,Printer,2024-03-01 08:00:00\n');

describe('--db on a file that is not an itsm-lens database', () => {
  it('a CSV file: exit 2, one line, the file unchanged', () => {
    const before = readFileSync(csv);
    for (const args of [['ingest', '--db', csv, csv], ['kpi', '--db', csv]]) {
      const r = cli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(
        `itsm-lens: ${csv} is not a DuckDB database file (DuckDB would read it as data and store nothing); give a database path such as itsm-lens.duckdb with --db`,
      );
    }
    expect(readFileSync(csv).equals(before)).toBe(true);
  });

  it("a DuckDB file of someone else's: exit 2, and no itsm-lens table is added to it", async () => {
    const other = join(dir, 'analytics.duckdb');
    const s = await Store.open(other, { migrate: false });
    await s.run('CREATE TABLE sales (id INTEGER)');
    s.close();
    // ingest, and a read-only command (which opens it read-only and checks the same)
    for (const args of [['ingest', '--db', other, csv], ['kpi', '--db', other]]) {
      const r = cli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(`itsm-lens: ${other} is a DuckDB database but not an itsm-lens one (it holds 1 table of its own); give another --db`);
    }
    const o = await Store.open(other, { migrate: false, readOnly: true });
    try {
      expect(await o.all("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()")).toEqual([{ table_name: 'sales' }]);
    } finally {
      o.close();
    }
  });
});
