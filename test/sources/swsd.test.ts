import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

// /incidents.json records flattened to columns (nested objects as `assignee.name` …).
const HEADER =
  'id,number,name,description,state,priority,category.name,subcategory.name,assignee.name,assignee.group_id,requester.name,requester.email,site.name,department.name,origin,created_at,updated_at,due_at,resolution_code,resolution_description,sla_violations,custom_fields_values';
const ROWS = [
  '88210001,1042,VPN not connecting,Client error 809,Resolved,High,Network,VPN,Dana Lee,5521,Sam Ortiz,sam@example.com,Austin HQ,Sales,email,2024-03-12T09:15:00.000-05:00,2024-03-12T13:00:00.000-05:00,2024-03-12T17:15:00.000-05:00,Fixed,Reset profile,[],[]',
  '88210002,1043,New hire laptop,,Awaiting Input,Medium,Hardware,Laptop,,5522,Kim Park,kim@example.com,Austin HQ,HR,portal,2024-03-13T10:00:00.000-05:00,2024-03-13T10:00:00.000-05:00,,,,[],"[{""name"":""Cost center"",""value"":""4410""}]"',
  '88210003,1044,Outage: CRM,,In Progress,Critical,Software,CRM,Dana Lee,5521,Ray Cole,ray@example.com,Remote,Sales,api,2024-03-14T08:00:00.000-05:00,2024-03-14T08:30:00.000-05:00,2024-03-14T10:00:00.000-05:00,,,[],[]',
];

describe('swsd adapter', () => {
  it('detects flattened API incident records', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'swsd-incidents.csv', [HEADER, ...ROWS].join('\n'))] });
    expect(s).toMatchObject({ tool: 'swsd', object: 'ticket', source_table: 'incidents', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, title, kind, status, priority, channel, category, assignee, requester, location, resolution_code,
      strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS opened, strftime(due_at, '%Y-%m-%d %H:%M:%S') AS due FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '1042', title: 'VPN not connecting', kind: 'incident', status: 'resolved', priority: 2, channel: 'email', category: 'Network',
        assignee: 'Dana Lee', requester: 'Sam Ortiz', location: 'Austin HQ', resolution_code: 'Fixed', opened: '2024-03-12 14:15:00', due: '2024-03-12 22:15:00' },
      { source_id: '1043', title: 'New hire laptop', kind: 'incident', status: 'pending', priority: 3, channel: 'portal', category: 'Hardware',
        assignee: null, requester: 'Kim Park', location: 'Austin HQ', resolution_code: null, opened: '2024-03-13 15:00:00', due: null },
      { source_id: '1044', title: 'Outage: CRM', kind: 'incident', status: 'in_progress', priority: 1, channel: 'api', category: 'Software',
        assignee: 'Dana Lee', requester: 'Ray Cole', location: 'Remote', resolution_code: null, opened: '2024-03-14 13:00:00', due: '2024-03-14 15:00:00' },
    ]);
    store.close();
  });
});
