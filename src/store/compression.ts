import type { Store } from './db.js';
import { ident, lit } from './db.js';
import { FIELDS, KEY_COLUMN, type CanonicalTable } from './schema.js';
import { loadSqlFile, sqlOf } from './sql-file.js';

/** The statements (compression.sql). */
const SQL = loadSqlFile('store/compression.sql');

/**
 * DuckDB picks each column's compression at write time by trying its methods on the data: for text, both a
 * dictionary and FSST (a symbol table). Where the column's nature settles the answer, the other method's analysis
 * is wasted work: a dictionary for the provenance columns (one value per file) and the enum fields (a fixed
 * vocabulary), FSST for the key and the id (one value per record) and the raw text of the timestamps every record
 * carries (opened, resolved, closed, updated: nearly one value per record). Writing 1M ServiceNow tickets: 7.2-7.9
 * CPU-s with DuckDB's choice, 6.2-6.5 with these declared, the file the same size (153 MiB) and the methods those
 * DuckDB chose on that data. (FSST declared for every timestamp's raw text too: +7 % file size, the mostly empty
 * ones took a dictionary.) Declared only where there is one method to pick for any export, never for a column whose
 * values vary with the export (a category, a group, a status's raw text).
 */
export function compressionOf(table: CanonicalTable, column: string): 'dictionary' | 'fsst' | undefined {
  const enums = FIELDS[table].filter((f) => f.type === 'enum').map((f) => f.name);
  if (['file_id', 'source_tool', 'source_table', ...enums].includes(column)) return 'dictionary';
  const lifecycle = ['opened_at', 'resolved_at', 'closed_at', 'updated_at'].filter((f) => FIELDS[table].some((d) => d.name === f && d.raw));
  if ([KEY_COLUMN[table], 'source_id', ...lifecycle.map((f) => `${f}_raw`)].includes(column)) return 'fsst';
  return undefined;
}

/**
 * Declares the methods (compressionOf) on `table` while it is empty: the first load into a database. The table
 * is replaced by one with the same columns, types, NOT NULL and order, in the caller's transaction; a table that
 * holds rows keeps DuckDB's own choice (its rows would have to be copied). DuckDB has no ALTER for a column's
 * compression, and the step-1 schema that creates the tables is frozen (migrations.ts).
 */
export async function declareCompression(store: Store, table: CanonicalTable): Promise<void> {
  if (!(await store.one<{ empty: boolean }>(sqlOf(SQL, 'empty', { table: ident(table) })))!.empty) return;
  const cols = await store.all<{ name: string; type: string; nullable: boolean }>(sqlOf(SQL, 'columns', { table: lit(table) }));
  const defs = cols.map((c) => {
    const method = c.type === 'VARCHAR' ? compressionOf(table, c.name) : undefined;
    return `${ident(c.name)} ${c.type}${c.nullable ? '' : ' NOT NULL'}${method ? ` USING COMPRESSION ${method}` : ''}`;
  });
  if (!defs.some((d) => d.includes(' USING COMPRESSION '))) return;
  await store.run(sqlOf(SQL, 'swap', { fresh: ident(`${table}__declared`), table: ident(table), name: ident(table), columns: defs.join(', ') }));
}
