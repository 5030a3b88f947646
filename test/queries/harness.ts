/**
 * Value tests of single query files (sqllogictest style): a fresh in-memory store, a few canonical rows
 * written in the test, one metric run the way `kpi` runs it (same macros, derived tables, rounding).
 * Expected values are derived by hand in each test, never from our own code.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectConfig, type ProjectConfig } from '../../src/config/project.js';
import { computeMetric, type Period } from '../../src/metrics/kpi.js';
import { KEY_COLUMN, type CanonicalTable } from '../../src/store/schema.js';
import { Store } from '../../src/store/db.js';
import { tempDir } from '../helpers.js';

type Value = string | number | boolean | null;
export type Rec = Record<string, Value>;

export interface Rows {
  ticket?: Rec[];
  change?: Rec[];
  problem?: Rec[];
  asset?: Rec[];
  /** record_key is the ticket's key: `t:<source_id>` */
  ticket_event?: Rec[];
  /** change_key is the change's key: `c:<source_id>` */
  change_ci?: Rec[];
}

const PREFIX: Record<CanonicalTable, string> = { ticket: 't', change: 'c', problem: 'p', asset: 'a' };

function sqlValue(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  return `'${v.replaceAll("'", "''")}'`;
}

async function insert(store: Store, table: string, rows: Rec[]): Promise<void> {
  for (const r of rows) {
    const cols = Object.keys(r);
    await store.run(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => sqlValue(r[c]!)).join(', ')})`);
  }
}

/**
 * An in-memory store holding exactly these rows. Canonical records get their key from source_id
 * (`t:INC1`, `c:CHG1`, `p:PRB1`, `a:A1`); timestamps are written as UTC wall-clock text.
 */
export async function storeWith(rows: Rows): Promise<Store> {
  const store = await Store.open(':memory:');
  for (const table of ['ticket', 'change', 'problem', 'asset'] as const) {
    const recs = (rows[table] ?? []).map((r) => ({ [KEY_COLUMN[table]]: `${PREFIX[table]}:${r.source_id}`, ...r }));
    await insert(store, table, recs);
  }
  await insert(store, 'ticket_event', (rows.ticket_event ?? []).map((r) => ({ record_kind: 'ticket', ...r })));
  await insert(store, 'change_ci', rows.change_ci ?? []);
  return store;
}

/** A project config from YAML text, read the way `--config` reads it. */
export function configFrom(yaml: string): ProjectConfig {
  const path = join(tempDir(), 'itsm-lens.config.yaml');
  writeFileSync(path, yaml);
  return loadProjectConfig(path);
}

export const ALL: Period = { from: null, to: null };

/** One metric's overall row; `period` defaults to everything, `config` to none. */
export function metric(store: Store, id: string, period: Period = ALL, config?: ProjectConfig): Promise<Record<string, any>> {
  return computeMetric(store, id, period, config ? { config } : {});
}
