import { lit, type Store } from '../store/db.js';
import { csvSafeSql } from '../store/csv-safe.js';
import { SLA_RESULT, STATUS_SPAN } from './recompute.js';

/**
 * Where the export's own SLA flag and the policy recomputed from the data disagree, ticket by ticket, with
 * the likeliest reason. Reads `sla_result` (computeSlaResults) and the event history for time on hold.
 */
export const RECONCILE_SQL = `
WITH hold AS (
  SELECT id, sum(epoch(least(coalesce(pause_end, now()), r.stop_at)) - epoch(greatest(pause_start, r.start_at))) / 3600.0 AS hold_hours
  FROM ${STATUS_SPAN} p JOIN ${SLA_RESULT} r ON r.ticket_key = p.id AND r.sla = 'resolution'
  WHERE p.status = 'pending' AND r.stop_at IS NOT NULL AND p.pause_start < r.stop_at AND coalesce(p.pause_end, r.stop_at) > r.start_at
  GROUP BY id
),
x AS (
  SELECT t.source_id AS ticket, t.priority, t.opened_at, t.resolved_at, r.policy, r.calendar,
         r.target_seconds / 3600.0 AS target_hours, r.net_business_seconds / 3600.0 AS policy_hours, r.due_at,
         t.sla_met AS export_met, r.state AS policy_state, coalesce(h.hold_hours, 0) AS hold_hours,
         (epoch(coalesce(r.stop_at, r.start_at)) - epoch(r.start_at)) / 3600.0 AS calendar_hours
  FROM ticket t JOIN ${SLA_RESULT} r ON r.ticket_key = t.ticket_key AND r.sla = 'resolution'
  LEFT JOIN hold h ON h.id = t.ticket_key
  WHERE t.sla_met IS NOT NULL AND r.state <> 'in_progress'
    AND ((t.sla_met AND r.state = 'breached') OR (NOT t.sla_met AND r.state = 'met'))
)
SELECT *,
  CASE
    WHEN export_met AND policy_hours - hold_hours <= target_hours AND hold_hours > 0
      THEN printf('the export pauses on hold: %.1f h on hold would bring it within the %.1f h target', hold_hours, target_hours)
    WHEN export_met AND resolved_at IS NULL
      THEN 'still open past the policy target; the export''s flag may not update until the ticket closes'
    WHEN export_met
      THEN printf('over the policy target by %.1f h; the export may use a longer target, another calendar or a later start', policy_hours - target_hours)
    WHEN NOT export_met AND calendar_hours > target_hours
      THEN printf('within %.1f business hours of its calendar, but %.1f calendar hours: the export may count calendar time', target_hours, calendar_hours)
    ELSE printf('met the policy with %.1f h to spare; the export may have a shorter target or breached another SLA (e.g. response)', target_hours - policy_hours)
  END AS reason
FROM x ORDER BY opened_at, ticket`;

export interface ReconcileSummary {
  compared: number;
  agree: number;
  export_met_policy_breached: number;
  export_breached_policy_met: number;
}

export async function reconcileSummary(store: Store): Promise<ReconcileSummary | null> {
  const r = await store.one<ReconcileSummary>(`SELECT count(*) AS compared,
      count(*) FILTER (WHERE t.sla_met = (r.state = 'met')) AS agree,
      count(*) FILTER (WHERE t.sla_met AND r.state = 'breached') AS export_met_policy_breached,
      count(*) FILTER (WHERE NOT t.sla_met AND r.state = 'met') AS export_breached_policy_met
    FROM ticket t JOIN ${SLA_RESULT} r ON r.ticket_key = t.ticket_key AND r.sla = 'resolution'
    WHERE t.sla_met IS NOT NULL AND r.state <> 'in_progress' AND in_period(t.opened_at)`);
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
