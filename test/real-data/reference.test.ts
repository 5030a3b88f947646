/**
 * Issue 19.2: every figure the real-data suite pins has an independent computation committed. This runs the
 * plain-SQL scripts of test/real-data/reference/ on a bare DuckDB connection (no itsm-lens code: no Store, no
 * adapter, no ingest) over the raw files and requires exactly the figures the other real-data tests pin
 * (reference/figures.ts). Skips visibly without ../shared/data, like the rest of the real-data suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ROOT, SHARED_DATA } from '../helpers.js';
import { HPSM_BPI2014, SERVICENOW_UCI } from './reference/figures.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] SKIPPED: ${SHARED_DATA} not found; the reference scripts run where ../shared/data exists (CI).\n`);

/** The script as anyone would run it from the repository root, with ../shared/data pointed at SHARED_DATA. */
async function runScript(name: string): Promise<Record<string, number>> {
  const sql = readFileSync(join(ROOT, 'test', 'real-data', 'reference', name), 'utf8').replaceAll("'../shared/data/", `'${SHARED_DATA}/`);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const rows = (await con.runAndReadAll(sql)).getRowObjects() as { figure: string; value: number }[];
    return Object.fromEntries(rows.map((r) => [r.figure, Number(r.value)]));
  } finally {
    con.closeSync();
  }
}

describe.skipIf(!present)('reference scripts reproduce the pinned real-data figures', () => {
  it('servicenow-uci.sql', async () => {
    expect(await runScript('servicenow-uci.sql')).toEqual(SERVICENOW_UCI);
  });
  it('hpsm-bpi2014.sql', async () => {
    expect(await runScript('hpsm-bpi2014.sql')).toEqual(HPSM_BPI2014);
  });
});
