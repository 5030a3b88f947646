import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

describe('rt adapter', () => {
  it('detects a Results.tsv search export, buckets numeric priority and reads Nobody / Not set as empty', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const tsv = [
      'id\tSubject\tStatus\tQueue\tOwner\tPriority\tRequestors\tCreated\tTold\tLastUpdated\tStarted\tResolved\tDue\tTimeWorked\tTimeLeft',
      '4711\tMail relay rejects\tresolved\tNetwork\tjdoe\t80\talice@example.org\t2024-03-12 09:15:00\t2024-03-12 11:00:00\t2024-03-12 16:00:00\t2024-03-12 09:30:00\t2024-03-12 16:00:00\t2024-03-13 09:15:00\t90\t0',
      '4712\tNew account for intern\topen\tGeneral\tNobody\t50\tbob@example.org\t2024-03-13 10:00:00\tNot set\t2024-03-13 10:05:00\tNot set\tNot set\tNot set\t0\t30',
      '4713\tSpam report\trejected\tGeneral\tmsmith\t0\tcarol@example.org\t2024-03-13 11:00:00\tNot set\t2024-03-13 11:10:00\tNot set\tNot set\tNot set\t5\t0',
      '4714\tBackup failed\tstalled\tOperations\tjdoe\t99\tmonitor@example.org\t2024-03-14 02:00:00\t2024-03-14 08:00:00\t2024-03-14 08:00:00\t2024-03-14 07:45:00\tNot set\t2024-03-14 12:00:00\t30\t60',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'Results.tsv', tsv)] });
    expect(s).toMatchObject({ tool: 'rt', object: 'ticket', source_table: 'Tickets', rows_loaded: 4, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, assignment_group, assignee, requester, handle_time_hours,
      strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS opened, strftime(resolved_at, '%Y-%m-%d %H:%M:%S') AS resolved,
      strftime(due_at, '%Y-%m-%d %H:%M:%S') AS due FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '4711', kind: 'incident', status: 'resolved', priority: 2, assignment_group: 'Network', assignee: 'jdoe', requester: 'alice@example.org',
        handle_time_hours: 1.5, opened: '2024-03-12 09:15:00', resolved: '2024-03-12 16:00:00', due: '2024-03-13 09:15:00' },
      { source_id: '4712', kind: 'incident', status: 'in_progress', priority: 3, assignment_group: 'General', assignee: null, requester: 'bob@example.org',
        handle_time_hours: 0, opened: '2024-03-13 10:00:00', resolved: null, due: null },
      { source_id: '4713', kind: 'incident', status: 'cancelled', priority: 4, assignment_group: 'General', assignee: 'msmith', requester: 'carol@example.org',
        handle_time_hours: 5 / 60, opened: '2024-03-13 11:00:00', resolved: null, due: null },
      { source_id: '4714', kind: 'incident', status: 'pending', priority: 2, assignment_group: 'Operations', assignee: 'jdoe', requester: 'monitor@example.org',
        handle_time_hours: 0.5, opened: '2024-03-14 02:00:00', resolved: null, due: '2024-03-14 12:00:00' },
    ]);
    store.close();
  });
});
