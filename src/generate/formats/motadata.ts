/**
 * Motadata ServiceOps (adapter src/sources/motadata.ts; not in export-formats.md): requests as returned by its
 * REST API (`/api/v1/request`, `/api/v1/service_catalog/servicerequest`) flattened to columns, with the
 * response keys of the public API specification (`id, name, subject, description, statusName, priorityName,
 * urgencyName, impactName, categoryName, departmentName, locationName, requesterName, requesterEmail,
 * createdByName, updatedByName, source, supportLevel, spam, customField, createdTime, updatedTime,
 * serviceName, serviceCategoryName`) plus `technicianName` and `groupName` [?]. Ids `INC-<n>` for incidents,
 * `SR-<n>` for service requests (one sequence); createdTime/updatedTime epoch milliseconds. Status names
 * Open / In Progress / Pending / Resolved / Closed / Cancelled, priorities Urgent / High / Medium / Low [?].
 * Null in truth.json: MTTR (the verified record has no resolution time), SLA attainment (no SLA flag), FCR and
 * reopen rate (no counts), change success rate (no change export).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { pq, updated, type Exec, type Internal } from '../writers.js';
import { TRAITS } from './traits.js';
import { writeCsv } from './common.js';

const PRI = strList(['Urgent', 'High', 'Medium', 'Low', 'Low']);
const LEVEL = strList(['High', 'High', 'Medium', 'Low', 'Low']);
export const MOTADATA_HEADER = [
  'id', 'name', 'subject', 'description', 'statusName', 'priorityName', 'urgencyName', 'impactName', 'categoryName', 'departmentName',
  'locationName', 'requesterName', 'requesterEmail', 'createdByName', 'updatedByName', 'technicianName', 'groupName', 'source',
  'supportLevel', 'spam', 'serviceName', 'serviceCategoryName', 'createdTime', 'updatedTime',
] as const;

export async function writeMotadata(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const sr = `kind = 'service_request'`;
  const file = await writeCsv(exec, out, 'motadata_requests.csv', MOTADATA_HEADER, [{
    from: pq(x.tk),
    cells: {
      id: `i + 19`,
      name: `CASE WHEN ${sr} THEN 'SR-' || (i + 1) ELSE ${TRAITS.motadata!.ticketId('i')} END`,
      subject: `short_description`,
      description: `short_description`,
      statusName: `CASE WHEN canceled THEN 'Cancelled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved'
        WHEN state_open = 'New' THEN 'Open' WHEN state_open = 'On Hold' THEN 'Pending' ELSE 'In Progress' END`,
      priorityName: `${PRI}[priority]`,
      urgencyName: `${LEVEL}[priority]`,
      impactName: `${LEVEL}[least(5, priority + 1)]`,
      categoryName: `CASE WHEN ${sr} THEN 'Service Request' ELSE ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] END`,
      departmentName: `pick(${strList(['Finance', 'Sales', 'Engineering', 'HR', 'Operations'])}, u(i, 'md.dep'))`,
      locationName: `pick(${strList(['Ahmedabad', 'Mumbai', 'Pune', 'Bengaluru'])}, u(i, 'md.loc'))`,
      requesterName: `person(usr)`,
      requesterEmail: `lower(replace(person(usr), ' ', '.')) || '@example.com'`,
      createdByName: `CASE WHEN u(i, 'md.cb') < 0.6 THEN person(usr) ELSE 'Automation' END`,
      updatedByName: `coalesce(assigned_to, 'Automation')`,
      technicianName: `assigned_to`,
      groupName: `CASE WHEN assigned_to IS NOT NULL THEN grp END`,
      source: `pick(['Email', 'Support Portal', 'Phone Call', 'Chat', 'External'], u(i, 'md.src'))`,
      supportLevel: `CASE WHEN grp = 'Service Desk' THEN 'tier1' ELSE 'tier2' END`,
      spam: `'false'`,
      serviceName: `CASE WHEN ${sr} THEN cat_item END`,
      serviceCategoryName: `CASE WHEN ${sr} THEN 'Hardware' END`,
      createdTime: `opened * 1000 + floor(u(i, 'md.ms') * 1000)::BIGINT`,
      updatedTime: `${updated(p)} * 1000 + floor(u(i, 'md.ms2') * 1000)::BIGINT`,
    },
  }]);
  return [file];
}
