import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';
import { csvOf, ts } from './csv-rows.js';

// Request report layout seen in a real SDP export (export-formats.md §8.1, second layout); dates in the
// technician's personal format, here `MMM d, yyyy hh:mm a`.
const REQUESTS =
  'Request ID,Requester,Request Type,Account,Created Time,Subject,Group,Impact,Urgency,Priority,Category,Subcategory,Technician,Request Status,Resolution,DueBy Time,First Response Overdue Status,Item,Overdue Status,Resolved Time,Responded Date,Response DueBy Time,Site,Out Of Scope,Request age after SLA response violation,Request age after SLA violation,SLA resolution time,SLA Name,SLA response time,SLA violated technician,Request Mode,ReOpened,Completed Time,Request Closure Code';
// Change list [K] (§8.4).
const CHANGES =
  'Change ID,Title,Change Type,Stage,Status,Priority,Impact,Urgency,Risk,Category,Change Owner,Change Manager,Group,Scheduled Start Time,Scheduled End Time,Completed Time,Created Time,Closure Code,Reason for Change,Assets,Services Affected';

describe('sdp adapter', () => {
  it('reads the request export: overdue flags → sla_met, ReOpened, request mode, named-month dates', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = csvOf(REQUESTS, [
      { 'Request ID': '101', Requester: 'Ann Lee', 'Request Type': 'Incident', 'Created Time': 'Mar 15, 2024 10:04 AM', Subject: 'Outlook keeps crashing',
        Group: 'Desktop', Impact: 'Affects User', Urgency: 'High', Priority: 'High', Category: 'Software', Subcategory: 'Email', Technician: 'Raj K',
        'Request Status': 'Open', 'DueBy Time': 'Mar 15, 2024 06:04 PM', 'First Response Overdue Status': 'false', 'Overdue Status': 'true',
        'Responded Date': 'Mar 15, 2024 10:30 AM', 'Response DueBy Time': 'Mar 15, 2024 11:04 AM', Site: 'Chennai', 'SLA Name': 'High SLA',
        'Request Mode': 'E-Mail', ReOpened: 'true' },
      { 'Request ID': '102', Requester: 'Bob Roe', 'Request Type': 'Service Request', 'Created Time': 'Mar 16, 2024 09:00 AM', Subject: 'New laptop',
        Group: 'Hardware', Priority: 'Low', Technician: 'Mia T', 'Request Status': 'Closed', 'DueBy Time': 'Mar 20, 2024 09:00 AM',
        'First Response Overdue Status': 'false', 'Overdue Status': 'false', 'Resolved Time': 'Mar 18, 2024 04:15 PM', 'Responded Date': 'Mar 16, 2024 09:20 AM',
        'Request Mode': 'Web Form', ReOpened: 'false', 'Completed Time': 'Mar 19, 2024 08:00 AM', 'Request Closure Code': 'Success' },
      { 'Request ID': '103', 'Request Type': 'Incident', 'Created Time': 'Mar 17, 2024 11:30 PM', Subject: 'Wi-Fi drops', Priority: 'Normal',
        'Request Status': 'On Hold', 'Request Mode': 'Phone Call' },
    ]);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'sdp_requests.csv', csv)] });
    expect(s).toMatchObject({ tool: 'sdp', object: 'ticket', source_table: 'requests', rows_loaded: 3, rows_rejected: 0 });
    expect(s!.date_formats['Created Time']).toBe('%b %d, %Y %I:%M %p');
    const rows = await store.all(`SELECT source_id, kind, status, priority, impact, urgency, channel, sla_met, reopen_count, assignee, resolution_code,
      ${ts('opened_at', 'opened')}, ${ts('first_response_at', 'responded')}, ${ts('resolved_at', 'resolved')}, ${ts('closed_at', 'closed')}, ${ts('due_at', 'due')}
      FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '101', kind: 'incident', status: 'in_progress', priority: 1, impact: 3, urgency: 1, channel: 'email', sla_met: false, reopen_count: 1,
        assignee: 'Raj K', resolution_code: null, opened: '2024-03-15 10:04:00', responded: '2024-03-15 10:30:00', resolved: null, closed: null,
        due: '2024-03-15 18:04:00' },
      { source_id: '102', kind: 'service_request', status: 'closed', priority: 4, impact: null, urgency: null, channel: 'portal', sla_met: true, reopen_count: 0,
        assignee: 'Mia T', resolution_code: 'Success', opened: '2024-03-16 09:00:00', responded: '2024-03-16 09:20:00', resolved: '2024-03-18 16:15:00',
        closed: '2024-03-19 08:00:00', due: '2024-03-20 09:00:00' },
      { source_id: '103', kind: 'incident', status: 'pending', priority: 3, impact: null, urgency: null, channel: 'phone', sla_met: null, reopen_count: null,
        assignee: null, resolution_code: null, opened: '2024-03-17 23:30:00', responded: null, resolved: null, closed: null, due: null },
    ]);
    store.close();
  });

  it('reads a change export (stage, type, closure code)', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = csvOf(CHANGES, [
      { 'Change ID': '11', Title: 'Upgrade Exchange to CU14', 'Change Type': 'Major', Stage: 'Close', Status: 'Completed', Priority: 'High', Risk: 'Medium',
        Category: 'Software', 'Change Owner': 'Raj K', Group: 'Messaging', 'Scheduled Start Time': 'Apr 6, 2024 08:00 PM',
        'Scheduled End Time': 'Apr 6, 2024 11:00 PM', 'Completed Time': 'Apr 7, 2024 09:00 AM', 'Created Time': 'Mar 28, 2024 10:00 AM',
        'Closure Code': 'Successful', 'Reason for Change': 'Security fixes', 'Services Affected': 'Email' },
      { 'Change ID': '12', Title: 'Emergency firewall patch', 'Change Type': 'Emergency', Stage: 'Implementation', Status: 'In Progress', Priority: 'Urgent',
        Risk: 'High', 'Change Owner': 'Mia T', 'Scheduled Start Time': 'Apr 8, 2024 01:00 AM', 'Created Time': 'Apr 8, 2024 12:30 AM' },
    ]);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'sdp_changes.csv', csv)] });
    expect(s).toMatchObject({ tool: 'sdp', object: 'change', source_table: 'changes', rows_loaded: 2 });
    expect(await store.all(`SELECT source_id, change_type, status, risk, priority, outcome, assignee, service, ${ts('planned_start', 'ps')}, ${ts('closed_at', 'closed')}
      FROM "change" ORDER BY 1`)).toEqual([
      { source_id: '11', change_type: 'normal', status: 'closed', risk: 3, priority: 1, outcome: 'successful', assignee: 'Raj K', service: 'Email',
        ps: '2024-04-06 20:00:00', closed: '2024-04-07 09:00:00' },
      { source_id: '12', change_type: 'emergency', status: 'implement', risk: 2, priority: 1, outcome: null, assignee: 'Mia T', service: null,
        ps: '2024-04-08 01:00:00', closed: null },
    ]);
    store.close();
  });
});
