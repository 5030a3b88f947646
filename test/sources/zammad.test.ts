import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

// Header of lib/excel_sheet/ticket.rb (reporting download), saved as CSV; dates in the requested time zone.
const HEADER =
  '#,Title,State,Priority,Group,Owner,Customer,Organization,Create Channel,Sender,Tags,Time Units Total,Created At,Updated At,Closed At,Close Escalation At,Close In Min,Close Diff In Min,First Response At,First Response Escalation At,First Response In Min,First Response Diff In Min,Update Escalation At,Update In Min,Update Diff In Min,Last Contact At,Last Contact Agent At,Last Contact Customer At,Article Count,Escalation At';
const ROWS = [
  '31001,Mailbox full,closed,2 normal,Users,Nicole Braun,Max Meier,ACME,email,Customer,mail,15,2024-03-12 09:15:00,2024-03-12 15:00:00,2024-03-12 15:00:00,2024-03-13 09:15:00,345,1095,2024-03-12 09:40:00,2024-03-12 11:15:00,25,95,,,,2024-03-12 15:00:00,2024-03-12 15:00:00,2024-03-12 09:15:00,4,',
  '31002,Server down,closed,3 high,Infra,Tom Ops,Eva Klein,ACME,phone,Agent,,60,2024-03-12 10:00:00,2024-03-12 16:30:00,2024-03-12 16:30:00,2024-03-12 14:00:00,390,-150,2024-03-12 10:05:00,2024-03-12 10:30:00,5,25,,,,2024-03-12 16:30:00,2024-03-12 16:30:00,2024-03-12 10:00:00,6,',
  '31003,VPN question,pending reminder,1 low,Users,,Jan Roth,GLOBEX,web,Customer,,0,2024-03-13 08:00:00,2024-03-13 08:00:00,,,,,,,,,,,,2024-03-13 08:00:00,,2024-03-13 08:00:00,1,',
];

describe('zammad adapter', () => {
  it('detects the Excel reporting export, reverses priority and reads Close Diff In Min', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'zammad.csv', [HEADER, ...ROWS].join('\n'))], timezone: 'Europe/Berlin' });
    expect(s).toMatchObject({ tool: 'zammad', object: 'ticket', source_table: 'tickets', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, channel, assignment_group, assignee, requester, sla_met,
      strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS opened, strftime(first_response_at, '%Y-%m-%d %H:%M:%S') AS responded,
      strftime(resolved_at, '%Y-%m-%d %H:%M:%S') AS resolved, strftime(due_at, '%Y-%m-%d %H:%M:%S') AS due FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '31001', kind: 'incident', status: 'closed', priority: 3, channel: 'email', assignment_group: 'Users', assignee: 'Nicole Braun',
        requester: 'Max Meier', sla_met: true, opened: '2024-03-12 08:15:00', responded: '2024-03-12 08:40:00', resolved: '2024-03-12 14:00:00', due: '2024-03-13 08:15:00' },
      { source_id: '31002', kind: 'incident', status: 'closed', priority: 2, channel: 'phone', assignment_group: 'Infra', assignee: 'Tom Ops',
        requester: 'Eva Klein', sla_met: false, opened: '2024-03-12 09:00:00', responded: '2024-03-12 09:05:00', resolved: '2024-03-12 15:30:00', due: '2024-03-12 13:00:00' },
      { source_id: '31003', kind: 'incident', status: 'pending', priority: 4, channel: 'portal', assignment_group: 'Users', assignee: null,
        requester: 'Jan Roth', sla_met: null, opened: '2024-03-13 07:00:00', responded: null, resolved: null, due: null },
    ]);
    store.close();
  });

  it('reads API records (attribute names) the same way', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      'id,number,title,state,priority,group,owner,customer,created_at,updated_at,close_at,first_response_at,first_response_escalation_at,first_response_diff_in_min,close_escalation_at,close_diff_in_min,article_count',
      '17,31004,Disk full,closed,3 high,Infra,Tom Ops,Eva Klein,2024-03-14T07:00:00.000Z,2024-03-14T09:00:00.000Z,2024-03-14T09:00:00.000Z,2024-03-14T07:10:00.000Z,2024-03-14T07:30:00.000Z,20,2024-03-14T11:00:00.000Z,120,3',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'zammad-api.csv', csv)] });
    expect(s).toMatchObject({ tool: 'zammad', rows_loaded: 1 });
    expect(await store.one(`SELECT source_id, priority, sla_met, strftime(closed_at, '%Y-%m-%d %H:%M') AS closed FROM ticket`)).toEqual({
      source_id: '31004', priority: 2, sla_met: true, closed: '2024-03-14 09:00',
    });
    store.close();
  });
});
