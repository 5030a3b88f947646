import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { escapeGlob, ident, lit, type Store } from '../store/db.js';
import { EXPORT_TABLES, MANIFEST, MANIFEST_SCHEMA, SCHEMA_DIR } from './tables.js';

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
  /** per tenant ('' without --tenant): rows per table and when it was written */
  exports: Record<string, { exported_at: string; rows: Record<string, number> }>;
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

/**
 * Writes the canonical tables as Parquet under DIR/<table>/[tenant=NAME/]month=YYYY-MM/ (hive layout that
 * Spark, Trino and DuckDB read as partitions; a row without a month goes to month=__HIVE_DEFAULT_PARTITION__).
 * A re-export replaces what this database (or this tenant) wrote before and leaves other tenants alone.
 */
export async function exportParquet(store: Store, dirArg: string, opts: ExportOptions = {}): Promise<{ dir: string; tables: Record<string, TableExport> }> {
  const dir = resolve(dirArg);
  const tenant = opts.tenant;
  if (tenant !== undefined && !TENANT_RE.test(tenant)) {
    throw new UserError(`--tenant '${tenant}': use letters, digits, '.', '_' or '-' (up to 64, no spaces or '/')`);
  }
  const previous = readManifest(dir);
  if (!previous && existsSync(dir) && readdirSync(dir).length > 0) {
    throw new UserError(`${dir} is not empty and holds no itsm-lens export (${MANIFEST}); choose a new or empty folder`);
  }
  if (previous && previous.tenanted !== (tenant !== undefined)) {
    throw new UserError(
      previous.tenanted ? `${dir} pools tenants; pass --tenant NAME to add this database to it` : `${dir} holds an export without tenants; --tenant needs a new folder`,
    );
  }
  mkdirSync(join(dir, SCHEMA_DIR), { recursive: true });
  const tables: Record<string, TableExport> = {};
  for (const t of EXPORT_TABLES) {
    const partitionBy = [...(tenant !== undefined ? ['tenant'] : []), ...(t.month ? ['month'] : [])];
    const target = join(dir, t.table);
    // only what this database wrote before is replaced
    rmSync(tenant !== undefined ? join(target, `tenant=${tenant}`) : target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    const src = ident(t.table);
    await store.run(`COPY (SELECT * FROM ${src} LIMIT 0) TO ${lit(join(dir, SCHEMA_DIR, `${t.table}.parquet`))} (FORMAT parquet)`);
    const rows = Number((await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${src}`))?.n ?? 0);
    if (rows > 0) {
      if (partitionBy.length) {
        const extra = [tenant !== undefined ? `${lit(tenant)} AS tenant` : null, t.month ? `${monthSql(t.month)} AS month` : null].filter(Boolean).join(', ');
        await store.run(`COPY (SELECT *, ${extra} FROM ${src}) TO ${lit(target)}
          (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${partitionBy.join(', ')}), OVERWRITE_OR_IGNORE)`);
      } else {
        await store.run(`COPY ${src} TO ${lit(join(target, 'data_0.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
      }
    }
    const files = await store.all<{ file: string }>(`SELECT file FROM glob(${lit(escapeGlob(tenant !== undefined ? join(target, `tenant=${tenant}`) : target) + '/**/*.parquet')})`);
    const partitions = t.month ? new Set(files.map((f) => /month=([^/]+)/.exec(f.file)?.[1])).size : files.length ? 1 : 0;
    tables[t.table] = { rows, partitions, partition_by: partitionBy, month_from: t.month };
  }
  const manifest: ParquetManifest = {
    schema: MANIFEST_SCHEMA,
    tenanted: tenant !== undefined,
    layout: `<table>/${tenant !== undefined ? 'tenant=<name>/' : ''}month=<YYYY-MM>/*.parquet`,
    tables: Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, { partition_by: v.partition_by, month_from: v.month_from }])),
    exports: {
      ...(previous?.exports ?? {}),
      [tenant ?? '']: { exported_at: new Date().toISOString(), rows: Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.rows])) },
    },
  };
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return { dir, tables };
}
