import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

describe('monday adapter', () => {
  it('detects a monday service Tickets board export with its SLA column', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      'Name,Item ID,Status,Priority,Request type,Sentiment,Requester,Assignee,SLA,Total time passed,Creation log,Last updated',
      'Cannot log in to VPN,1620034567,Resolved,High,Incident,Negative,dana@example.com,Chris Agent,Within,3h 10m,"Dana Lee Mar 12, 2024 9:15 AM","Chris Agent Mar 12, 2024 12:25 PM"',
      'Need Figma license,1620034568,Awaiting customer,Low,Service request,Neutral,sam@example.com,Pat Agent,Paused,1d 2h,"Sam Ortiz Mar 12, 2024 10:00 AM","Pat Agent Mar 13, 2024 11:00 AM"',
      'Website down,1620034569,Working on it,Critical ⚠️,Incident,Negative,ops@example.com,Chris Agent,Breached,9h 30m,"Monitor Bot Mar 13, 2024 1:00 AM","Chris Agent Mar 13, 2024 10:30 AM"',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'tickets-board.csv', csv)] });
    expect(s).toMatchObject({ tool: 'monday', object: 'ticket', source_table: 'Tickets board', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all('SELECT source_id, title, kind, status, priority, assignee, requester, sla_met FROM ticket ORDER BY source_id');
    expect(rows).toEqual([
      { source_id: '1620034567', title: 'Cannot log in to VPN', kind: 'incident', status: 'resolved', priority: 2, assignee: 'Chris Agent', requester: 'dana@example.com', sla_met: true },
      { source_id: '1620034568', title: 'Need Figma license', kind: 'service_request', status: 'pending', priority: 4, assignee: 'Pat Agent', requester: 'sam@example.com', sla_met: null },
      { source_id: '1620034569', title: 'Website down', kind: 'incident', status: 'in_progress', priority: 1, assignee: 'Chris Agent', requester: 'ops@example.com', sla_met: false },
    ]);
    store.close();
  });
});
