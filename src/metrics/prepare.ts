import type { Store } from '../store/db.js';
import { defaultCalendar } from '../calendar/config.js';
import { ensureCalendar } from '../calendar/segments.js';
import { businessDayDeadlinesSql, businessDurationsSql } from '../calendar/business-time.js';
import type { ProjectConfig } from '../config/project.js';
import { computeSlaResults } from '../sla/recompute.js';

/**
 * Per-ticket figures the metric queries read but that need more than one SQL statement to build:
 *
 * - `ticket_business` (ticket_key, resolve_business_s, close_business_s, response_business_s,
 *   next_day_deadline): durations on the default business calendar, and the end of the business day after
 *   the one a ticket was opened on (same-day/next-day resolution). Empty without a calendar.
 * - `ticket_hold` (ticket_key, hold_seconds): time in a pending state between opened and resolved, from the
 *   event history (the status after each update holds until the next update). Only tickets with a history.
 * - `sla_result`: SLA policies recomputed (src/sla/recompute.ts). Empty without policies.
 */
export async function prepareDerived(store: Store, config: ProjectConfig | undefined): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ticket_business (ticket_key VARCHAR, resolve_business_s DOUBLE,
    close_business_s DOUBLE, response_business_s DOUBLE, next_day_deadline TIMESTAMPTZ)`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ticket_hold AS
    WITH ev AS (
      SELECT record_key, status, event_time AS t0,
             lead(event_time) OVER (PARTITION BY record_key ORDER BY seq NULLS FIRST, event_time, source_row) AS t1
      FROM ticket_event WHERE event_type = 'update' AND record_kind = 'ticket')
    SELECT t.ticket_key,
           sum(CASE WHEN ev.status = 'pending'
                    THEN greatest(0, epoch(least(coalesce(ev.t1, t.resolved_at), t.resolved_at)) - epoch(greatest(ev.t0, t.opened_at)))
                    ELSE 0 END) AS hold_seconds
    FROM ticket t JOIN ev ON ev.record_key = t.ticket_key
    WHERE t.opened_at IS NOT NULL AND t.resolved_at >= t.opened_at
    GROUP BY t.ticket_key`);
  const asOf = '(SELECT period_end FROM period_bounds)';
  await computeSlaResults(store, config?.sla ?? [], config?.calendars ?? { calendars: {}, default: null }, asOf);
  const cal = config ? defaultCalendar(config.calendars) : null;
  if (!cal) return;
  const span = await store.one<{ first: string | null; last: string | null }>(
    `SELECT strftime(min(opened_at), '%Y-%m-%dT%H:%M:%SZ') AS first,
            strftime(max(greatest(opened_at, resolved_at, closed_at)), '%Y-%m-%dT%H:%M:%SZ') AS last FROM ticket`,
  );
  if (!span?.first) return;
  await ensureCalendar(store, cal.name, cal, span.first, span.last);
  const name = cal.name;
  const dur = (end: string) =>
    businessDurationsSql(name, `SELECT ticket_key AS id, opened_at AS start_at, ${end} AS end_at FROM ticket WHERE opened_at IS NOT NULL AND ${end} IS NOT NULL`);
  await store.run(`INSERT INTO ticket_business
    WITH r AS (${dur('resolved_at')}), c AS (${dur('closed_at')}), f AS (${dur('coalesce(first_response_at, first_assigned_at)')}),
         d AS (${businessDayDeadlinesSql(name, `SELECT ticket_key AS id, opened_at AS start_at, 1 AS days FROM ticket WHERE opened_at IS NOT NULL`)})
    SELECT d.id, r.business_seconds, c.business_seconds, f.business_seconds, d.deadline_at
    FROM d LEFT JOIN r ON r.id = d.id LEFT JOIN c ON c.id = d.id LEFT JOIN f ON f.id = d.id`);
}
