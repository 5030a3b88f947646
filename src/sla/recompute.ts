import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { getCalendar, type CalendarConfig } from '../calendar/config.js';
import { ensureCalendar } from '../calendar/segments.js';
import { businessDurationsSql, dueTimesSql } from '../calendar/business-time.js';
import type { SlaPolicy } from './policy.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The statements below (sla.sql says what each holds). */
export const SLA_SQL = loadSqlFile('sla/sla.sql');
const SQL = SLA_SQL;

/**
 * Recomputes every configured SLA for every ticket it covers, as of `asOf` (the period's end), into the
 * temp table `sla_result` that the policy SLA queries read:
 *
 *   ticket_key, policy, calendar, sla ('resolution' | 'response'), target_seconds, start_at, stop_at,
 *   business_seconds, paused_business_seconds, net_business_seconds, due_at,
 *   state ('met' | 'breached' | 'in_progress')
 *
 * The clock runs from opened_at on the policy's calendar, stops at resolution (resolved, else closed) or
 * first response (first_response_at, else first assignment), and pauses while the ticket's status is one of
 * the policy's pause states (from the event history) before it stops. A ticket still running at `asOf` is
 * in progress with its due time (NULL while an open pause holds the clock). Met = stopped with net business time ≤ target;
 * breached = net business time > target, stopped or not; in progress = not stopped and not yet over.
 * The first policy covering a ticket (kind, service, a target for its priority) applies.
 */
export const SLA_RESULT = 'sla_result';
/** Built by prepareDerived before this runs: (id, status, pause_start, pause_end) from the event history. */
export const STATUS_SPAN = 'ticket_status_span';

export async function computeSlaResults(store: Store, policies: SlaPolicy[], calendars: CalendarConfig, asOfSql: string): Promise<void> {
  await store.run(sqlOf(SQL, 'result_table'));
  if (policies.length === 0) return;
  const span = await store.one<{ first: string | null; asof: string | null }>(sqlOf(SQL, 'span', { as_of: asOfSql }));
  if (!span?.first) return;
  for (const sla of ['resolution', 'response'] as const) {
    for (const p of policies) {
      const targets = sla === 'resolution' ? p.resolution : p.response;
      const prios = Object.keys(targets);
      if (!prios.length) continue;
      const cal = getCalendar(calendars, p.calendar);
      await ensureCalendar(store, cal.name, cal, span.first, span.asof);
      const stop = sla === 'resolution' ? 'coalesce(resolved_at, closed_at)' : 'coalesce(first_response_at, first_assigned_at)';
      const kinds = p.kinds.map(lit).join(', ');
      const pauses = p.pause.length ? sqlOf(SQL, 'pauses', { states: p.pause.map(lit).join(', ') }) : undefined;
      await store.run(
        sqlOf(SQL, 'input', {
          stop,
          as_of: asOfSql,
          target: `CASE priority ${Object.entries(targets).map(([pr, s]) => `WHEN ${pr} THEN ${s}`).join(' ')} END`,
          kinds,
          priorities: prios.join(', '),
          services: p.services ? ` AND service IN (${p.services.map(lit).join(', ')})` : '',
          sla: lit(sla),
        }),
      );
      if (sla === 'response') {
        // An export with no first-response or assignment time on any ticket of these kinds cannot show a
        // response SLA: leave it out (the query then says why) rather than count every ticket as breached.
        // A policy whose tickets are all still open is kept: they are in progress (or breached) with a due time.
        const stops = await store.one<{ n: number }>(sqlOf(SQL, 'stops', { stop, kinds }));
        if (!stops?.n) continue;
      }
      await store.run(
        sqlOf(SQL, 'results', {
          durations: businessDurationsSql(cal.name, 'sla_input', pauses),
          due: dueTimesSql(cal.name, sqlOf(SQL, 'due_input'), pauses),
          policy: lit(p.name),
          calendar: lit(cal.name),
          sla: lit(sla),
          paused: pauses ? 'd.paused_business_seconds' : '0.0',
          net: pauses ? 'd.net_business_seconds' : 'd.business_seconds',
          as_of: asOfSql,
        }),
      );
    }
  }
}
