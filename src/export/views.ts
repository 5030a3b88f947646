import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { escapeGlob, ident, lit, pathLit, type Store } from '../store/db.js';
import { readManifest } from './parquet.js';
import { SCHEMA_DIR } from './tables.js';

/**
 * Makes an export folder queryable under the table names: one view per table over read_parquet, without
 * the partition columns, so the queries in queries/ (and computeKpis) run on it unchanged. `tenant` picks
 * one tenant of a pooled folder; without it a pooled folder's views hold every tenant's rows.
 */
export async function attachParquetViews(store: Store, dirArg: string, opts: { tenant?: string } = {}): Promise<string[]> {
  const dir = resolve(dirArg);
  const m = readManifest(dir);
  if (!m) throw new UserError(`${dir} holds no itsm-lens Parquet export; write one with itsm-lens export --parquet`);
  if (opts.tenant !== undefined && !m.tenanted) throw new UserError(`${dir} has no tenants; drop --tenant`);
  const out: string[] = [];
  for (const [table, t] of Object.entries(m.tables)) {
    const root = join(dir, table, opts.tenant !== undefined ? `tenant=${opts.tenant}` : '');
    // the folder is taken literally (escaped), the file pattern below it is ours
    const glob = escapeGlob(root) + (t.partition_by.length ? '/**/*.parquet' : '/*.parquet');
    const found = await store.one<{ n: number }>(`SELECT count(*) AS n FROM glob(${lit(glob)})`);
    const body = Number(found?.n ?? 0) > 0
      ? `SELECT * ${t.partition_by.length ? `EXCLUDE (${t.partition_by.join(', ')})` : ''} FROM read_parquet(${lit(glob)}, hive_partitioning = ${t.partition_by.length > 0}, union_by_name = true)`
      : `SELECT * FROM read_parquet(${pathLit(join(dir, SCHEMA_DIR, `${table}.parquet`))})`;
    await store.run(`CREATE OR REPLACE VIEW ${ident(table)} AS ${body}`);
    out.push(table);
  }
  return out;
}
