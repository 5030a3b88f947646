import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';
import { csvOf, ts } from './csv-rows.js';

// Zendesk Reports export, column list from Zendesk's "Exporting data to a JSON, CSV, or XML file" (§7.1),
// plus one custom drop-down field. Dates are in the account's time zone.
const HEADER =
  'ID,Requester,Requester ID,Requester external id,Requester email,Requester domain,Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Assigned at,Organization,Due date,Initially assigned at,Solved at,Resolution time,Satisfaction Score,Group stations,Assignee stations,Reopens,Replies,First reply time in minutes,First reply time in minutes within business hours,First resolution time in minutes,First resolution time in minutes within business hours,Full resolution time in minutes,Full resolution time in minutes within business hours,Agent wait time in minutes,Agent wait time in minutes within business hours,Requester wait time in minutes,Requester wait time in minutes within business hours,On hold time in minutes,On hold time in minutes within business hours,Ticket Category [list]';

describe('zendesk adapter', () => {
  it('reads the ticket export: kinds, statuses, reopens, stations − 1, CSAT, account time zone; problems to the problem table', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = csvOf(HEADER, [
      { ID: '297732', Requester: 'Ann Lee', 'Requester ID': '10300600000001', 'Requester email': 'ann@example.com', 'Requester domain': 'example.com',
        Submitter: 'Ann Lee', Assignee: 'Agent Smith', Group: 'Support', Subject: 'Cannot log in', Tags: 'login sso', Status: 'Solved', Priority: 'High',
        Via: 'Mail', 'Ticket type': 'Incident', 'Created at': '2024-04-08 20:52', 'Updated at': '2024-04-10 16:30', 'Assigned at': '2024-04-09 10:28',
        'Initially assigned at': '2024-04-09 10:28', 'Solved at': '2024-04-10 16:30', 'Resolution time': '44', 'Satisfaction Score': 'Good',
        'Group stations': '2', 'Assignee stations': '3', Reopens: '1', Replies: '4', 'First reply time in minutes': '816',
        'Full resolution time in minutes': '2618', 'Ticket Category [list]': 'Access' },
      { ID: '301553', Requester: 'Bob Roe', Assignee: 'Agent Jones', Group: 'Billing', Subject: 'Invoice copy', Status: 'Open', Priority: 'Normal',
        Via: 'Web Form', 'Ticket type': 'Question', 'Created at': '2024-04-13 11:03', 'Updated at': '2024-04-13 13:04',
        'Initially assigned at': '2024-04-13 13:04', 'Satisfaction Score': 'Offered', 'Group stations': '1', 'Assignee stations': '1', Reopens: '0' },
      { ID: '327745', Requester: 'Cy Doe', Group: 'Support', Subject: 'Feature question', Status: 'Hold', Priority: 'Low', Via: 'Chat',
        'Created at': '2024-05-14 11:54', 'Updated at': '2024-05-14 12:53', 'Satisfaction Score': 'Not Offered',
        'Group stations': '1', 'Assignee stations': '0', Reopens: '0' },
      { ID: '327800', Requester: 'Agent Smith', Assignee: 'Agent Smith', Group: 'Support', Subject: 'SSO outage (parent)', Status: 'Open', Priority: 'Urgent',
        Via: 'Web Service', 'Ticket type': 'Problem', 'Created at': '2024-05-15 09:00', 'Updated at': '2024-05-15 09:30',
        'Group stations': '1', 'Assignee stations': '1', Reopens: '0' },
    ]);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'zendesk_export.csv', csv)], timezone: 'Europe/Amsterdam' });
    expect(s).toMatchObject({ tool: 'zendesk', source_table: 'tickets', rows_loaded: 4, rows_rejected: 0, records_by_table: { ticket: 3, problem: 1 } });
    const rows = await store.all(`SELECT source_id, kind, status, priority, channel, reopen_count, reassignment_count, csat_score, sla_met, category,
      assignment_group, ${ts('opened_at', 'opened')}, ${ts('first_assigned_at', 'assigned')}, ${ts('resolved_at', 'resolved')} FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      // Created 20:52 CEST (UTC+2) → 18:52 UTC
      { source_id: '297732', kind: 'incident', status: 'resolved', priority: 2, channel: 'email', reopen_count: 1, reassignment_count: 2, csat_score: 1,
        sla_met: null, category: 'Access', assignment_group: 'Support', opened: '2024-04-08 18:52:00', assigned: '2024-04-09 08:28:00', resolved: '2024-04-10 14:30:00' },
      { source_id: '301553', kind: 'service_request', status: 'in_progress', priority: 3, channel: 'portal', reopen_count: 0, reassignment_count: 0,
        csat_score: null, sla_met: null, category: null, assignment_group: 'Billing', opened: '2024-04-13 09:03:00', assigned: '2024-04-13 11:04:00', resolved: null },
      { source_id: '327745', kind: 'incident', status: 'pending', priority: 4, channel: 'chat', reopen_count: 0, reassignment_count: 0, csat_score: null,
        sla_met: null, category: null, assignment_group: 'Support', opened: '2024-05-14 09:54:00', assigned: null, resolved: null },
    ]);
    expect(await store.all(`SELECT problem_key, status, priority, ${ts('opened_at', 'opened')} FROM problem`)).toEqual([
      { problem_key: 'zendesk:327800', status: 'root_cause_analysis', priority: 1, opened: '2024-05-15 07:00:00' },
    ]);
    store.close();
  });
});
