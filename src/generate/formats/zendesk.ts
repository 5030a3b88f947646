/**
 * Zendesk Support (adapter src/sources/zendesk.ts, export-formats.md §7.1): the Reports CSV export with the
 * column list of Zendesk's export article (`ID, Requester, …, Group stations, Assignee stations, Reopens, …
 * First reply time in minutes …`). Dates written `YYYY-MM-DD HH:MM` in UTC (the account's time zone in a real
 * export; the native layout of the date cells is unverified [?], the sample seen was Excel round-tripped).
 * Ticket type Incident / Question / Task (question, task → service request) / Problem: problems are rows of
 * the same file (type Problem), after the tickets. Priority Urgent/High/Normal/Low.
 * Supported: FCR (Assignee stations − 1 = reassignments, and Reopens) and reopen rate. Not in the export: an SLA
 * flag (SLAs live in metric events, API only) and changes (Zendesk has none) → null in truth.json.
 */
import type { Plan } from '../sql.js';
import { strList } from '../sql.js';
import { CAT_ITEMS } from '../model.js';
import { fmt, pq, updated, type Exec, type Internal } from '../writers.js';
import { writeCsv } from './common.js';

const DATE = '%Y-%m-%d %H:%M';
const PRI = strList(['Urgent', 'High', 'Normal', 'Low', 'Low']);
export const ZENDESK_HEADER = [
  'ID', 'Requester', 'Requester ID', 'Requester external id', 'Requester email', 'Requester domain', 'Submitter', 'Assignee', 'Group',
  'Subject', 'Tags', 'Status', 'Priority', 'Via', 'Ticket type', 'Created at', 'Updated at', 'Assigned at', 'Organization', 'Due date',
  'Initially assigned at', 'Solved at', 'Resolution time', 'Satisfaction Score', 'Group stations', 'Assignee stations', 'Reopens',
  'Replies', 'First reply time in minutes', 'First reply time in minutes within business hours', 'First resolution time in minutes',
  'First resolution time in minutes within business hours', 'Full resolution time in minutes', 'Full resolution time in minutes within business hours',
  'Agent wait time in minutes', 'Agent wait time in minutes within business hours', 'Requester wait time in minutes',
  'Requester wait time in minutes within business hours', 'On hold time in minutes', 'On hold time in minutes within business hours',
] as const;

export async function writeZendesk(p: Plan, x: Internal, out: string, exec: Exec): Promise<string[]> {
  const N = p.nTk;
  const assignedAt = `CASE WHEN assigned_to IS NOT NULL THEN least(opened + 60 + floor(u(i, 'zd.as') * 3600)::BIGINT // 60 * 60, coalesce(resolved, closed, ${p.o.t1 - 60})) END`;
  const firstReply = `CASE WHEN assigned_to IS NOT NULL THEN 5 + floor(240 * pow(u(i, 'fr'), 2))::BIGINT END`;
  const mins = (s: string) => `CASE WHEN resolved IS NOT NULL THEN (${s}) // 60 END`;
  const tickets = {
    ID: `i + 1`,
    Requester: `person(usr)`,
    'Requester ID': `362000000000 + usr * 7`,
    'Requester email': `lower(replace(person(usr), ' ', '.')) || '@example.com'`,
    'Requester domain': `'example.com'`,
    Submitter: `person(usr)`,
    Assignee: `assigned_to`,
    Group: `grp`,
    Subject: `short_description`,
    Tags: `CASE WHEN kind = 'service_request' THEN lower(replace(cat_item, ' ', '_')) WHEN priority = 1 THEN 'major_incident' END`,
    Status: `CASE WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Solved'
      WHEN state_open = 'New' THEN 'New' WHEN state_open = 'On Hold' THEN pick(['Pending', 'Hold'], u(i, 'zd.h')) ELSE 'Open' END`,
    Priority: `${PRI}[priority]`,
    Via: `pick(['Mail', 'Web Form', 'Web Widget', 'Voice', 'Chat', 'API'], u(i, 'zd.via'))`,
    'Ticket type': `CASE WHEN kind = 'service_request' THEN pick(['Question', 'Task'], u(i, 'zd.tt')) ELSE 'Incident' END`,
    'Created at': fmt('opened', DATE),
    'Updated at': fmt(updated(p), DATE),
    'Assigned at': fmt(assignedAt, DATE),
    Organization: `'Acme Corp'`,
    'Initially assigned at': fmt(assignedAt, DATE),
    'Solved at': fmt('resolved', DATE),
    'Resolution time': `CASE WHEN resolved IS NOT NULL THEN round((resolved - opened) / 3600.0)::BIGINT END`,
    'Satisfaction Score': `CASE WHEN resolved IS NULL THEN 'Not Offered' WHEN u(i, 'csat') < 0.7 THEN 'Offered' WHEN u(i, 'csat2') < 0.85 THEN 'Good' ELSE 'Bad' END`,
    'Group stations': `CASE WHEN assigned_to IS NULL THEN 1 ELSE 1 + (reassignment_count > 0)::INT + (reassignment_count > 2)::INT END`,
    'Assignee stations': `CASE WHEN assigned_to IS NULL THEN 0 ELSE reassignment_count + 1 END`,
    Reopens: `reopen_count`,
    Replies: `CASE WHEN assigned_to IS NULL THEN 0 ELSE 1 + floor(u(i, 'zd.rep') * 6)::BIGINT END`,
    'First reply time in minutes': firstReply,
    'First reply time in minutes within business hours': firstReply,
    'First resolution time in minutes': mins('resolved - opened'),
    'First resolution time in minutes within business hours': mins('(resolved - opened) * 2 // 5'),
    'Full resolution time in minutes': mins('resolved - opened'),
    'Full resolution time in minutes within business hours': mins('(resolved - opened) * 2 // 5'),
    'Agent wait time in minutes': mins('(resolved - opened) * 3 // 5'),
    'Requester wait time in minutes': mins('(resolved - opened) // 5'),
    'On hold time in minutes': `CASE WHEN resolved IS NOT NULL OR state_open = 'On Hold' THEN floor(u(i, 'zd.oh') * 120)::BIGINT END`,
  };
  const problems = {
    ID: `${N + 1} + pp`,
    Requester: `agent('Service Desk', u(pp, 'p.rep'))`,
    Submitter: `agent('Service Desk', u(pp, 'p.rep'))`,
    Assignee: `agent(grp, u(pp, 'p.agent'))`,
    Group: `grp`,
    Subject: `short_description`,
    Tags: `'problem'`,
    Status: `CASE WHEN closed IS NOT NULL THEN 'Closed' WHEN resolved IS NOT NULL THEN 'Solved' WHEN state = 'New' THEN 'New' ELSE 'Open' END`,
    Priority: `${PRI}[priority]`,
    Via: `'Web Form'`,
    'Ticket type': `'Problem'`,
    'Created at': fmt('opened', DATE),
    'Updated at': fmt('coalesce(closed, resolved, opened)', DATE),
    'Solved at': fmt('resolved', DATE),
    Reopens: `0`,
  };
  void CAT_ITEMS;
  const file = await writeCsv(exec, out, 'zendesk_tickets.csv', ZENDESK_HEADER, [
    { cells: tickets, from: pq(x.tk) },
    ...(p.nPrb > 0 ? [{ cells: problems, from: pq(x.prb) }] : []),
  ]);
  return [file];
}
