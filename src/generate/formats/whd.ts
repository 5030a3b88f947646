/**
 * SolarWinds Web Help Desk (adapter src/sources/whd.ts, export-formats.md §14.2): tickets as REST `ra/Tickets`
 * records flattened to columns (`id, type, subject, detail, lastUpdated, reportDateUtc, statustype.statusTypeName,
 * prioritytype.priorityTypeName, problemtype.detailDisplayName, techGroupLevel.shortLevelName,
 * clientTech.displayName, displayClient, …, closeDate, dueDate, firstResponseDate`). Dates ISO UTC
 * (`2025-01-05T14:04:00Z`). Status types Open / Pending / Resolved / Closed / Cancelled, priority types Urgent /
 * High / Medium / Low [K]. No ITIL type: every ticket is an incident.
 * Null in truth.json: MTTR (the record has no resolution time: `closeDate` is the closing, read as closed_at),
 * SLA attainment (no flag: dueDate vs closeDate would be a two-column comparison), FCR and reopen rate (no
 * counts), change success rate (no change export).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%dT%H:%M:%SZ';
const PRI = strList(['Urgent', 'High', 'Medium', 'Low', 'Low']);
export const WHD_HEADER = [
  'id', 'type', 'subject', 'detail', 'lastUpdated', 'reportDateUtc', 'closeDate', 'dueDate', 'firstResponseDate', 'statusTypeId',
  'statustype.statusTypeName', 'priorityTypeId', 'prioritytype.priorityTypeName', 'problemtype.detailDisplayName',
  'techGroupLevel.shortLevelName', 'levelNumber', 'clientTech.displayName', 'emailTech', 'displayClient', 'emailClient',
  'location.locationName', 'room', 'flaggedByTech', 'isPublic',
] as const;

export async function writeWhd(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const fr = `tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT)`;
  const responded = `CASE WHEN state_open = 'New' OR canceled THEN NULL ELSE least(opened + ${fr}, coalesce(resolved, ${o.t1 - 60})) END`;
  const status = `CASE WHEN canceled THEN 'Cancelled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved'
    WHEN state_open = 'On Hold' THEN 'Pending' ELSE 'Open' END`;
  const mail = (who: string) => `lower(replace(${who}, ' ', '.')) || '@example.com'`;
  const file = await writeCsv(exec, out, 'whd_tickets.csv', WHD_HEADER, [{
    from: pq(x.tk),
    cells: {
      id: `i + 1`,
      type: `'Ticket'`,
      subject: `short_description`,
      detail: `short_description || chr(10) || 'Client: ' || person(usr)`,
      lastUpdated: fmt(updated(p), DATE),
      reportDateUtc: fmt('opened', DATE),
      closeDate: fmt('closed', DATE),
      dueDate: fmt('opened + target_s', DATE),
      firstResponseDate: fmt(responded, DATE),
      statusTypeId: `CASE ${status} WHEN 'Open' THEN 1 WHEN 'Pending' THEN 2 WHEN 'Closed' THEN 3 WHEN 'Cancelled' THEN 4 ELSE 5 END`,
      'statustype.statusTypeName': status,
      priorityTypeId: `least(priority, 4)`,
      'prioritytype.priorityTypeName': `${PRI}[priority]`,
      'problemtype.detailDisplayName': `${strList(CATEGORIES.map((c) => c.name))}[cat + 1] || ' / ' || subcategory`,
      'techGroupLevel.shortLevelName': `grp`,
      levelNumber: `CASE WHEN grp = 'Service Desk' THEN 1 ELSE 2 END`,
      'clientTech.displayName': `assigned_to`,
      emailTech: `CASE WHEN assigned_to IS NOT NULL THEN ${mail('assigned_to')} END`,
      displayClient: `person(usr)`,
      emailClient: mail('person(usr)'),
      'location.locationName': `pick(${strList(['Main Campus', 'North Building', 'Remote', 'Warehouse'])}, u(i, 'wh.loc'))`,
      room: `(100 + floor(u(i, 'wh.room') * 300)::BIGINT)::VARCHAR`,
      flaggedByTech: `CASE WHEN priority = 1 THEN 'true' ELSE 'false' END`,
      isPublic: `'false'`,
    },
  }]);
  return [file];
}
