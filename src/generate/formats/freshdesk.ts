/**
 * Freshdesk (Freshworks' customer-support product; adapter `freshdesk` in src/sources/freshservice.ts,
 * export-formats.md §6.2): the ticket CSV export with its header (`Ticket ID, Subject, Status, Priority, Source,
 * Type, Agent, Group, Created time, Due by Time, Resolved time, Closed time, Last update time, Initial response
 * time, Time tracked, First response time (in hrs), Resolution time (in hrs), Agent interactions, Customer
 * interactions, Resolution status, First response status, Every response status, Tags, Survey results, Product,
 * Full name, Contact ID`) — no ITSM columns (Urgency, Impact, Category, Item), which tells it from Freshservice.
 * Dates `YYYY-MM-DD HH:MM:SS` (helpdesk time zone, UTC here), Priority Low / Medium / High / Urgent (higher = more
 * urgent, reversed by the adapter), Status Open / Pending / Resolved / Closed, Type Incident / Question (a
 * customer-service type: question → service request). `Resolution status` Within SLA / SLA Violated = the SLA flag.
 * Null in truth.json: FCR and reopen rate (no reassignment or reopen count: activities API only), change success
 * rate (Freshdesk has no change object).
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { TRAITS } from './traits.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%d %H:%M:%S';
const PRI = strList(['Urgent', 'High', 'Medium', 'Low', 'Low']);
const hms = (s: string) => `printf('%02d:%02d:%02d', (${s}) // 3600, (${s}) % 3600 // 60, (${s}) % 60)`;
export const FRESHDESK_HEADER = [
  'Ticket ID', 'Subject', 'Status', 'Priority', 'Source', 'Type', 'Agent', 'Group', 'Created time', 'Due by Time', 'Resolved time',
  'Closed time', 'Last update time', 'Initial response time', 'Time tracked', 'First response time (in hrs)', 'Resolution time (in hrs)',
  'Agent interactions', 'Customer interactions', 'Resolution status', 'First response status', 'Every response status', 'Tags',
  'Survey results', 'Product', 'Full name', 'Contact ID',
] as const;

export async function writeFreshdesk(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const o = p.o;
  const fr = `tmin(300 + floor(14400 * pow(u(i, 'fr'), 2))::BIGINT)`;
  const responded = `CASE WHEN state_open = 'New' OR canceled THEN NULL ELSE least(opened + ${fr}, coalesce(resolved, ${o.t1 - 60})) END`;
  const within = (late: string) => `CASE WHEN ${late} THEN 'SLA Violated' ELSE 'Within SLA' END`;
  const file = await writeCsv(exec, out, 'freshdesk_tickets.csv', FRESHDESK_HEADER, [{
    from: pq(x.tk),
    cells: {
      'Ticket ID': TRAITS.freshdesk!.ticketId('i'),
      Subject: `short_description`,
      Status: `CASE WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Resolved' WHEN state_open = 'On Hold' THEN 'Pending' ELSE 'Open' END`,
      Priority: `${PRI}[priority]`,
      Source: `pick(['Email', 'Email', 'Portal', 'Phone', 'Chat', 'Feedback Widget'], u(i, 'fd.src'))`,
      Type: `CASE WHEN kind = 'service_request' THEN 'Question' ELSE 'Incident' END`,
      Agent: `assigned_to`,
      Group: `grp`,
      'Created time': fmt('opened', DATE),
      'Due by Time': fmt('opened + target_s', DATE),
      'Resolved time': fmt('resolved', DATE),
      'Closed time': fmt('closed', DATE),
      'Last update time': fmt(updated(p), DATE),
      'Initial response time': fmt(responded, DATE),
      'Time tracked': `'00:' || printf('%02d', floor(u(i, 'fd.tt') * 60)::BIGINT) || ':00'`,
      'First response time (in hrs)': `CASE WHEN ${responded} IS NOT NULL THEN ${hms(`${responded} - opened`)} END`,
      'Resolution time (in hrs)': `CASE WHEN resolved IS NOT NULL THEN ${hms('resolved - opened')} END`,
      'Agent interactions': `CASE WHEN assigned_to IS NULL THEN 0 ELSE 1 + floor(u(i, 'fd.ai') * 6)::BIGINT END`,
      'Customer interactions': `floor(u(i, 'fd.ci') * 4)::BIGINT`,
      'Resolution status': within('NOT made_sla'),
      'First response status': `CASE WHEN ${responded} IS NOT NULL THEN ${within(`${responded} - opened > 14400`)} END`,
      'Every response status': `CASE WHEN ${responded} IS NOT NULL THEN ${within(`u(i, 'fd.er') < 0.1`)} END`,
      Tags: `CASE WHEN priority = 1 THEN 'outage' END`,
      'Survey results': `CASE WHEN closed IS NOT NULL AND u(i, 'csat') < 0.25 THEN wpick(['Awesome', 'Neutral', 'Not Good'], [0.7, 0.9, 1.0], u(i, 'csat2')) END`,
      Product: `'Acme Cloud'`,
      'Full name': `person(usr)`,
      'Contact ID': `48000000000 + usr * 13`,
    },
  }]);
  return [file];
}
