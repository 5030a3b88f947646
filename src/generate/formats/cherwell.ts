/**
 * Cherwell Service Management (Ivanti; adapter src/sources/cherwell.ts, export-formats.md §13.2): the Incident
 * business object exported with its field names (`IncidentID, RecID, CreatedDateTime, LastModifiedDateTime,
 * ClosedDateTime, Status, …, OwnedByTeam, CustomerDisplayName, CallSource, SLARespondByDeadline,
 * SLAResolveByDeadline, Stat_DateTimeResponded, Stat_DateTimeResolved, Stat_NumberOfTouches, Stat_IncidentReopened,
 * Stat_SLAResponseBreached, Stat_SLAResolutionBreached, …`), dates `M/d/yyyy h:mm tt` (`5/1/2025 1:39 PM`, server
 * zone = UTC here), booleans `True`/`False`, Priority "1".."5" (1 highest), IncidentType Incident / Service Request,
 * statuses New / Assigned / In Progress / Pending / Resolved / Closed / Cancelled.
 * Supported: SLA attainment (NOT Stat_SLAResolutionBreached, flagged on open tickets too once the resolve-by
 * deadline passes) and reopen rate (Stat_IncidentReopened). Null in truth.json: FCR (no reassignment count:
 * Stat_NumberOfEscalations ≈ reassignments is doubtful and not mapped), change success rate (no verified change
 * export, none written).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { TRAITS } from './traits.js';
import { writeCsv } from './common.js';

const DATE = '%-m/%-d/%Y %-I:%M %p';
const LEVEL = strList(['High', 'High', 'Medium', 'Low', 'Low']);
const bool = (c: string) => `CASE WHEN ${c} THEN 'True' ELSE 'False' END`;
export const CHERWELL_HEADER = [
  'IncidentID', 'RecID', 'CreatedDateTime', 'LastModifiedDateTime', 'ClosedDateTime', 'Status', 'Service', 'Category', 'Subcategory',
  'Description', 'ShortDescription', 'Priority', 'Impact', 'Urgency', 'IncidentType', 'OwnedBy', 'OwnedByTeam', 'CustomerDisplayName',
  'CustomerRecID', 'RequesterDepartment', 'CallSource', 'ConfigItemDisplayName', 'ConfigItemType', 'Cause', 'CloseDescription', 'ClosedBy',
  'CreatedBy', 'SLAName', 'SLARespondByDeadline', 'SLAResolveByDeadline', 'Stat_DateTimeResponded', 'Stat_DateTimeResolved',
  'Stat_DateTimeClosed', 'Stat_NumberOfTouches', 'Stat_NumberOfEscalations', 'Stat_IncidentReopened', 'Stat_SLAResponseBreached',
  'Stat_SLAResolutionBreached', 'MajorIncident', 'Withdraw', 'IncidentDurationInDays',
] as const;

export async function writeCherwell(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const fr = `tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT)`;
  const responded = `CASE WHEN state_open = 'New' OR canceled THEN NULL ELSE least(opened + ${fr}, coalesce(resolved, ${o.t1 - 60})) END`;
  const file = await writeCsv(exec, out, 'cherwell_incidents.csv', CHERWELL_HEADER, [{
    from: pq(x.tk),
    cells: {
      IncidentID: TRAITS.cherwell!.ticketId('i'),
      RecID: `lower(md5('cw' || i))`,
      CreatedDateTime: fmt('opened', DATE),
      LastModifiedDateTime: fmt(updated(p), DATE),
      ClosedDateTime: fmt('closed', DATE),
      Status: `CASE WHEN canceled THEN 'Cancelled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved'
        WHEN state_open = 'New' THEN 'New' WHEN state_open = 'On Hold' THEN 'Pending' WHEN u(i, 'cw.st') < 0.3 THEN 'Assigned' ELSE 'In Progress' END`,
      Service: `business_service`,
      Category: `CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] ELSE 'Service Request' END`,
      Subcategory: `CASE WHEN kind = 'incident' THEN subcategory ELSE cat_item END`,
      Description: `short_description || chr(10) || 'Reported by ' || person(usr)`,
      ShortDescription: `short_description`,
      Priority: `priority::VARCHAR`,
      Impact: `${LEVEL}[least(5, priority + 1)]`,
      Urgency: `${LEVEL}[priority]`,
      IncidentType: `CASE WHEN kind = 'service_request' THEN 'Service Request' ELSE 'Incident' END`,
      OwnedBy: `assigned_to`,
      OwnedByTeam: `grp`,
      CustomerDisplayName: `person(usr)`,
      CustomerRecID: `lower(md5('usr' || usr))`,
      RequesterDepartment: `pick(['Finance', 'Sales', 'HR', 'Operations', 'IT', 'Legal'], u(i, 'cw.dep'))`,
      CallSource: `pick(['Phone', 'E-mail', 'Portal', 'Chat', 'Walk In', 'Event'], u(i, 'cw.src'))`,
      ConfigItemDisplayName: `ci`,
      ConfigItemType: `CASE WHEN ci IS NULL THEN NULL WHEN ci LIKE 'NBK-%' OR ci LIKE 'WKS-%' THEN 'Computer' WHEN ci LIKE 'PRN-%' THEN 'Printer'
        WHEN ci LIKE 'MON-%' THEN 'Monitor' WHEN regexp_matches(ci, '^(sw|fw|rtr|wlc|vpn)-') THEN 'Network Device' ELSE 'Server' END`,
      Cause: `CASE WHEN resolved IS NOT NULL THEN pick(['Configuration', 'Hardware Failure', 'Software Defect', 'User Error', 'Network'], u(i, 'cc')) END`,
      CloseDescription: `CASE WHEN closed IS NOT NULL AND NOT canceled THEN 'Resolved, confirmed by customer' WHEN canceled THEN 'Withdrawn by customer' END`,
      ClosedBy: `CASE WHEN resolved IS NOT NULL THEN assigned_to END`,
      CreatedBy: `agent('Service Desk', u(i, 'cw.cb'))`,
      SLAName: `'Corporate SLA'`,
      SLARespondByDeadline: fmt('opened + 14400', DATE),
      SLAResolveByDeadline: fmt('opened + target_s', DATE),
      Stat_DateTimeResponded: fmt(responded, DATE),
      Stat_DateTimeResolved: fmt('resolved', DATE),
      Stat_DateTimeClosed: fmt('closed', DATE),
      Stat_NumberOfTouches: `CASE WHEN assigned_to IS NULL THEN 0 ELSE 1 + reassignment_count + floor(u(i, 'cw.t') * 4)::BIGINT END`,
      Stat_NumberOfEscalations: `CASE WHEN assigned_to IS NULL THEN 0 ELSE reassignment_count END`,
      Stat_IncidentReopened: bool('reopen_count > 0'),
      Stat_SLAResponseBreached: bool(`coalesce(${responded}, CASE WHEN canceled THEN opened ELSE ${o.t1} END) - opened > 14400`),
      Stat_SLAResolutionBreached: bool('NOT made_sla'),
      MajorIncident: bool('priority = 1'),
      Withdraw: bool('canceled'),
      IncidentDurationInDays: `CASE WHEN resolved IS NOT NULL THEN round((resolved - opened) / 86400.0, 2) END`,
    },
  }]);
  return [file];
}
