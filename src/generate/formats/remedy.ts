/**
 * BMC Remedy / Helix ITSM (adapter src/sources/remedy.ts, export-formats.md §5).
 *
 * Incidents: a Mid-Tier / Smart Reporting CSV of HPD:Help Desk with the UI labels and their `*` (required) /
 * `+` (menu) markers, US dates with AM/PM (`3/15/2025 2:04:11 PM`, written in UTC). Priority Critical..Low
 * (1 = most urgent), Impact/Urgency `1-Extensive/Widespread` …, `Incident Type*` = Service Type (User Service
 * Request → service request), `SLM Real Time Status` = the SLA flag, `Re-Opened Date` (reopened or not),
 * `Total Transfers` = reassignments. Changes (CHG:Infrastructure Change) and problems (PBM:Problem
 * Investigation) with AR field names, `Status Reason` = the change outcome on Completed/Closed changes.
 * Every KPI of truth.json is supported (FCR as first-assignment resolution).
 */
import { join } from 'node:path';
import type { Plan } from '../sql.js';
import { q, strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { csvOpts, DESC_TAIL, fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { TRAITS } from './traits.js';

const DATE = '%-m/%-d/%Y %-I:%M:%S %p';
const PRI = strList(['Critical', 'High', 'Medium', 'Low', 'Low']);
const LEVEL = strList(['1-Extensive/Widespread', '2-Significant/Large', '3-Moderate/Limited', '4-Minor/Localized']);
const URG = strList(['1-Critical', '2-High', '3-Medium', '4-Low']);
const SOURCES = strList(['Phone', 'Email', 'Self Service', 'Web', 'Walk In', 'Direct Input']);
export const remedyChangeId = (c: string) => `'CRQ' || printf('%012d', (${c}) + 1)`;
export const remedyProblemId = (pp: string) => `'PBI' || printf('%012d', (${pp}) + 1)`;

export async function writeRemedy(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const id = TRAITS.remedy!.ticketId;
  const inc = join(out, 'HPD_Help_Desk.csv');
  const level = (salt: string) => `${LEVEL}[least(4, greatest(1, priority + floor(u(i, '${salt}') * 2)::BIGINT - 1))]`;
  await exec(`COPY (SELECT
    ${id('i')} AS "Incident ID*+",
    short_description AS "Summary*",
    short_description || chr(10) || pick(${DESC_TAIL}, u(i, 'desc')) AS "Notes",
    CASE WHEN kind = 'service_request' THEN 'User Service Request'
         ELSE wpick(['User Service Restoration', 'Infrastructure Restoration', 'Infrastructure Event'], [0.8, 0.95, 1.0], u(i, 'rm.st')) END AS "Incident Type*",
    CASE WHEN canceled THEN 'Cancelled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved'
         WHEN state_open = 'New' THEN 'Assigned' WHEN state_open = 'On Hold' THEN 'Pending' ELSE 'In Progress' END AS "Status*",
    CASE WHEN canceled THEN 'No Longer a Causal CI' WHEN resolved IS NOT NULL THEN 'No Further Action Required'
         WHEN state_open = 'On Hold' THEN 'Client Hold' END AS "Status Reason",
    ${PRI}[priority] AS "Priority*",
    ${level('rm.imp')} AS "Impact*",
    ${URG}[least(4, priority)] AS "Urgency*",
    ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] AS "Operational Categorization Tier 1",
    subcategory AS "Operational Categorization Tier 2",
    business_service AS "Service*+",
    ci AS "CI+",
    grp AS "Assigned Group*+",
    assigned_to AS "Assignee+",
    person(usr) AS "Customer",
    pick(${SOURCES}, u(i, 'rm.src')) AS "Reported Source",
    ${fmt('opened', DATE)} AS "Reported Date+",
    ${fmt('resolved', DATE)} AS "Last Resolved Date",
    ${fmt('closed', DATE)} AS "Closed Date",
    ${fmt('CASE WHEN reopen_count > 0 THEN tmin(opened + dur_s * 6 // 10) END', DATE)} AS "Re-Opened Date",
    reassignment_count AS "Total Transfers",
    CASE WHEN made_sla AND resolved IS NULL AND NOT canceled AND ${o.t1} - opened > target_s * 3 // 4 THEN 'Service Target Warning'
         WHEN made_sla THEN 'Within the Service Target'
         WHEN resolved IS NULL THEN 'All Service Targets Breached' ELSE 'Missed Goal' END AS "SLM Real Time Status",
    ${fmt(updated(p), DATE)} AS "Last Modified Date"
  FROM ${pq(x.tk)}) TO ${q(inc)} ${csvOpts(true)}`);
  const files = [inc];

  if (p.nChg > 0) {
    const chg = join(out, 'CHG_Infrastructure_Change.csv');
    await exec(`COPY (SELECT
      ${remedyChangeId('c')} AS "Infrastructure Change ID",
      short_description AS "Description",
      CASE state WHEN 'New' THEN 'Draft' WHEN 'Assess' THEN 'Planning In Progress' WHEN 'Authorize' THEN 'Request For Authorization'
        WHEN 'Scheduled' THEN 'Scheduled' WHEN 'Implement' THEN 'Implementation In Progress' WHEN 'Review' THEN 'Completed'
        WHEN 'Closed' THEN 'Closed' ELSE CASE WHEN type = 'Normal' AND u(c, 'c.rej') < 0.5 THEN 'Rejected' ELSE 'Cancelled' END END AS "Change Request Status",
      CASE WHEN close_code IS NOT NULL THEN replace(close_code, 'with issues', 'with Issues')
           WHEN state = 'Review' THEN 'Final Review Required' WHEN state = 'Canceled' THEN 'No Longer Required' END AS "Status Reason",
      type AS "Class",
      'Change' AS "Change Type",
      'Risk Level ' || CASE type WHEN 'Standard' THEN 1 WHEN 'Emergency' THEN 4 + floor(u(c, 'c.risk') * 2)::BIGINT ELSE 2 + floor(u(c, 'c.risk') * 2)::BIGINT END AS "Risk Level",
      CASE type WHEN 'Emergency' THEN pick(['Critical', 'High'], u(c, 'c.pri')) ELSE wpick(['High', 'Medium', 'Low'], [0.1, 0.6, 1.0], u(c, 'c.pri')) END AS "Priority",
      ${fmt('pstart', DATE)} AS "Scheduled Start Date", ${fmt('pend', DATE)} AS "Scheduled End Date",
      ${fmt('wstart', DATE)} AS "Actual Start Date", ${fmt('wend', DATE)} AS "Actual End Date",
      grp AS "Support Group Name", ci AS "CI Name",
      ${fmt('opened', DATE)} AS "Submit Date", ${fmt('closed', DATE)} AS "Closed Date"
    FROM ${pq(x.chg)}) TO ${q(chg)} ${csvOpts(true)}`);
    files.push(chg);
  }
  if (p.nPrb > 0) {
    const prb = join(out, 'PBM_Problem_Investigation.csv');
    await exec(`COPY (SELECT
      ${remedyProblemId('pp')} AS "Problem Investigation ID",
      short_description AS "Description",
      CASE state WHEN 'New' THEN 'Draft' WHEN 'Assess' THEN 'Under Review' WHEN 'Root Cause Analysis' THEN 'Under Investigation'
        WHEN 'Fix in Progress' THEN 'Pending' WHEN 'Resolved' THEN 'Completed' ELSE 'Closed' END AS "Investigation Status",
      ${PRI}[priority] AS "Priority",
      grp AS "Assigned Group", agent(grp, u(pp, 'p.agent')) AS "Assignee",
      CASE WHEN has_workaround AND state NOT IN ('New', 'Assess') THEN pick(['Restart the service', 'Clear the local cache and log on again', 'Fail over to the secondary node'], u(pp, 'p.wa')) END AS "Temporary Workaround",
      ci AS "CI Name",
      ${fmt('opened', DATE)} AS "Submit Date", ${fmt('resolved', DATE)} AS "Completed Date", ${fmt('closed', DATE)} AS "Closed Date"
    FROM ${pq(x.prb)}) TO ${q(prb)} ${csvOpts(true)}`);
    files.push(prb);
  }
  return files;
}
