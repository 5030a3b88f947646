import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { getCalendar, type CalendarConfig } from '../calendar/config.js';
import { ensureCalendar } from '../calendar/segments.js';
import { businessDurationsSql, dueTimesSql } from '../calendar/business-time.js';
import type { SlaPolicy } from './policy.js';

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
  await store.run(`CREATE OR REPLACE TEMP TABLE ${SLA_RESULT} (ticket_key VARCHAR, policy VARCHAR, calendar VARCHAR, sla VARCHAR,
    target_seconds DOUBLE, start_at TIMESTAMPTZ, stop_at TIMESTAMPTZ, business_seconds DOUBLE, paused_business_seconds DOUBLE,
    net_business_seconds DOUBLE, due_at TIMESTAMPTZ, state VARCHAR)`);
  if (policies.length === 0) return;
  const span = await store.one<{ first: string | null; asof: string | null }>(
    `SELECT strftime(min(opened_at), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(${asOfSql}, '%Y-%m-%dT%H:%M:%SZ') AS asof FROM ticket`,
  );
  if (!span?.first) return;
  for (const sla of ['resolution', 'response'] as const) {
    for (const p of policies) {
      const targets = sla === 'resolution' ? p.resolution : p.response;
      const prios = Object.keys(targets);
      if (!prios.length) continue;
      const cal = getCalendar(calendars, p.calendar);
      await ensureCalendar(store, cal.name, cal, span.first, span.asof);
      const stop = sla === 'resolution' ? 'coalesce(resolved_at, closed_at)' : 'coalesce(first_response_at, first_assigned_at)';
      const target = `CASE priority ${Object.entries(targets).map(([pr, s]) => `WHEN ${pr} THEN ${s}`).join(' ')} END`;
      const services = p.services ? ` AND service IN (${p.services.map(lit).join(', ')})` : '';
      const input = `SELECT ticket_key AS id, opened_at AS start_at, ${stop} AS stop_at,
          least(coalesce(${stop}, ${asOfSql}), ${asOfSql}) AS end_at, CAST(${target} AS DOUBLE) AS target_seconds
        FROM ticket
        WHERE kind IN (${p.kinds.map(lit).join(', ')}) AND priority IN (${prios.join(', ')}) AND opened_at IS NOT NULL
          AND opened_at <= ${asOfSql} AND coalesce(status, '') <> 'cancelled'${services}
          AND ticket_key NOT IN (SELECT ticket_key FROM ${SLA_RESULT} WHERE sla = ${lit(sla)})`;
      // Pauses end at the SLA's stop: a ticket answered and then pending for days keeps its response due
      // time (the pause no longer stops a clock that has already stopped).
      const pauses = p.pause.length
        ? `SELECT s.id, s.pause_start,
                  CASE WHEN i.stop_at IS NULL THEN s.pause_end ELSE least(coalesce(s.pause_end, i.stop_at), i.stop_at) END AS pause_end
             FROM ${STATUS_SPAN} s JOIN sla_input i ON i.id = s.id
            WHERE s.status IN (${p.pause.map(lit).join(', ')}) AND (i.stop_at IS NULL OR s.pause_start < i.stop_at)`
        : undefined;
      await store.run(`CREATE OR REPLACE TEMP TABLE sla_input AS ${input}`);
      if (sla === 'response') {
        // An export with no first-response or assignment time on any ticket of these kinds cannot show a
        // response SLA: leave it out (the query then says why) rather than count every ticket as breached.
        // A policy whose tickets are all still open is kept: they are in progress (or breached) with a due time.
        const stops = await store.one<{ n: number }>(
          `SELECT count(${stop}) AS n FROM ticket WHERE kind IN (${p.kinds.map(lit).join(', ')})`,
        );
        if (!stops?.n) continue;
      }
      await store.run(`INSERT INTO ${SLA_RESULT}
        WITH d AS (${businessDurationsSql(cal.name, 'sla_input', pauses)}),
             u AS (${dueTimesSql(cal.name, 'SELECT id, start_at, target_seconds FROM sla_input', pauses)})
        SELECT d.id, ${lit(p.name)}, ${lit(cal.name)}, ${lit(sla)}, d.target_seconds, d.start_at, d.stop_at, d.business_seconds,
               ${pauses ? 'd.paused_business_seconds' : '0.0'}, ${pauses ? 'd.net_business_seconds' : 'd.business_seconds'}, u.due_at,
               CASE WHEN ${pauses ? 'd.net_business_seconds' : 'd.business_seconds'} > d.target_seconds THEN 'breached'
                    WHEN d.stop_at IS NOT NULL AND d.stop_at <= ${asOfSql} THEN 'met'
                    ELSE 'in_progress' END
        FROM d JOIN u ON u.id = d.id`);
    }
  }
}
