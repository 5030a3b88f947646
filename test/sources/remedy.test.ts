import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';
import { csvOf, ts } from './csv-rows.js';

// Mid-Tier / Smart Reporting export of HPD:Help Desk: labels with the `*` (required) and `+` (menu) markers,
// US dates with AM/PM in the exporting user's zone (export-formats.md §5.1).
const LABELS =
  'Assigned Group*+,Incident Type*,Incident ID*+,Reported Date+,Last Resolved Date,Closed Date,Assignee+,Priority*,Impact*,Urgency*,Status*,SLM Real Time Status,Summary*,Notes,Re-Opened Date,Status Reason,Last Modified Date';

// AR REST records (`/api/arsys/v1/entry/…`) written out with DB field names; ISO dates in UTC.
const CHANGE_REST =
  'Request ID,Infrastructure Change ID,Description,Detailed Description,Change Request Status,Status Reason,Class,Change Type,Risk Level,Priority,Impact,Urgency,Scheduled Start Date,Scheduled End Date,Actual Start Date,Actual End Date,Support Group Name,CI Name,Submit Date,Last Modified Date';
const PROBLEM_REST =
  'Request ID,Problem Investigation ID,Description,Detailed Decription,Investigation Status,Invesitgation Status Reason,Priority,Assigned Group,Assignee,Temporary Workaround,Submit Date,Completed Date,Closed Date';

describe('remedy adapter', () => {
  it('reads a Mid-Tier label export of incidents (markers, AM/PM dates, SLM status, Impact codes)', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = csvOf(LABELS, [
      { 'Assigned Group*+': 'Service Desk', 'Incident Type*': 'User Service Restoration', 'Incident ID*+': 'INC000000397049',
        'Reported Date+': '3/15/2024 10:04:11 AM', 'Last Resolved Date': '3/15/2024 2:30:00 PM', 'Assignee+': 'Ann Lee',
        'Priority*': 'High', 'Impact*': '3-Moderate/Limited', 'Urgency*': '2-High', 'Status*': 'Resolved',
        'SLM Real Time Status': 'Within the Service Target', 'Summary*': 'Outlook crashes on start',
        Notes: 'Outlook closes, "safe mode" works', 'Status Reason': 'No Further Action Required', 'Last Modified Date': '3/15/2024 2:31:00 PM' },
      { 'Assigned Group*+': 'Network', 'Incident Type*': 'User Service Request', 'Incident ID*+': 'INC000000397050',
        'Reported Date+': '3/16/2024 8:00:00 AM', 'Assignee+': 'Bob Roe', 'Priority*': 'Critical', 'Impact*': '1000', 'Urgency*': '1-Critical',
        'Status*': 'Pending', 'SLM Real Time Status': 'All Service Targets Breached', 'Summary*': 'VPN access for contractor',
        'Re-Opened Date': '3/18/2024 9:00:00 AM', 'Status Reason': 'Client Hold', 'Last Modified Date': '3/18/2024 9:05:00 AM' },
      { 'Assigned Group*+': 'Desktop', 'Incident Type*': 'Infrastructure Event', 'Incident ID*+': 'INC000000397051',
        'Reported Date+': '3/17/2024 11:45:00 PM', 'Last Resolved Date': '3/18/2024 1:00:00 AM', 'Closed Date': '3/21/2024 1:00:00 AM',
        'Priority*': 'Low', 'Impact*': '4000 4-Minor/Localized', 'Urgency*': '4-Low', 'Status*': 'Closed',
        'SLM Real Time Status': 'No Service Target Assigned', 'Summary*': 'Disk space alarm on FS01', 'Last Modified Date': '3/21/2024 1:00:00 AM' },
    ]);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'HPD_Help_Desk.csv', csv)] });
    expect(s).toMatchObject({ tool: 'remedy', object: 'ticket', source_table: 'HPD:Help Desk', rows_loaded: 3, rows_rejected: 0 });
    expect(s!.date_formats['Reported Date+']).toBe('%m/%d/%Y %I:%M:%S %p');
    const rows = await store.all(`SELECT source_id, kind, status, priority, impact, urgency, sla_met, reopen_count, assignment_group, assignee,
      title, description, ${ts('opened_at', 'opened')}, ${ts('resolved_at', 'resolved')}, ${ts('closed_at', 'closed')}, ${ts('reopened_at', 'reopened')}
      FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'INC000000397049', kind: 'incident', status: 'resolved', priority: 2, impact: 3, urgency: 2, sla_met: true, reopen_count: 0,
        assignment_group: 'Service Desk', assignee: 'Ann Lee', title: 'Outlook crashes on start', description: 'Outlook closes, "safe mode" works',
        opened: '2024-03-15 10:04:11', resolved: '2024-03-15 14:30:00', closed: null, reopened: null },
      { source_id: 'INC000000397050', kind: 'service_request', status: 'pending', priority: 1, impact: 1, urgency: 1, sla_met: false, reopen_count: 1,
        assignment_group: 'Network', assignee: 'Bob Roe', title: 'VPN access for contractor', description: null,
        opened: '2024-03-16 08:00:00', resolved: null, closed: null, reopened: '2024-03-18 09:00:00' },
      { source_id: 'INC000000397051', kind: 'incident', status: 'closed', priority: 4, impact: 4, urgency: 4, sla_met: null, reopen_count: 0,
        assignment_group: 'Desktop', assignee: null, title: 'Disk space alarm on FS01', description: null,
        opened: '2024-03-17 23:45:00', resolved: '2024-03-18 01:00:00', closed: '2024-03-21 01:00:00', reopened: null },
    ]);
    store.close();
  });

  it('reads REST field names: Incident Number, Reported Source, Total Transfers, Responded Date, ISO UTC dates', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const header =
      'Request ID,Submitter,Submit Date,Last Modified Date,Status,Description,Detailed Decription,Service Type,Status_Reason,Incident Number,Urgency,Impact,Priority,Priority Weight,Reported Source,Assigned Group,Assignee,Assigned Support Company,Reported Date,Responded Date,Last Resolved Date,Closed Date,Total Transfers,HPD_CI,ServiceCI,Categorization Tier 1,Categorization Tier 2';
    const csv = csvOf(header, [
      { 'Request ID': 'INC000000000101', Submitter: 'appadmin', 'Submit Date': '2024-03-01T08:23:49.000+0000', 'Last Modified Date': '2024-03-01T12:00:00.000+0000',
        Status: 'Closed', Description: 'Server unreachable', 'Detailed Decription': 'Ping fails from monitoring', 'Service Type': 'Infrastructure Event',
        Status_Reason: 'Automated Resolution Reported', 'Incident Number': 'INC000000397052', Urgency: '3-Medium', Impact: '4-Minor/Localized',
        Priority: 'Medium', 'Priority Weight': '10', 'Reported Source': 'Systems Management', 'Assigned Group': 'Unix', Assignee: 'Cy Doe',
        'Assigned Support Company': 'Calbro', 'Reported Date': '2024-03-01T08:20:00.000+0000', 'Responded Date': '2024-03-01T08:35:00.000+0000',
        'Last Resolved Date': '2024-03-01T11:00:00.000+0000', 'Closed Date': '2024-03-01T12:00:00.000+0000', 'Total Transfers': '2',
        HPD_CI: 'srv-db-01', ServiceCI: 'Payroll', 'Categorization Tier 1': 'Infrastructure', 'Categorization Tier 2': 'Server' },
      { 'Request ID': 'INC000000000102', 'Submit Date': '2024-03-02T09:00:00.000+0000', Status: 'In Progress', Description: 'Password reset',
        'Service Type': 'User Service Request', 'Incident Number': 'INC000000397053', Priority: 'Low', 'Reported Source': 'Email',
        'Assigned Group': 'Service Desk', 'Reported Date': '2024-03-02T09:00:00.000+0000', 'Total Transfers': '0' },
    ]);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'hpd.csv', csv)] });
    expect(s).toMatchObject({ tool: 'remedy', source_table: 'HPD:Help Desk', rows_loaded: 2 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, impact, urgency, channel, reassignment_count, ci_name, service, category,
      opened_by, ${ts('opened_at', 'opened')}, ${ts('first_response_at', 'responded')}, ${ts('resolved_at', 'resolved')} FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'INC000000397052', kind: 'incident', status: 'closed', priority: 3, impact: 4, urgency: 3, channel: 'monitoring',
        reassignment_count: 2, ci_name: 'srv-db-01', service: 'Payroll', category: 'Infrastructure', opened_by: 'appadmin',
        opened: '2024-03-01 08:20:00', responded: '2024-03-01 08:35:00', resolved: '2024-03-01 11:00:00' },
      { source_id: 'INC000000397053', kind: 'service_request', status: 'in_progress', priority: 4, impact: null, urgency: null, channel: 'email',
        reassignment_count: 0, ci_name: null, service: null, category: null, opened_by: null,
        opened: '2024-03-02 09:00:00', responded: null, resolved: null },
    ]);
    store.close();
  });

  it('reads changes (class, status codes, completion reason, reversed risk level) and problems', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const change = csvOf(CHANGE_REST, [
      { 'Request ID': '000000000000301', 'Infrastructure Change ID': 'CRQ000000104521', Description: 'Patch DB cluster', 'Change Request Status': 'Closed',
        'Status Reason': 'Successful', Class: 'Normal', 'Change Type': 'Change', 'Risk Level': 'Risk Level 2', Priority: '2-High',
        'Scheduled Start Date': '2024-04-06T20:00:00.000+0000', 'Scheduled End Date': '2024-04-06T23:00:00.000+0000',
        'Actual Start Date': '2024-04-06T20:05:00.000+0000', 'Actual End Date': '2024-04-06T22:40:00.000+0000', 'Support Group Name': 'DBA',
        'CI Name': 'db-cluster-01', 'Submit Date': '2024-04-01T09:00:00.000+0000' },
      { 'Request ID': '000000000000302', 'Infrastructure Change ID': 'CRQ000000104522', Description: 'Firewall rule hotfix', 'Change Request Status': 'Implementation In Progress',
        Class: 'Emergency', 'Change Type': 'Change', 'Risk Level': 'Risk Level 5', Priority: '1-Critical', 'Support Group Name': 'Network',
        'Scheduled Start Date': '2024-04-07T01:00:00.000+0000', 'Submit Date': '2024-04-07T00:30:00.000+0000' },
      { 'Request ID': '000000000000303', 'Infrastructure Change ID': 'CRQ000000104523', Description: 'Retire old NAS', 'Change Request Status': '12',
        Class: 'Standard', 'Risk Level': 'Risk Level 1', Priority: '4-Low', 'Submit Date': '2024-04-08T10:00:00.000+0000' },
    ]);
    const problem = csvOf(PROBLEM_REST, [
      { 'Request ID': '000000000000401', 'Problem Investigation ID': 'PBI000000000101', Description: 'Recurring VPN drops', 'Investigation Status': 'Under Investigation',
        Priority: 'High', 'Assigned Group': 'Network', Assignee: 'Ed', 'Temporary Workaround': 'Reconnect', 'Submit Date': '2024-04-02T10:00:00.000+0000' },
      { 'Request ID': '000000000000402', 'Problem Investigation ID': 'PBI000000000102', Description: 'Print spooler leaks', 'Investigation Status': 'Completed',
        Priority: 'Low', 'Submit Date': '2024-03-02T10:00:00.000+0000', 'Completed Date': '2024-03-20T10:00:00.000+0000' },
    ]);
    const summaries = await ingestPaths(store, { paths: [writeFixture(dir, 'chg.csv', change), writeFixture(dir, 'pbi.csv', problem)] });
    expect(summaries.map((s) => `${s.tool}/${s.object}/${s.source_table}/${s.records}`)).toEqual([
      'remedy/change/CHG:Infrastructure Change/3', 'remedy/problem/PBM:Problem Investigation/2',
    ]);
    expect(await store.all(`SELECT source_id, change_type, status, outcome, risk, priority, assignment_group, ci_name,
      ${ts('planned_start', 'ps')}, ${ts('actual_end', 'ae')} FROM "change" ORDER BY 1`)).toEqual([
      { source_id: 'CRQ000000104521', change_type: 'normal', status: 'closed', outcome: 'successful', risk: 4, priority: 2, assignment_group: 'DBA',
        ci_name: 'db-cluster-01', ps: '2024-04-06 20:00:00', ae: '2024-04-06 22:40:00' },
      { source_id: 'CRQ000000104522', change_type: 'emergency', status: 'implement', outcome: null, risk: 1, priority: 1, assignment_group: 'Network',
        ci_name: null, ps: '2024-04-07 01:00:00', ae: null },
      { source_id: 'CRQ000000104523', change_type: 'standard', status: 'cancelled', outcome: null, risk: 5, priority: 4, assignment_group: null,
        ci_name: null, ps: null, ae: null },
    ]);
    expect(await store.all(`SELECT source_id, status, priority, known_error, workaround, ${ts('resolved_at', 'resolved')} FROM problem ORDER BY 1`)).toEqual([
      { source_id: 'PBI000000000101', status: 'root_cause_analysis', priority: 2, known_error: null, workaround: 'Reconnect', resolved: null },
      { source_id: 'PBI000000000102', status: 'resolved', priority: 4, known_error: null, workaround: null, resolved: '2024-03-20 10:00:00' },
    ]);
    store.close();
  });
});
