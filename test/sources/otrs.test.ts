import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

// Agent ticket search → CSV, default SearchCSVData columns (TicketNumber → "Ticket Number", CustomerName →
// "Customer Realname"), ';'-separated as a German-locale agent would get it.
const HEADER =
  'Ticket Number;Age;Created;Closed;FirstLock;FirstResponse;State;Priority;Queue;Lock;Owner;UserFirstname;UserLastname;CustomerID;Customer Realname;From;Subject;AccountedTime;ArticleTree;SolutionInMin;SolutionDiffInMin;FirstResponseInMin;FirstResponseDiffInMin';
const ROWS = [
  '2024031510000012;3 d 2 h;2024-03-15 08:12:44;2024-03-15 16:40:02;2024-03-15 08:30:10;2024-03-15 08:31:00;closed successful;5 very high;Service Desk::Network;unlock;jdoe;John;Doe;ACME;Anna Berger;"Anna Berger <anna@acme.example>";VPN down;45;;268;-28;18;42',
  '2024031510000021;2 d 1 h;2024-03-15 09:00:00;;;2024-03-15 09:40:00;open;3 normal;Service Desk;lock;mmuster;Max;Muster;ACME;Peter Klein;peter@acme.example;Drucker defekt;10;;;;40;20',
  '2024031610000031;1 d;2024-03-16 10:00:00;;;;pending reminder;1 very low;Service Desk::Desktop;unlock;root@localhost;Admin;OTRS;GLOBEX;Eva Roth;eva@globex.example;Laptop langsam;0;;;;;',
];

describe('otrs adapter', () => {
  it('detects a ticket search CSV, reverses priority and reads the SLA from *DiffInMin', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'otrs-search.csv', [HEADER, ...ROWS].join('\n') + '\n')] });
    expect(s).toMatchObject({ tool: 'otrs', object: 'ticket', source_table: 'ticket', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, sla_met, assignment_group, assignee, requester,
      strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS opened, strftime(first_response_at, '%Y-%m-%d %H:%M:%S') AS responded,
      strftime(resolved_at, '%Y-%m-%d %H:%M:%S') AS resolved, strftime(closed_at, '%Y-%m-%d %H:%M:%S') AS closed
      FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '2024031510000012', kind: 'incident', status: 'closed', priority: 1, sla_met: false, assignment_group: 'Service Desk::Network',
        assignee: 'jdoe', requester: 'Anna Berger', opened: '2024-03-15 08:12:44', responded: '2024-03-15 08:31:00',
        resolved: '2024-03-15 16:40:02', closed: '2024-03-15 16:40:02' },
      { source_id: '2024031510000021', kind: 'incident', status: 'in_progress', priority: 3, sla_met: true, assignment_group: 'Service Desk',
        assignee: 'mmuster', requester: 'Peter Klein', opened: '2024-03-15 09:00:00', responded: '2024-03-15 09:40:00', resolved: null, closed: null },
      { source_id: '2024031610000031', kind: 'incident', status: 'pending', priority: 5, sla_met: null, assignment_group: 'Service Desk::Desktop',
        assignee: 'root@localhost', requester: 'Eva Roth', opened: '2024-03-16 10:00:00', responded: null, resolved: null, closed: null },
    ]);
    store.close();
  });

  it('reads the statistics Ticketlist labels (Ticket#, StateType, Type, Agent/Owner)', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      '"Ticket#";"Title";"Created";"Close Time";"Queue";"State";"StateType";"Priority";"Type";"Agent/Owner";"Customer User";"First Lock";"Accounted time";"SolutionDiffInMin"',
      '"2024040110000018";"Mail bounce";"2024-04-01 07:58:00";"2024-04-01 12:00:00";"Messaging";"closed successful";"closed";"4 high";"Incident";"jdoe";"anna";"2024-04-01 08:05:00";"30";"120"',
      '"2024040110000027";"New laptop";"2024-04-01 09:00:00";"";"Provisioning";"merged";"merged";"2 low";"ServiceRequest";"mmuster";"peter";"";"0";""',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'ticketlist.csv', csv)] });
    expect(s).toMatchObject({ tool: 'otrs', source_table: 'ticket', rows_loaded: 2 });
    const rows = await store.all('SELECT source_id, title, kind, status, status_raw, priority, sla_met, assignee FROM ticket ORDER BY source_id');
    expect(rows).toEqual([
      { source_id: '2024040110000018', title: 'Mail bounce', kind: 'incident', status: 'closed', status_raw: 'closed', priority: 2, sla_met: true, assignee: 'jdoe' },
      { source_id: '2024040110000027', title: 'New laptop', kind: 'service_request', status: 'cancelled', status_raw: 'merged', priority: 4, sla_met: null, assignee: 'mmuster' },
    ]);
    store.close();
  });
});
