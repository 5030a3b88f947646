import { lit, type Store } from '../store/db.js';
import { csvSafeSql } from '../store/csv-safe.js';
import { SLA_SQL } from './recompute.js';
import { sqlOf } from '../store/sql-file.js';

/**
 * Where the export's own SLA flag and the policy recomputed from the data disagree, ticket by ticket, with
 * the likeliest reason. Reads `sla_result` (computeSlaResults) and the event history for time on hold.
 */
export const RECONCILE_SQL = sqlOf(SLA_SQL, 'reconcile');

export interface ReconcileSummary {
  compared: number;
  agree: number;
  export_met_policy_breached: number;
  export_breached_policy_met: number;
}

export async function reconcileSummary(store: Store): Promise<ReconcileSummary | null> {
  const r = await store.one<ReconcileSummary>(sqlOf(SLA_SQL, 'reconcile_summary'));
  return r && r.compared > 0 ? r : null;
}

/**
 * `kpi --reconcile FILE`: the tickets of the period (the session's in_period macro, as computeKpis defined it)
 * whose exported SLA flag and recomputed policy disagree, with the reason, as CSV.
 */
export async function writeReconcileCsv(store: Store, path: string): Promise<void> {
  // ticket ids come from the export, policy and calendar names from the config: neutralise formula cells
  await store.run(`COPY (SELECT * REPLACE (${csvSafeSql('ticket')} AS ticket, ${csvSafeSql('policy')} AS policy, ${csvSafeSql('calendar')} AS calendar)
    FROM (${RECONCILE_SQL}) WHERE in_period(opened_at)) TO ${lit(path)} (FORMAT csv, HEADER)`);
}
