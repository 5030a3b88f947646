import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';
import { csvOf, ts } from './csv-rows.js';

// Real Freshservice ticket export header (export-formats.md §6.1), custom columns left out.
const FRESHSERVICE =
  'Subject,Type,Status,Urgency,Impact,Priority,Group,Agent,Company,Description,Category,Sub-Category,Item,Source,Resolution Note,Experience Score,Association type,Requester Location,Requester VIP,Ticket Id,Requester Name,Requester Email,Created Time,Due by Time,Resolved Time,Closed Time,Last Updated Time,Initial Response Time,Time Tracked,First Response Time (in Hrs),Resolution Time (in Hrs),Agent interactions,Customer interactions,Resolution Status,First Response Status,Tags,Survey Result,Approval Status,Major incident type,Business impact,Impacted locations,No. of customers impacted,Affected CI';

// Real Freshdesk export header (§6.2): same core columns, no ITSM fields.
const FRESHDESK =
  'Ticket ID,Subject,Status,Priority,Source,Type,Agent,Group,Created time,Due by Time,Resolved time,Closed time,Last update time,Initial response time,Time tracked,First response time (in hrs),Resolution time (in hrs),Agent interactions,Customer interactions,Resolution status,First response status,Every response status,Tags,Survey results,Product,Full name,Contact ID';

describe('freshservice adapter', () => {
  it('reads the ticket export: reversed priority, impact/urgency, SLA status, first response', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = csvOf(FRESHSERVICE, [
      { Subject: 'Laptop screen flickers', Type: 'Incident', Status: 'Resolved', Urgency: 'High', Impact: 'Low', Priority: 'Urgent', Group: 'Hardware',
        Agent: 'Ann Lee', Category: 'Hardware', 'Sub-Category': 'Laptop', Item: 'Dell XPS', Source: 'Email', 'Requester VIP': 'No',
        'Ticket Id': '1201', 'Requester Name': 'Bob Roe', 'Requester Email': 'bob@example.com', 'Created Time': '2024-05-02 09:15:00',
        'Due by Time': '2024-05-02 13:15:00', 'Resolved Time': '2024-05-02 12:00:00', 'Last Updated Time': '2024-05-02 12:00:00',
        'Initial Response Time': '2024-05-02 09:40:00', 'First Response Time (in Hrs)': '00:25:00', 'Resolution Time (in Hrs)': '02:45:00',
        'Agent interactions': '2', 'Customer interactions': '1', 'Resolution Status': 'Within SLA', 'First Response Status': 'Within SLA' },
      { Subject: 'New shared mailbox', Type: 'Service Request', Status: 'Open', Urgency: 'Low', Impact: 'Low', Priority: 'Low', Group: 'Messaging',
        Source: 'Portal', 'Ticket Id': '1202', 'Requester Name': 'Cy Doe', 'Created Time': '2024-05-03 08:00:00', 'Due by Time': '2024-05-06 08:00:00',
        'Last Updated Time': '2024-05-07 10:00:00', 'Resolution Status': 'SLA Violated', 'First Response Status': 'SLA Violated' },
      { Subject: 'Printer offline', Type: 'Incident', Status: 'Closed', Urgency: 'Medium', Impact: 'Medium', Priority: 'Medium', Group: 'Hardware',
        Source: 'Phone', 'Ticket Id': '1203', 'Created Time': '2024-05-04 14:00:00', 'Resolved Time': '2024-05-04 15:00:00',
        'Closed Time': '2024-05-06 15:00:00', 'Initial Response Time': '2024-05-04 14:10:00', 'Major incident type': '' },
    ]);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'freshservice_tickets.csv', csv)] });
    expect(s).toMatchObject({ tool: 'freshservice', object: 'ticket', source_table: 'tickets', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, impact, urgency, channel, sla_met, category, subcategory, assignee, requester,
      ${ts('opened_at', 'opened')}, ${ts('first_response_at', 'responded')}, ${ts('resolved_at', 'resolved')}, ${ts('closed_at', 'closed')}, ${ts('due_at', 'due')}
      FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '1201', kind: 'incident', status: 'resolved', priority: 1, impact: 3, urgency: 1, channel: 'email', sla_met: true,
        category: 'Hardware', subcategory: 'Laptop', assignee: 'Ann Lee', requester: 'Bob Roe', opened: '2024-05-02 09:15:00',
        responded: '2024-05-02 09:40:00', resolved: '2024-05-02 12:00:00', closed: null, due: '2024-05-02 13:15:00' },
      { source_id: '1202', kind: 'service_request', status: 'in_progress', priority: 4, impact: 3, urgency: 3, channel: 'portal', sla_met: false,
        category: null, subcategory: null, assignee: null, requester: 'Cy Doe', opened: '2024-05-03 08:00:00', responded: null, resolved: null,
        closed: null, due: '2024-05-06 08:00:00' },
      { source_id: '1203', kind: 'incident', status: 'closed', priority: 3, impact: 2, urgency: 2, channel: 'phone', sla_met: null,
        category: null, subcategory: null, assignee: null, requester: null, opened: '2024-05-04 14:00:00', responded: '2024-05-04 14:10:00',
        resolved: '2024-05-04 15:00:00', closed: '2024-05-06 15:00:00', due: null },
    ]);
    store.close();
  });

  it('does not take a Freshdesk export for Freshservice, nor the other way round', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const desk = csvOf(FRESHDESK, [
      { 'Ticket ID': '55', Subject: 'Refund for order 7781', Status: 'Closed', Priority: 'High', Source: 'Email', Type: 'Question', Agent: 'Dee',
        Group: 'Billing', 'Created time': '2024-05-03 10:00:00', 'Resolved time': '2024-05-03 16:00:00', 'Closed time': '2024-05-04 16:00:00',
        'Last update time': '2024-05-04 16:00:00', 'Initial response time': '2024-05-03 10:30:00', 'Resolution status': 'SLA Violated',
        'First response status': 'Within SLA', 'Every response status': 'Within SLA', 'Survey results': 'Awesome', 'Full name': 'Eve Stone', 'Contact ID': '9001' },
      { 'Ticket ID': '56', Subject: 'App crashes on login', Status: 'Waiting on Customer', Priority: 'Urgent', Source: 'Chat', Type: 'Incident',
        'Created time': '2024-05-05 11:00:00', 'Resolution status': 'Within SLA', 'Full name': 'Finn Moe' },
    ]);
    // Freshservice with only the columns it shares with Freshdesk plus its ITSM fields.
    const serviceMin = csvOf('Ticket Id,Subject,Type,Status,Priority,Urgency,Impact,Group,Agent,Created Time,Resolved Time,Closed Time,First Response Time (in Hrs),Resolution Status', [
      { 'Ticket Id': '77', Subject: 'VPN', Type: 'Incident', Status: '4', Priority: '3', Urgency: '2', Impact: '1', 'Created Time': '2024-05-06 09:00:00', 'Resolved Time': '2024-05-06 10:00:00' },
    ]);
    const summaries = await ingestPaths(store, { paths: [writeFixture(dir, 'freshdesk.csv', desk), writeFixture(dir, 'freshservice-min.csv', serviceMin)] });
    expect(summaries.map((s) => `${s.tool}/${s.source_table}`)).toEqual(['freshdesk/tickets', 'freshservice/tickets']);
    const rows = await store.all(`SELECT ticket_key, kind, status, priority, impact, urgency, channel, sla_met, requester, ${ts('first_response_at', 'responded')}
      FROM ticket ORDER BY ticket_key`);
    expect(rows).toEqual([
      { ticket_key: 'freshdesk:55', kind: 'service_request', status: 'closed', priority: 2, impact: null, urgency: null, channel: 'email', sla_met: false,
        requester: 'Eve Stone', responded: '2024-05-03 10:30:00' },
      { ticket_key: 'freshdesk:56', kind: 'incident', status: 'pending', priority: 1, impact: null, urgency: null, channel: 'chat', sla_met: true,
        requester: 'Finn Moe', responded: null },
      // API-style numeric codes: status 4 Resolved, priority 3 High → 2, urgency 2 Medium → 2, impact 1 Low → 3
      { ticket_key: 'freshservice:77', kind: 'incident', status: 'resolved', priority: 2, impact: 3, urgency: 2, channel: null, sla_met: null,
        requester: null, responded: null },
    ]);
    store.close();
  });
});
