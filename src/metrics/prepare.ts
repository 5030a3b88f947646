import { lit, type Store } from '../store/db.js';
import { defaultCalendar } from '../calendar/config.js';
import { ensureCalendar, ensureCalendarTables } from '../calendar/segments.js';
import { businessCumMacroSql, businessDayDeadlinesSql, businessDurationsSql } from '../calendar/business-time.js';
import type { ProjectConfig } from '../config/project.js';
import { computeSlaResults } from '../sla/recompute.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/**
 * Per-ticket figures the metric queries read but that need more than one SQL statement to build:
 * `ticket_status_span`, `ticket_hold` and `ticket_business`, defined in prepare.sql (which says what each
 * holds), and `sla_result`: SLA policies recomputed (src/sla/recompute.ts), empty without policies.
 */
const SQL = loadSqlFile('metrics/prepare.sql');

/**
 * The latest instant of a ticket's own times, for "as of" and calendar spans: a first response can be the
 * latest time an export holds (a snapshot with no update time), and must not fall after the "as of".
 */
export const LATEST_TICKET_TIME = 'greatest(opened_at, resolved_at, closed_at, updated_at, first_response_at, first_assigned_at)';

export async function prepareDerived(store: Store, config: ProjectConfig | undefined): Promise<void> {
  await store.run(sqlOf(SQL, 'ticket_business_table'));
  await store.run(sqlOf(SQL, 'ticket_status_span'));
  await store.run(sqlOf(SQL, 'ticket_hold'));
  const asOf = sqlOf(SQL, 'as_of');
  await computeSlaResults(store, config?.sla ?? [], config?.calendars ?? { calendars: {}, default: null }, asOf);
  const cal = config ? defaultCalendar(config.calendars) : null;
  // business_calendar(): the default calendar, NULL without one; business_cum(cal, t): cum(t) of any calendar
  // built here, for queries that measure their own intervals (availability); availability_calendar: each
  // service's own calendar (metrics.availability_calendars), keyed by the trimmed lower-case service name
  await ensureCalendarTables(store);
  await store.run(sqlOf(SQL, 'business_calendar', { name: cal ? lit(cal.name) : 'NULL::VARCHAR' }));
  await store.run(businessCumMacroSql());
  const byService = Object.entries(config?.settings.availabilityCalendars ?? {});
  const rows = byService.map(([svc, c]) => `(${lit(svc.trim().toLowerCase())}, ${lit(c)})`).join(', ');
  await store.run(sqlOf(SQL, 'availability_calendar', { rows: rows || '(NULL::VARCHAR, NULL::VARCHAR)' }));
  const span = await store.one<{ first: string | null; last: string | null }>(sqlOf(SQL, 'ticket_span', { latest: LATEST_TICKET_TIME }));
  if (!span?.first) return;
  // every calendar a service names is built over the data's span, like the default
  for (const name of new Set(byService.map(([, c]) => c))) {
    if (name !== cal?.name) await ensureCalendar(store, name, config!.calendars.calendars[name]!, span.first, span.last);
  }
  if (!cal) return;
  await ensureCalendar(store, cal.name, cal, span.first, span.last);
  const dur = (end: string) => businessDurationsSql(cal.name, sqlOf(SQL, 'business_input', { end_at: end }));
  await store.run(
    sqlOf(SQL, 'ticket_business_fill', {
      resolve: dur('resolved_at'),
      close: dur('closed_at'),
      response: dur('coalesce(first_response_at, first_assigned_at)'),
      deadline: businessDayDeadlinesSql(cal.name, sqlOf(SQL, 'deadline_input')),
    }),
  );
}
