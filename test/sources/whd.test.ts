import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

// ra/Tickets records flattened; nested type objects reduced to their display text.
const HEADER = 'id,type,subject,detail,statustype,prioritytype,problemtype,clientTech,techGroupLevel,displayClient,clientReporter,location,reportDateUtc,lastUpdated,closeDate,dueDate';
const ROWS = [
  '20511,Ticket,Cannot print,Printer on 3rd floor offline,Closed,High,Hardware / Printer,Chris Tech,Level 1 Support,Mary Client,Mary Client,Main Campus,2019-03-13T14:00:00Z,2019-03-14T10:00:00Z,2019-03-14T10:00:00Z,2019-03-14T14:00:00Z',
  '20512,Ticket,Password reset,,Open,Urgent,Accounts,,Level 1 Support,Joe User,Joe User,Annex,2019-03-14T08:30:00Z,2019-03-14T08:30:00Z,,',
  '20513,Ticket,Software install,Need Visio,Pending,Low,Software / Install,Pat Tech,Level 2 Support,Ann Staff,Ann Staff,Main Campus,2019-03-14T09:00:00Z,2019-03-14T12:00:00Z,,2019-03-18T09:00:00Z',
];

describe('whd adapter', () => {
  it('detects Web Help Desk ticket records', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'whd.csv', [HEADER, ...ROWS].join('\n'))] });
    expect(s).toMatchObject({ tool: 'whd', object: 'ticket', source_table: 'Tickets', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, category, assignment_group, assignee, requester,
      strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS opened, strftime(closed_at, '%Y-%m-%d %H:%M:%S') AS closed FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '20511', kind: 'incident', status: 'closed', priority: 2, category: 'Hardware / Printer', assignment_group: 'Level 1 Support',
        assignee: 'Chris Tech', requester: 'Mary Client', opened: '2019-03-13 14:00:00', closed: '2019-03-14 10:00:00' },
      { source_id: '20512', kind: 'incident', status: 'new', priority: 1, category: 'Accounts', assignment_group: 'Level 1 Support',
        assignee: null, requester: 'Joe User', opened: '2019-03-14 08:30:00', closed: null },
      { source_id: '20513', kind: 'incident', status: 'pending', priority: 4, category: 'Software / Install', assignment_group: 'Level 2 Support',
        assignee: 'Pat Tech', requester: 'Ann Staff', opened: '2019-03-14 09:00:00', closed: null },
    ]);
    store.close();
  });
});
