import type { Store } from '../store/db.js';
import { defaultCalendar } from '../calendar/config.js';
import { ensureCalendar } from '../calendar/segments.js';
import { businessDayDeadlinesSql, businessDurationsSql } from '../calendar/business-time.js';
import type { ProjectConfig } from '../config/project.js';
import { computeSlaResults, STATUS_SPAN } from '../sla/recompute.js';

/**
 * Per-ticket figures the metric queries read but that need more than one SQL statement to build:
 *
 * - `ticket_business` (ticket_key, resolve_business_s, close_business_s, response_business_s,
 *   next_day_deadline): durations on the default business calendar, and the end of the business day after
 *   the one a ticket was opened on (same-day/next-day resolution). Empty without a calendar.
 * - `ticket_status_span` (id, status, pause_start, pause_end): the status after each update of the event
 *   history, until the next update.
 * - `ticket_hold` (ticket_key, hold_seconds): time in a pending state between opened and resolved, from the
 *   event history (the status after each update holds until the next update). Only tickets with a history.
 * - `sla_result`: SLA policies recomputed (src/sla/recompute.ts). Empty without policies.
 */
/**
 * The latest instant of a ticket's own times, for "as of" and calendar spans: a first response can be the
 * latest time an export holds (a snapshot with no update time), and must not fall after the "as of".
 */
export const LATEST_TICKET_TIME = 'greatest(opened_at, resolved_at, closed_at, updated_at, first_response_at, first_assigned_at)';

export async function prepareDerived(store: Store, config: ProjectConfig | undefined): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ticket_business (ticket_key VARCHAR, resolve_business_s DOUBLE,
    close_business_s DOUBLE, response_business_s DOUBLE, next_day_deadline TIMESTAMPTZ)`);
  // The status after each update, held until the next update: read by ticket_hold, the SLA pauses and the
  // reconciliation, built once here.
  await store.run(`CREATE OR REPLACE TEMP TABLE ${STATUS_SPAN} AS
    SELECT record_key AS id, status, event_time AS pause_start,
           lead(event_time) OVER (PARTITION BY record_key ORDER BY seq NULLS FIRST, event_time, source_row) AS pause_end
    FROM ticket_event WHERE event_type = 'update' AND record_kind = 'ticket'`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ticket_hold AS
    SELECT t.ticket_key,
           sum(CASE WHEN ev.status = 'pending'
                    THEN greatest(0, epoch(least(coalesce(ev.pause_end, t.resolved_at), t.resolved_at)) - epoch(greatest(ev.pause_start, t.opened_at)))
                    ELSE 0 END) AS hold_seconds
    FROM ticket t JOIN ${STATUS_SPAN} ev ON ev.id = t.ticket_key
    WHERE t.opened_at IS NOT NULL AND t.resolved_at >= t.opened_at
    GROUP BY t.ticket_key`);
  const asOf = '(SELECT period_end FROM period_bounds)';
  await computeSlaResults(store, config?.sla ?? [], config?.calendars ?? { calendars: {}, default: null }, asOf);
  const cal = config ? defaultCalendar(config.calendars) : null;
  if (!cal) return;
  const span = await store.one<{ first: string | null; last: string | null }>(
    `SELECT strftime(min(opened_at), '%Y-%m-%dT%H:%M:%SZ') AS first,
            strftime(max(${LATEST_TICKET_TIME}), '%Y-%m-%dT%H:%M:%SZ') AS last FROM ticket`,
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
