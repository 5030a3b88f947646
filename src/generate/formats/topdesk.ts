/**
 * TOPdesk (adapter src/sources/topdesk.ts, export-formats.md §12): incidents as REST `/tas/api/incidents`
 * records flattened to columns (`number, briefDescription, request, callType.name, entryType.name, …,
 * operatorGroup.name, processingStatus.name, targetDate, responseDate, completedDate, closedDate, callDate,
 * creationDate, modificationDate`), ISO dates with offset (`2025-01-05T14:04:00.000+0000`). Numbers
 * `I 2501 0001` (I + yymm + sequence), priorities P1..P4, call types Incident / Request.
 * Null in truth.json: SLA attainment (no met/breached flag: completedDate vs targetDate is a comparison of two
 * columns), FCR and reopen rate (no counts in the incident record), change success rate (no change export
 * written: the operator-change fields are unverified [K] and carry no outcome).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { TRAITS } from './traits.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%dT%H:%M:%S.000+0000';
export const TOPDESK_HEADER = [
  'number', 'briefDescription', 'request', 'callType.name', 'entryType.name', 'category.name', 'subcategory.name', 'object.name',
  'impact.name', 'urgency.name', 'priority.name', 'targetDate', 'operator.name', 'operatorGroup.name', 'processingStatus.name',
  'responseDate', 'completedDate', 'closedDate', 'closureCode.name', 'callDate', 'creationDate', 'modificationDate', 'majorCall',
  'caller.dynamicName', 'callerBranch.name',
] as const;

export async function writeTopdesk(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const fr = `tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT)`;
  const responded = `CASE WHEN state_open = 'New' OR canceled THEN NULL ELSE least(opened + ${fr}, coalesce(resolved, ${o.t1 - 60})) END`;
  const file = await writeCsv(exec, out, 'topdesk_incidents.csv', TOPDESK_HEADER, [{
    from: pq(x.tk),
    cells: {
      number: TRAITS.topdesk!.ticketId('i'),
      briefDescription: `left(short_description, 80)`,
      request: `short_description || chr(10) || 'Caller: ' || person(usr)`,
      'callType.name': `CASE WHEN kind = 'service_request' THEN 'Request' ELSE 'Incident' END`,
      'entryType.name': `pick(['Telephone', 'E-mail', 'Self Service Portal', 'Walk-in', 'Chat'], u(i, 'td.et'))`,
      'category.name': `CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] ELSE 'Requests' END`,
      'subcategory.name': `CASE WHEN kind = 'incident' THEN subcategory ELSE cat_item END`,
      'object.name': `ci`,
      'impact.name': `${strList(['High', 'High', 'Medium', 'Low', 'Low'])}[priority]`,
      'urgency.name': `${strList(['High', 'Medium', 'Medium', 'Low', 'Low'])}[priority]`,
      'priority.name': `'P' || priority`,
      targetDate: fmt('opened + target_s', DATE),
      'operator.name': `assigned_to`,
      'operatorGroup.name': `grp`,
      'processingStatus.name': `CASE WHEN canceled THEN 'Cancelled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Completed'
        WHEN state_open = 'New' THEN 'Logged' WHEN state_open = 'On Hold' THEN 'Waiting for user' ELSE 'In progress' END`,
      responseDate: fmt(responded, DATE),
      completedDate: fmt('resolved', DATE),
      closedDate: fmt('closed', DATE),
      'closureCode.name': `CASE WHEN resolved IS NOT NULL THEN pick(['Solved', 'Solved', 'Workaround', 'Not reproducible'], u(i, 'cc')) END`,
      callDate: fmt('opened', DATE),
      creationDate: fmt('opened', DATE),
      modificationDate: fmt(updated(p), DATE),
      majorCall: `CASE WHEN priority = 1 THEN 'true' ELSE 'false' END`,
      'caller.dynamicName': `person(usr)`,
      'callerBranch.name': `pick(${strList(['Amsterdam HQ', 'Utrecht Campus', 'Berlin Office', 'London Office'])}, u(i, 'td.br'))`,
    },
  }]);
  return [file];
}
