import type { Store } from '../store/db.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

const SQL = loadSqlFile('metrics/macros.sql');

/** Defines the metric macros of macros.sql (reopen rules, duration statistics) on the connection. */
export async function defineMetricMacros(store: Store): Promise<void> {
  await store.run(sqlOf(SQL, 'metric_macros'));
}
