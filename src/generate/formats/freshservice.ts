/**
 * Freshservice (adapter src/sources/freshservice.ts, export-formats.md §6.1): the ticket CSV export with its
 * real header (ITSM columns Urgency, Impact, Category, Sub-Category, Item, Requester VIP, Major incident type …
 * that tell it from Freshdesk), dates `YYYY-MM-DD HH:MM:SS` (UTC here), Priority Low/Medium/High/Urgent
 * (Urgent = most urgent), Type Incident / Service Request, `Resolution Status` Within SLA / SLA Violated = the
 * SLA flag. The export has no reassignment or reopen count, so FCR and reopen rate are null in truth.json;
 * changes are known only from API field names [K], so none are written (change success rate null).
 */
import { join } from 'node:path';
import type { Plan } from '../sql.js';
import { q, strList } from '../sql.js';
import { CATEGORIES } from '../model.js';
import { csvOpts, DESC_TAIL, fmt, pq, updated, type Exec, type Internal } from '../writers.js';

const DATE = '%Y-%m-%d %H:%M:%S';
const PRI = strList(['Urgent', 'High', 'Medium', 'Low', 'Low']);
const hms = (s: string) => `printf('%02d:%02d:%02d', (${s}) // 3600, (${s}) % 3600 // 60, (${s}) % 60)`;

export async function writeFreshservice(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const dest = join(out, 'freshservice_tickets.csv');
  const fr = `tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT)`;
  const responded = `CASE WHEN state_open = 'New' OR canceled THEN NULL ELSE least(opened + ${fr}, coalesce(resolved, ${o.t1 - 60})) END`;
  await exec(`COPY (SELECT
    short_description AS "Subject",
    CASE WHEN kind = 'service_request' THEN 'Service Request' ELSE 'Incident' END AS "Type",
    CASE WHEN canceled THEN 'Cancelled' WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved'
         WHEN state_open = 'On Hold' THEN 'Pending' ELSE 'Open' END AS "Status",
    ${strList(['High', 'High', 'Medium', 'Low', 'Low'])}[priority] AS "Urgency",
    ${strList(['High', 'Medium', 'Medium', 'Low', 'Low'])}[priority] AS "Impact",
    ${PRI}[priority] AS "Priority",
    grp AS "Group", assigned_to AS "Agent", 'Acme Corp' AS "Company",
    short_description || chr(10) || pick(${DESC_TAIL}, u(i, 'desc')) AS "Description",
    CASE WHEN kind = 'incident' THEN ${strList(CATEGORIES.map((c) => c.name))}[cat + 1] ELSE 'Service Request' END AS "Category",
    CASE WHEN kind = 'incident' THEN subcategory END AS "Sub-Category",
    CASE WHEN kind = 'service_request' THEN cat_item END AS "Item",
    pick(['Email', 'Portal', 'Phone', 'Chat', 'Walkup'], u(i, 'fs.src')) AS "Source",
    CASE WHEN resolved IS NOT NULL THEN 'Resolved as requested' END AS "Resolution Note",
    NULL AS "Experience Score", NULL AS "Association type",
    pick(${strList(['Amsterdam HQ', 'Utrecht Campus', 'Berlin Office', 'Munich Office', 'London Office', 'Paris Office'])}, u(i, 'fs.loc')) AS "Requester Location",
    CASE WHEN u(i, 'fs.vip') < 0.05 THEN 'Yes' ELSE 'No' END AS "Requester VIP",
    i + 1 AS "Ticket Id",
    person(usr) AS "Requester Name",
    lower(replace(person(usr), ' ', '.')) || '@example.com' AS "Requester Email",
    ${fmt('opened', DATE)} AS "Created Time",
    ${fmt('opened + target_s', DATE)} AS "Due by Time",
    ${fmt('resolved', DATE)} AS "Resolved Time",
    ${fmt('closed', DATE)} AS "Closed Time",
    ${fmt(updated(p), DATE)} AS "Last Updated Time",
    ${fmt(responded, DATE)} AS "Initial Response Time",
    '00:' || printf('%02d', floor(u(i, 'fs.tt') * 60)::BIGINT) || ':00' AS "Time Tracked",
    CASE WHEN ${responded} IS NOT NULL THEN ${hms(`${responded} - opened`)} END AS "First Response Time (in Hrs)",
    CASE WHEN resolved IS NOT NULL THEN ${hms('resolved - opened')} END AS "Resolution Time (in Hrs)",
    1 + floor(u(i, 'fs.ai') * 6)::BIGINT AS "Agent interactions",
    floor(u(i, 'fs.ci') * 4)::BIGINT AS "Customer interactions",
    CASE WHEN made_sla THEN 'Within SLA' ELSE 'SLA Violated' END AS "Resolution Status",
    CASE WHEN ${responded} IS NULL THEN NULL WHEN ${responded} - opened <= 14400 THEN 'Within SLA' ELSE 'SLA Violated' END AS "First Response Status",
    CASE WHEN priority = 1 THEN 'major' END AS "Tags",
    NULL AS "Survey Result",
    CASE WHEN kind = 'service_request' THEN 'Approved' ELSE 'Not Requested' END AS "Approval Status",
    CASE WHEN priority = 1 THEN 'Service outage' END AS "Major incident type",
    CASE WHEN priority = 1 THEN 'Users cannot work' END AS "Business impact",
    NULL AS "Impacted locations", NULL AS "No. of customers impacted",
    ci AS "Affected CI"
  FROM ${pq(x.tk)}) TO ${q(dest)} ${csvOpts(true)}`);
  return [dest];
}
