/**
 * iTop (adapter src/sources/itop.ts, export-formats.md §10): CSV exports with attribute codes (the "codes"
 * option of the CSV export; external keys as `<key>_friendlyname`).
 * User requests: `UserRequest` (`ref` R-000123, `request_type` incident / service_request, `status` value codes
 * new / assigned / escalated_ttr / pending / resolved / closed / rejected, `priority` and `urgency` 1 Critical …
 * 4 Low — same direction as canonical, `impact` 1 A department … 3 A person, `origin` codes), with the TTO/TTR
 * stopwatch sub-items `tto_escalation_deadline`, `sla_tto_passed`, `ttr_escalation_deadline`, `sla_ttr_passed`
 * (yes = the resolution deadline was passed, i.e. breached; set on open tickets too once the deadline elapses).
 * Changes: `Change` with `finalclass` RoutineChange / NormalChange / EmergencyChange (ref C-000045), status codes
 * new … closed, `creation_date`, planned window `start_date`/`end_date`. Dates `YYYY-MM-DD HH:MM:SS` (server
 * time zone, UTC here).
 * Null in truth.json: FCR and reopen rate (reassignments and reopenings are only in the case log / history),
 * change success rate (an iTop change has no outcome attribute: closed vs rejected / notapproved only).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { TRAITS } from './traits.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%d %H:%M:%S';
export const ITOP_REQUEST_HEADER = [
  'ref', 'title', 'description', 'org_id_friendlyname', 'caller_id_friendlyname', 'team_id_friendlyname', 'agent_id_friendlyname',
  'status', 'request_type', 'priority', 'urgency', 'impact', 'origin', 'service_id_friendlyname', 'servicesubcategory_id_friendlyname',
  'escalation_flag', 'start_date', 'assignment_date', 'resolution_date', 'close_date', 'last_update', 'tto_escalation_deadline',
  'sla_tto_passed', 'ttr_escalation_deadline', 'sla_ttr_passed', 'time_spent', 'resolution_code', 'user_satisfaction',
] as const;
export const ITOP_CHANGE_HEADER = [
  'ref', 'title', 'description', 'finalclass', 'status', 'org_id_friendlyname', 'requestor_id_friendlyname', 'team_id_friendlyname',
  'agent_id_friendlyname', 'supervisor_group_id_friendlyname', 'manager_group_id_friendlyname', 'impact', 'outage', 'fallback',
  'creation_date', 'start_date', 'end_date', 'close_date', 'last_update',
] as const;

export async function writeItop(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const assigned = `CASE WHEN assigned_to IS NOT NULL THEN least(opened + tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT), coalesce(resolved, ${o.t1 - 60})) END`;
  const files = [await writeCsv(exec, out, 'itop_userrequests.csv', ITOP_REQUEST_HEADER, [{
    from: pq(x.tk),
    cells: {
      ref: TRAITS.itop!.ticketId('i'),
      title: `short_description`,
      description: `'<p>' || short_description || '</p>'`,
      org_id_friendlyname: `'Demo'`,
      caller_id_friendlyname: `person(usr)`,
      team_id_friendlyname: `grp`,
      agent_id_friendlyname: `assigned_to`,
      status: `CASE WHEN canceled THEN 'rejected' WHEN closed IS NOT NULL THEN 'closed' WHEN resolved IS NOT NULL THEN 'resolved'
        WHEN state_open = 'New' THEN CASE WHEN ${o.t1} - opened > 14400 THEN 'escalated_tto' ELSE 'new' END
        WHEN state_open = 'On Hold' THEN 'pending' WHEN ${o.t1} - opened > target_s THEN 'escalated_ttr' ELSE 'assigned' END`,
      request_type: `CASE WHEN kind = 'service_request' THEN 'service_request' ELSE 'incident' END`,
      priority: `least(4, priority)`,
      urgency: `least(4, priority + floor(u(i, 'it.u') * 2)::BIGINT)`,
      impact: `CASE WHEN priority <= 2 THEN pick([1, 2], u(i, 'it.i')) ELSE 3 END`,
      origin: `pick(['mail', 'portal', 'phone', 'phone', 'chat', 'in_person', 'monitoring'], u(i, 'it.or'))`,
      service_id_friendlyname: `CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] ELSE 'Service Requests' END`,
      servicesubcategory_id_friendlyname: `CASE WHEN kind = 'incident' THEN subcategory ELSE cat_item END`,
      escalation_flag: `CASE WHEN priority = 1 THEN 'yes' ELSE 'no' END`,
      start_date: fmt('opened', DATE),
      assignment_date: fmt(assigned, DATE),
      resolution_date: fmt('resolved', DATE),
      close_date: fmt('closed', DATE),
      last_update: fmt(updated(p), DATE),
      tto_escalation_deadline: fmt('opened + 14400', DATE),
      sla_tto_passed: `CASE WHEN coalesce(${assigned}, ${o.t1}) - opened > 14400 AND NOT canceled THEN 'yes' ELSE 'no' END`,
      ttr_escalation_deadline: fmt('opened + target_s', DATE),
      sla_ttr_passed: `CASE WHEN made_sla THEN 'no' ELSE 'yes' END`,
      time_spent: `CASE WHEN resolved IS NOT NULL THEN resolved - opened END`,
      resolution_code: `CASE WHEN resolved IS NOT NULL THEN pick(['assistance', 'bug fixed', 'hardware repair', 'other', 'software patch', 'system update', 'training'], u(i, 'cc')) END`,
      user_satisfaction: `CASE WHEN closed IS NOT NULL AND u(i, 'csat') < 0.3 THEN wpick(['1', '2', '3', '4'], [0.55, 0.85, 0.95, 1.0], u(i, 'csat2')) END`,
    },
  }])];
  if (p.nChg > 0) {
    files.push(await writeCsv(exec, out, 'itop_changes.csv', ITOP_CHANGE_HEADER, [{
      from: pq(x.chg),
      cells: {
        ref: `'C-' || printf('%06d', c + 1)`,
        title: `short_description`,
        description: `type || ' change on ' || ci`,
        finalclass: `CASE type WHEN 'Standard' THEN 'RoutineChange' WHEN 'Emergency' THEN 'EmergencyChange' ELSE 'NormalChange' END`,
        status: `CASE state WHEN 'New' THEN 'new' WHEN 'Assess' THEN 'validated' WHEN 'Authorize' THEN 'plannedscheduled' WHEN 'Scheduled' THEN 'approved'
          WHEN 'Implement' THEN 'approved' WHEN 'Review' THEN 'implemented' WHEN 'Closed' THEN 'closed'
          ELSE CASE WHEN type = 'Normal' AND u(c, 'c.rej') < 0.5 THEN 'notapproved' ELSE 'rejected' END END`,
        org_id_friendlyname: `'Demo'`,
        requestor_id_friendlyname: `agent('Service Desk', u(c, 'it.req'))`,
        team_id_friendlyname: `grp`,
        agent_id_friendlyname: `agent(grp, u(c, 'c.agent'))`,
        supervisor_group_id_friendlyname: `'Change Advisory Board'`,
        manager_group_id_friendlyname: `grp`,
        impact: `pick(['1', '2', '3'], u(c, 'it.ci'))`,
        outage: `CASE WHEN type = 'Emergency' OR u(c, 'it.out') < 0.2 THEN 'yes' ELSE 'no' END`,
        fallback: `'Restore the previous version'`,
        creation_date: fmt('opened', DATE),
        start_date: fmt('pstart', DATE),
        end_date: fmt('pend', DATE),
        close_date: fmt('closed', DATE),
        last_update: fmt('coalesce(closed, wend, wstart, opened)', DATE),
      },
    }]));
  }
  return files;
}
