import type { Store } from '../store/db.js';
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
