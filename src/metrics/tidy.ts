import { writeFile } from 'node:fs/promises';
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { csvSafeSql } from '../store/csv-safe.js';
import type { KpiDocument } from './kpi-document.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The tidy table's stage and writers (tidy.sql). */
const SQL = loadSqlFile('metrics/tidy.sql');

/**
 * The kpi@1 document as one long table for analysts (pandas, polars, Power BI): one row per group, KPI and
 * statistic, with the KPI's sample size beside it. Columns: the breakdown dimensions, then
 * kpi, statistic, value (DOUBLE), n. Overall figures have NULL in every dimension column.
 */
export interface TidyTable {
  dims: string[];
  rows: { dims: (string | number | null)[]; kpi: string; statistic: string; value: number | null; n: number | null }[];
}

const NOT_STATISTICS = new Set(['n', 'unit', 'basis', 'source', 'reason', 'definition', 'variant', 'denominator', 'query', 'id', 'alternatives']);

function statistics(kpi: string, fields: Record<string, unknown>, dims: (string | number | null)[], out: TidyTable['rows']): void {
  const n = typeof fields.n === 'number' ? fields.n : null;
  for (const [k, v] of Object.entries(fields)) {
    if (NOT_STATISTICS.has(k)) continue;
    if (typeof v === 'number' || v === null) out.push({ dims, kpi, statistic: k, value: v, n });
  }
}

export function toTidy(doc: KpiDocument): TidyTable {
  const entries = Object.entries(doc.breakdowns);
  const dims = entries[0]?.[1].dimensions ?? [];
  const rows: TidyTable['rows'] = [];
  const none = dims.map(() => null);
  for (const [kpi, fields] of Object.entries(doc.kpis)) statistics(kpi, fields, none, rows);
  for (const [, b] of entries) {
    for (const g of b.groups) {
      const key = dims.map((d) => (g[d] ?? null) as string | number | null);
      for (const [kpi, fields] of Object.entries(g.kpis)) statistics(kpi, fields, key, rows);
    }
  }
  return { dims, rows };
}

/** Writes the tidy table as CSV or Parquet (through DuckDB) or Arrow IPC (through apache-arrow). */
export async function writeTidy(store: Store, t: TidyTable, path: string, format: 'csv' | 'parquet' | 'arrow'): Promise<void> {
  if (format === 'arrow') {
    // loaded only for --arrow: apache-arrow costs ~0.3 s of every kpi call's start-up otherwise
    const { tableFromArrays, tableToIPC } = await import('apache-arrow');
    const cols: Record<string, unknown[]> = {};
    t.dims.forEach((d, i) => (cols[d] = t.rows.map((r) => (r.dims[i] === null ? null : String(r.dims[i])))));
    cols.kpi = t.rows.map((r) => r.kpi);
    cols.statistic = t.rows.map((r) => r.statistic);
    const table = tableFromArrays({
      ...(cols as Record<string, string[]>),
      value: Float64Array.from(t.rows.map((r) => r.value ?? Number.NaN)),
      n: Float64Array.from(t.rows.map((r) => r.n ?? Number.NaN)),
    });
    await writeFile(path, tableToIPC(table, 'file'));
    return;
  }
  await store.run(sqlOf(SQL, 'table', { dims: t.dims.map((d) => `"${d}" VARCHAR, `).join('') }));
  const value = (v: string | number | null) => (v === null ? 'NULL' : lit(String(v)));
  for (let i = 0; i < t.rows.length; i += 1000) {
    const batch = t.rows.slice(i, i + 1000).map(
      (r) => `(${[...r.dims.map(value), lit(r.kpi), lit(r.statistic), r.value === null ? 'NULL' : String(r.value), r.n === null ? 'NULL' : String(r.n)].join(', ')})`,
    );
    if (batch.length) await store.run(sqlOf(SQL, 'insert', { rows: batch.join(', ') }));
  }
  if (format === 'parquet') {
    await store.run(sqlOf(SQL, 'parquet', { path: lit(path) }));
    return;
  }
  // A spreadsheet runs a cell starting with = + - @ (a group named '=HYPERLINK(…)'): text cells are neutralised.
  const text = [...t.dims, 'kpi', 'statistic'].map((c) => `${csvSafeSql(`"${c}"`)} AS "${c}"`).join(', ');
  await store.run(sqlOf(SQL, 'csv', { text, path: lit(path) }));
}
