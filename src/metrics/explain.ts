import type { Store } from '../store/db.js';
import { UserError } from '../errors.js';
import type { ProjectConfig } from '../config/project.js';
import { defaultCalendar } from '../calendar/config.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

const SQL = loadSqlFile('metrics/explain.sql');

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
  const ticket = await store.one(sqlOf(SQL, 'ticket'), { id });
  if (!ticket) throw new UserError(`--explain ${id}: no ticket with that number or key in the database`);
  const key = String(ticket.ticket_key);
  const events = await store.all(sqlOf(SQL, 'events'), { key });
  const business = await store.one(sqlOf(SQL, 'business'), { key });
  const sla = await store.all(sqlOf(SQL, 'sla'), { key });
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
