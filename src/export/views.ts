import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { escapeGlob, ident, lit, pathLit, type Store } from '../store/db.js';
import { PARQUET_SQL as SQL, readManifest } from './parquet.js';
import { SCHEMA_DIR } from './tables.js';
import { sqlOf } from '../store/sql-file.js';

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
    const found = await store.one<{ n: number }>(sqlOf(SQL, 'files', { glob: lit(glob) }));
    await store.run(
      Number(found?.n ?? 0) > 0
        ? sqlOf(SQL, 'view', { table: ident(table), exclude: t.partition_by.length ? `EXCLUDE (${t.partition_by.join(', ')})` : '', glob: lit(glob), hive: String(t.partition_by.length > 0) })
        : sqlOf(SQL, 'schema_view', { table: ident(table), path: pathLit(join(dir, SCHEMA_DIR, `${table}.parquet`)) }),
    );
    out.push(table);
  }
  return out;
}
