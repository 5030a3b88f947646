import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

describe('ninjaone adapter', () => {
  it('detects ticket records (GET /v2/ticketing/ticket) flattened to CSV', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      'id,version,nodeId,clientId,locationId,assignedAppUserId,requesterUid,subject,status.name,status.displayName,status.statusId,type,ticketFormId,source,tags,createTime,deleted,priority,severity',
      '1201,4,88,12,3,7,7f1e2c4a-aaaa-4b3c-9d2e-000000000001,Disk space low on FS01,OPEN,Open,2000,INCIDENT,1,CONDITION,disk,1710234900.123,false,HIGH,MAJOR',
      '1202,2,,12,3,,7f1e2c4a-aaaa-4b3c-9d2e-000000000002,How do I reset MFA?,WAITING,Waiting,3000,QUESTION,1,EMAIL,,1710321300.5,false,LOW,NONE',
      '1203,6,91,14,5,9,7f1e2c4a-aaaa-4b3c-9d2e-000000000003,Replace UPS battery,CLOSED,Closed,6000,TASK,2,TECHNICIAN,,1710407700,false,MEDIUM,MINOR',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'ninjaone-tickets.csv', csv)] });
    expect(s).toMatchObject({ tool: 'ninjaone', object: 'ticket', source_table: 'tickets', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all('SELECT source_id, title, kind, status, priority, impact, channel, ci_name FROM ticket ORDER BY source_id');
    expect(rows).toEqual([
      { source_id: '1201', title: 'Disk space low on FS01', kind: 'incident', status: 'in_progress', priority: 2, impact: 2, channel: 'monitoring', ci_name: '88' },
      { source_id: '1202', title: 'How do I reset MFA?', kind: 'service_request', status: 'pending', priority: 4, impact: null, channel: 'email', ci_name: null },
      { source_id: '1203', title: 'Replace UPS battery', kind: 'other', status: 'closed', priority: 3, impact: 4, channel: 'other', ci_name: '91' },
    ]);
    store.close();
  });

  it('detects a board run (POST /v2/ticketing/trigger/board/{id}/run) with display values', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      'id,summary,description,status.displayName,priority,severity,organization,device,assignedAppUser,ticketForm,totalTimeTracked,tags,createTime',
      '1204,Printer offline,Office printer unreachable,New,URGENT,CRITICAL,Contoso,PRN-02,Alex Admin,Default,0,,1710494100',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'ninjaone-board.csv', csv)] });
    expect(s).toMatchObject({ tool: 'ninjaone', rows_loaded: 1 });
    expect(await store.one('SELECT source_id, kind, status, priority, impact, assignee, ci_name, category FROM ticket')).toEqual({
      source_id: '1204', kind: 'incident', status: 'new', priority: 1, impact: 1, assignee: 'Alex Admin', ci_name: 'PRN-02', category: 'Default',
    });
    store.close();
  });
});
