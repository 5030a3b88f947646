import type { Store } from './db.js';
import { UserError } from '../errors.js';
import { tableColumns, type CanonicalTable } from './schema.js';
import { loadSqlFile, sqlOf } from './sql-file.js';

/** The steps' statements (migrations.sql). */
const SQL = loadSqlFile('store/migrations.sql');

/**
 * Versioned schema. A database records the version it was built to in `meta`; opening it with a newer
 * release applies the missing steps in order, each in its own transaction. A step is never edited once
 * released: add a new one (e.g. `ALTER TABLE ticket ADD COLUMN IF NOT EXISTS …`).
 */
export const SCHEMA_VERSION = 6;

interface Migration {
  version: number;
  description: string;
  statements: () => string[];
}

/** Schema version 1's tables as that release built them: a released step is frozen (see the file's header). */
const V1 = () => {
  const f = loadSqlFile('store/schema-v1.sql');
  return [...f.statements.keys()].map((name) => sqlOf(f, name));
};

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'canonical tables, change↔CI link, ticket events, provenance and rejects',
    statements: V1,
  },
  {
    version: 2,
    description: 'ticket_event.status: the canonical status after each update, so pauses (on hold) can be timed',
    statements: () => [sqlOf(SQL, 'v2')],
  },
  {
    version: 3,
    description: 'source_file.source_format and sheet: how an xlsx, JSON or XES input was read',
    statements: () => [sqlOf(SQL, 'v3')],
  },
  {
    version: 4,
    description: 'source_file.replaced_at (ingest --replace) and rows_hash (the same rows in another file)',
    statements: () => [sqlOf(SQL, 'v4')],
  },
  {
    version: 5,
    description: 'source_file.header_style dropped: no release ever wrote it',
    statements: () => [sqlOf(SQL, 'v5')],
  },
  {
    version: 6,
    description: 'ticket.major_incident (the tool\'s own mark) and ticket_service: every service a ticket affects (Statuspage components)',
    statements: () => [sqlOf(SQL, 'v6')],
  },
];

export async function migrate(store: Store): Promise<void> {
  // A DuckDB file of someone else's (tables, but no itsm-lens meta) is not ours to add tables to.
  const foreign = await store.one<{ tables: number; meta: number }>(sqlOf(SQL, 'foreign'));
  if (foreign && foreign.tables > 0 && foreign.meta === 0) {
    throw new UserError(`${store.path} is a DuckDB database but not an itsm-lens one (it holds ${foreign.tables} table${foreign.tables === 1 ? '' : 's'} of its own); give another --db`);
  }
  await store.run(sqlOf(SQL, 'meta'));
  const row = await store.one<{ value: string }>(sqlOf(SQL, 'version'));
  const current = row ? Number(row.value) : 0;
  if (current > SCHEMA_VERSION) {
    throw new UserError(
      `${store.path} was written by a newer itsm-lens (schema ${current}, this release reads up to ${SCHEMA_VERSION}); upgrade itsm-lens`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await store.transaction(async () => {
      for (const sql of m.statements()) await store.run(sql);
      await store.run(sqlOf(SQL, 'set_version'), { v: String(m.version) });
    });
  }
}

/**
 * Columns and types the current release expects (schema.ts), for the test that keeps the steps and schema.ts in
 * step: a field added to FIELDS needs a step that adds its column. The order is not compared: a column a later
 * step added sits after the ones step 1 made.
 */
export function expectedColumns(table: CanonicalTable): Record<string, string> {
  return Object.fromEntries(tableColumns(table).map((c) => [c.split(' ')[0]!, c.split(' ')[1]!]));
}
