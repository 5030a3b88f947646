import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import { ident, lit, type Store } from '../store/db.js';
import { OutputFolder, type OutputKind, type WrittenFile } from '../store/output-folder.js';
import { EXPORT_TABLES, MANIFEST, MANIFEST_SCHEMA, SCHEMA_DIR } from './tables.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** Writing and reading an export folder (parquet.sql). */
export const PARQUET_SQL = loadSqlFile('export/parquet.sql');
const SQL = PARQUET_SQL;

export interface ExportOptions {
  /** pool several databases in one folder: each writes under `tenant=NAME/` */
  tenant?: string;
}

export interface TableExport {
  rows: number;
  partitions: number;
  partition_by: string[];
  month_from: string | null;
}

export interface ParquetManifest {
  schema: typeof MANIFEST_SCHEMA;
  /** true when every table is partitioned by tenant first (`--tenant`) */
  tenanted: boolean;
  layout: string;
  tables: Record<string, { partition_by: string[]; month_from: string | null }>;
  /** per tenant ('' without --tenant): rows per table, when it was written and the files it wrote (relative to
   *  the folder; every file of the folder that this tenant's next export may replace or delete) */
  exports: Record<string, { exported_at: string; rows: Record<string, number>; files?: WrittenFile[] }>;
}

const TENANT_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The UTC month of a timestamp, as dimensions.ts computes it for `--by month` (no ICU work per row). */
const monthSql = (col: string) => `strftime(make_timestamp(epoch_us(${ident(col)})), '%Y-%m')`;

export function readManifest(dir: string): ParquetManifest | undefined {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  const m = JSON.parse(readFileSync(path, 'utf8')) as ParquetManifest;
  if (m.schema !== MANIFEST_SCHEMA) throw new UserError(`${path}: not an itsm-lens Parquet export (schema ${String(m.schema)})`);
  return m;
}

/** An export folder: the manifest lists, per tenant ('' without --tenant), the files that tenant's export wrote. */
const EXPORT_FOLDER: OutputKind<ParquetManifest> = {
  command: 'export --parquet',
  noun: 'export',
  manifest: MANIFEST,
  parse(text) {
    const m = JSON.parse(text) as ParquetManifest;
    return m?.schema === MANIFEST_SCHEMA && m.exports ? m : undefined;
  },
  owned: (m) => Object.fromEntries(Object.entries(m.exports).map(([t, e]) => [t, (e.files ?? []).map((f) => f.path)])),
};

/**
 * Writes the canonical tables as Parquet under DIR/<table>/[tenant=NAME/]month=YYYY-MM/ (hive layout that
 * Spark, Trino and DuckDB read as partitions; a row without a month goes to month=__HIVE_DEFAULT_PARTITION__).
 * A re-export replaces what this database (or this tenant) wrote before and leaves other tenants alone. The
 * files are written into a stage inside DIR and renamed into place, the manifest last (src/store/output-folder.ts):
 * a killed export leaves the previous export whole, never an empty or half-written Parquet file.
 */
export async function exportParquet(store: Store, dirArg: string, opts: ExportOptions = {}): Promise<{ dir: string; tables: Record<string, TableExport> }> {
  const tenant = opts.tenant;
  if (tenant !== undefined && !TENANT_RE.test(tenant)) {
    throw new UserError(`--tenant '${tenant}': use letters, digits, '.', '_' or '-' (up to 64, no spaces or '/')`);
  }
  return OutputFolder.with(dirArg, EXPORT_FOLDER, (folder) => writeExport(store, folder, tenant), tenant ?? '');
}

async function writeExport(store: Store, folder: OutputFolder<ParquetManifest>, tenant: string | undefined): Promise<{ dir: string; tables: Record<string, TableExport> }> {
  const { dir, stage, previous } = folder;
  if (previous && previous.tenanted !== (tenant !== undefined)) {
    throw new UserError(
      previous.tenanted ? `${dir} pools tenants; pass --tenant NAME to add this database to it` : `${dir} holds an export without tenants; --tenant needs a new folder`,
    );
  }
  await mkdir(join(stage, SCHEMA_DIR));
  const tables: Record<string, TableExport> = {};
  for (const t of EXPORT_TABLES) {
    const partitionBy = [...(tenant !== undefined ? ['tenant'] : []), ...(t.month ? ['month'] : [])];
    const target = join(stage, t.table);
    const src = ident(t.table);
    await store.run(sqlOf(SQL, 'schema_file', { table: src, path: lit(join(stage, SCHEMA_DIR, `${t.table}.parquet`)) }));
    const rows = Number((await store.one<{ n: number }>(sqlOf(SQL, 'rows', { table: src })))?.n ?? 0);
    if (rows > 0) {
      if (partitionBy.length) {
        const extra = [tenant !== undefined ? `${lit(tenant)} AS tenant` : null, t.month ? `${monthSql(t.month)} AS month` : null].filter(Boolean).join(', ');
        await store.run(sqlOf(SQL, 'partitioned', { extra, table: src, path: lit(target), partition_by: partitionBy.join(', ') }));
      } else {
        await mkdir(target);
        await store.run(sqlOf(SQL, 'whole', { table: src, path: lit(join(target, 'data_0.parquet')) }));
      }
    }
    tables[t.table] = { rows, partitions: 0, partition_by: partitionBy, month_from: t.month };
  }
  const files = (await readdir(stage, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => relative(stage, join(d.parentPath, d.name)).split(sep).join('/'))
    .sort();
  for (const [table, t] of Object.entries(tables)) {
    const own = files.filter((f) => f.startsWith(`${table}/`));
    t.partitions = t.month_from ? new Set(own.map((f) => /month=([^/]+)/.exec(f)?.[1])).size : own.length ? 1 : 0;
  }
  await folder.commit(files, (written) => {
    const manifest: ParquetManifest = {
      schema: MANIFEST_SCHEMA,
      tenanted: tenant !== undefined,
      layout: `<table>/${tenant !== undefined ? 'tenant=<name>/' : ''}month=<YYYY-MM>/*.parquet`,
      tables: Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, { partition_by: v.partition_by, month_from: v.month_from }])),
      exports: {
        ...(previous?.exports ?? {}),
        [tenant ?? '']: { exported_at: new Date().toISOString(), rows: Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.rows])), files: written },
      },
    };
    return JSON.stringify(manifest, null, 2) + '\n';
  });
  return { dir, tables };
}
