import type { Store } from '../store/db.js';
import { UserError } from '../errors.js';
import type { ProjectConfig } from '../config/project.js';
import { defaultCalendar } from '../calendar/config.js';

/**
 * `kpi --explain TICKET`: the timeline behind one ticket's durations and SLA results: its times, its event
 * history (state changes, pauses), the business time on the default calendar and each recomputed SLA
 * (calendar, target, paused time, due time, result) beside the export's own flag. Call after computeKpis,
 * which builds ticket_business and sla_result.
 */
export interface Explanation {
  ticket: Record<string, unknown>;
  events: Record<string, unknown>[];
  business: Record<string, unknown> | null;
  sla: Record<string, unknown>[];
}

export async function explainTicket(store: Store, id: string): Promise<Explanation> {
  const ticket = await store.one(
    `SELECT ticket_key, source_id, source_tool, kind, status, status_raw, priority, priority_raw, assignment_group, assignee,
            opened_at, first_assigned_at, first_response_at, resolved_at, closed_at, reopen_count, reassignment_count,
            sla_met, sla_met_raw, round((epoch(resolved_at) - epoch(opened_at)) / 3600, 2) AS resolve_calendar_hours,
            round((epoch(closed_at) - epoch(opened_at)) / 3600, 2) AS close_calendar_hours
     FROM ticket WHERE ticket_key = $id OR source_id = $id ORDER BY ticket_key LIMIT 1`,
    { id },
  );
  if (!ticket) throw new UserError(`--explain ${id}: no ticket with that number or key in the database`);
  const key = String(ticket.ticket_key);
  const events = await store.all(
    `SELECT event_time, seq, actor, event_type, field, old_value, new_value, status FROM ticket_event
     WHERE record_key = $key AND (event_type <> 'update' OR seq IS NULL OR seq = 0)
     ORDER BY seq NULLS FIRST, event_time, event_type`,
    { key },
  );
  const business = await store.one(
    `SELECT round(resolve_business_s / 3600, 2) AS resolve_business_hours, round(close_business_s / 3600, 2) AS close_business_hours,
            round(response_business_s / 3600, 2) AS response_business_hours, next_day_deadline,
            (SELECT resolved_at FROM ticket WHERE ticket_key = $key) <= next_day_deadline AS resolved_by_next_day
     FROM ticket_business WHERE ticket_key = $key`,
    { key },
  );
  const sla = await store.all(
    `SELECT policy, calendar, sla, round(target_seconds / 3600, 2) AS target_hours, start_at, stop_at,
            round(business_seconds / 3600, 2) AS elapsed_business_hours, round(paused_business_seconds / 3600, 2) AS paused_business_hours,
            round(net_business_seconds / 3600, 2) AS net_business_hours, due_at, state
     FROM sla_result WHERE ticket_key = $key ORDER BY sla DESC`,
    { key },
  );
  return { ticket, events, business: business ?? null, sla };
}

const t = (v: unknown) => (v ? String(v).replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '—');

export function renderExplanation(e: Explanation, config: ProjectConfig): string {
  const k = e.ticket;
  const cal = defaultCalendar(config.calendars);
  const out = [
    `${k.source_id} (${k.source_tool} ${k.kind}, priority ${k.priority ?? '?'} "${k.priority_raw ?? ''}", status ${k.status} "${k.status_raw ?? ''}")`,
    `  opened          ${t(k.opened_at)}`,
    `  first assigned  ${t(k.first_assigned_at)}`,
    `  first response  ${t(k.first_response_at)}`,
    `  resolved        ${t(k.resolved_at)}${k.resolve_calendar_hours !== null ? `   ${k.resolve_calendar_hours} h calendar` : ''}` +
      (e.business?.resolve_business_hours != null ? ` · ${e.business.resolve_business_hours} h business (${cal?.name}, ${cal?.timezone})` : ''),
    `  closed          ${t(k.closed_at)}${k.close_calendar_hours !== null ? `   ${k.close_calendar_hours} h calendar` : ''}`,
    `  reassignments ${k.reassignment_count ?? '?'} · reopens ${k.reopen_count ?? '?'}`,
  ];
  if (e.business?.next_day_deadline) {
    out.push(`  same day / next day: deadline ${t(e.business.next_day_deadline)} → ${e.business.resolved_by_next_day ? 'resolved in time' : 'not resolved in time'}`);
  }
  if (!cal) out.push('  business time: no calendar configured (calendars: in itsm-lens.config.yaml)');
  out.push(e.events.length ? 'history:' : 'history: none exported (a snapshot export has no event log)');
  for (const ev of e.events) {
    const change = ev.event_type === 'update' ? `created as ${ev.new_value}` : `${ev.field}: ${ev.old_value ?? '∅'} → ${ev.new_value ?? '∅'}`;
    out.push(`  ${t(ev.event_time)}  #${ev.seq ?? '-'}  ${change}${ev.actor ? `  (${ev.actor})` : ''}`);
  }
  out.push(`SLA (export's flag): ${k.sla_met === null ? 'none' : k.sla_met ? `met ("${k.sla_met_raw}")` : `breached ("${k.sla_met_raw}")`}`);
  if (!e.sla.length) out.push('SLA (policy): no configured policy covers this ticket');
  for (const s of e.sla) {
    out.push(
      `SLA (policy "${s.policy}", ${s.sla}, calendar ${s.calendar}): target ${s.target_hours} h; clock ${s.elapsed_business_hours} h` +
        ` − paused ${s.paused_business_hours} h = ${s.net_business_hours} h → ${s.state}; due ${t(s.due_at)}`,
    );
  }
  return out.join('\n');
}
