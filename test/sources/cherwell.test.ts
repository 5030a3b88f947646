import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

// Incident business-object field names; dates M/d/yyyy h:mm tt (server zone), booleans True/False.
const HEADER =
  'IncidentID,RecID,ShortDescription,Description,Status,Priority,Impact,Urgency,IncidentType,Service,Category,Subcategory,OwnedBy,OwnedByTeam,CustomerDisplayName,CallSource,ConfigItemDisplayName,CreatedDateTime,LastModifiedDateTime,ClosedDateTime,Stat_DateTimeResponded,Stat_DateTimeResolved,SLAResolveByDeadline,SLARespondByDeadline,Stat_SLAResponseBreached,Stat_SLAResolutionBreached,Stat_IncidentReopened,Stat_NumberOfTouches,Cause';
const ROWS = [
  '101234,9431f6a3,Outlook crashes,Outlook crashes on start,Closed,2,Medium,High,Incident,Email,Software,Outlook,Jane Smith,Service Desk,Bob Brown,Phone,LT-0042,5/1/2019 1:39 PM,5/2/2019 9:00 AM,5/2/2019 9:00 AM,5/1/2019 1:45 PM,5/1/2019 4:10 PM,5/1/2019 9:39 PM,5/1/2019 2:09 PM,False,False,False,3,Corrupt profile',
  '101235,9431f6a4,New monitor,Request a second monitor,Resolved,4,Low,Low,Service Request,Hardware,Hardware,Monitor,Tom White,Desktop Support,Alice Green,Portal,,7/26/2021 12:22 PM,7/30/2021 10:00 AM,,7/26/2021 3:22 PM,7/30/2021 10:00 AM,7/28/2021 12:22 PM,7/26/2021 1:22 PM,True,True,True,5,',
];

describe('cherwell adapter', () => {
  it('detects an incident export, reads M/d/yyyy h:mm tt dates and the SLA breach flags', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'cherwell.csv', [HEADER, ...ROWS].join('\n'))], timezone: 'America/New_York' });
    expect(s).toMatchObject({ tool: 'cherwell', object: 'ticket', source_table: 'Incident', rows_loaded: 2, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, impact, urgency, channel, ci_name, assignment_group, requester,
      sla_met, reopen_count, resolution_code, strftime(opened_at, '%Y-%m-%d %H:%M') AS opened,
      strftime(first_response_at, '%Y-%m-%d %H:%M') AS responded, strftime(resolved_at, '%Y-%m-%d %H:%M') AS resolved,
      strftime(due_at, '%Y-%m-%d %H:%M') AS due FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '101234', kind: 'incident', status: 'closed', priority: 2, impact: 2, urgency: 1, channel: 'phone', ci_name: 'LT-0042',
        assignment_group: 'Service Desk', requester: 'Bob Brown', sla_met: true, reopen_count: 0, resolution_code: 'Corrupt profile',
        opened: '2019-05-01 17:39', responded: '2019-05-01 17:45', resolved: '2019-05-01 20:10', due: '2019-05-02 01:39' },
      { source_id: '101235', kind: 'service_request', status: 'resolved', priority: 4, impact: 3, urgency: 3, channel: 'portal', ci_name: null,
        assignment_group: 'Desktop Support', requester: 'Alice Green', sla_met: false, reopen_count: 1, resolution_code: null,
        opened: '2021-07-26 16:22', responded: '2021-07-26 19:22', resolved: '2021-07-30 14:00', due: '2021-07-28 16:22' },
    ]);
    store.close();
  });
});
