import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

// Field names of the OData incident record in ../shared/data/format-samples/ivanti (values in that style).
const HEADER =
  'RecId,IncidentNumber,Subject,Symptom,Status,Priority,Urgency,Impact,Category,Subcategory,Service,TypeOfIncident,Source,Owner,OwnerTeam,ProfileFullName,ProfileLink_RecID,CustomerLocation,CreatedBy,CreatedDateTime,LastModDateTime,RespondedDateTime,ResolvedDateTime,ClosedDateTime,ResolvedBy,CauseCode,FirstCallResolution,SLADisplayText,ProblemLink_RecID';
const ROWS = [
  'FDF098DE,112,test incident,the description,Closed,1,High,High,Connectivity,VPN,Desktop Service,Failure,Phone,ATaylor,Service Desk,johnny cash,10873D64B452E597,USA,Admin,2020-07-05T12:28:16Z,2020-07-06T09:00:00Z,2020-07-05T12:40:00Z,2020-07-05T15:00:00Z,2020-07-06T09:00:00Z,ATaylor,Configuration,false,P1 4h,',
  'FDF098DF,113,printer offline,jams,Active,3,Medium,Low,Hardware,Printer,Desktop Service,Failure,Email,,Desktop Support,june carter,10873D64B452E598,UK,Admin,2020-07-05T13:00:00Z,2020-07-05T13:05:00Z,,,,,,false,,A1B2',
  'FDF098E0,114,how do I map a drive,,Logged,4,Low,Low,Software,,Desktop Service,Request for Information,Self Service,,Service Desk,waylon jennings,10873D64B452E599,USA,Admin,2020-07-06T08:00:00Z,2020-07-06T08:00:00Z,,,,,,true,,',
];

describe('ivanti adapter', () => {
  it('detects an ISM incident export and maps fields', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'ivanti-incidents.csv', [HEADER, ...ROWS].join('\n'))] });
    expect(s).toMatchObject({ tool: 'ivanti', object: 'ticket', source_table: 'Incident', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, impact, urgency, channel, assignment_group, assignee, requester,
      first_contact_resolved, problem_ref, strftime(opened_at, '%Y-%m-%d %H:%M:%S') AS opened,
      strftime(first_response_at, '%Y-%m-%d %H:%M:%S') AS responded, strftime(resolved_at, '%Y-%m-%d %H:%M:%S') AS resolved
      FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '112', kind: 'incident', status: 'closed', priority: 1, impact: 1, urgency: 1, channel: 'phone', assignment_group: 'Service Desk',
        assignee: 'ATaylor', requester: 'johnny cash', first_contact_resolved: false, problem_ref: null, opened: '2020-07-05 12:28:16',
        responded: '2020-07-05 12:40:00', resolved: '2020-07-05 15:00:00' },
      { source_id: '113', kind: 'incident', status: 'in_progress', priority: 3, impact: 3, urgency: 2, channel: 'email', assignment_group: 'Desktop Support',
        assignee: null, requester: 'june carter', first_contact_resolved: false, problem_ref: 'A1B2', opened: '2020-07-05 13:00:00', responded: null, resolved: null },
      { source_id: '114', kind: 'service_request', status: 'new', priority: 4, impact: 3, urgency: 3, channel: 'portal', assignment_group: 'Service Desk',
        assignee: null, requester: 'waylon jennings', first_contact_resolved: true, problem_ref: null, opened: '2020-07-06 08:00:00', responded: null, resolved: null },
    ]);
    store.close();
  });

  it('routes a Change business-object export to the change table', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = [
      'RecId,ChangeNumber,Subject,TypeOfChange,Status,Risk,Priority,OwnerTeam,Owner,CreatedDateTime,ScheduledStartDate,ScheduledEndDate,ClosedDateTime',
      'AB01,301,Patch web farm,Normal,Completed,Medium,2,Windows Team,ATaylor,2020-07-01T08:00:00Z,2020-07-04T20:00:00Z,2020-07-04T22:00:00Z,2020-07-05T08:00:00Z',
      'AB02,302,Firewall rule,Emergency,Scheduled,High,1,Network Team,BJones,2020-07-02T08:00:00Z,2020-07-02T12:00:00Z,2020-07-02T13:00:00Z,',
    ].join('\n');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'ivanti-changes.csv', csv)] });
    expect(s).toMatchObject({ tool: 'ivanti', object: 'change', source_table: 'Change', rows_loaded: 2 });
    const rows = await store.all(`SELECT source_id, change_type, status, risk, priority, assignment_group FROM change ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '301', change_type: 'normal', status: 'closed', risk: 3, priority: 2, assignment_group: 'Windows Team' },
      { source_id: '302', change_type: 'emergency', status: 'scheduled', risk: 2, priority: 1, assignment_group: 'Network Team' },
    ]);
    store.close();
  });
});
