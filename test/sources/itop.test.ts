import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';
import { csvOf, ts } from './csv-rows.js';

// CSV export of UserRequest with attribute codes and friendly names of external keys (export-formats.md §10).
const CODES =
  'id,ref,title,status,request_type,priority,urgency,impact,origin,service_id_friendlyname,team_id_friendlyname,agent_id_friendlyname,caller_id_friendlyname,start_date,assignment_date,resolution_date,close_date,last_update,tto_escalation_deadline,ttr_escalation_deadline,sla_tto_passed,sla_ttr_passed,resolution_code,user_satisfaction,parent_problem_id_friendlyname';
// The same class exported with user-friendly labels.
const LABELS = 'Ref,Title,Status,Request type,Priority,Caller,Team,Agent,Start date,Assignment date,Resolution date,Close date,TTO Deadline,TTR Deadline,SLA tto passed,SLA ttr passed,Hot Flag,Origin';

describe('itop adapter', () => {
  it('reads a UserRequest export with attribute codes: statuses, same-direction priority, sla_ttr_passed → not met', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = csvOf(CODES, [
      { id: '12', ref: 'R-000012', title: 'Mail not syncing on phone', status: 'resolved', request_type: 'incident', priority: '2', urgency: '2', impact: '3',
        origin: 'mail', service_id_friendlyname: 'Email', team_id_friendlyname: 'Helpdesk', agent_id_friendlyname: 'Ann Lee', caller_id_friendlyname: 'Bob Roe',
        start_date: '2024-06-03 08:00:00', assignment_date: '2024-06-03 08:20:00', resolution_date: '2024-06-03 12:00:00', last_update: '2024-06-03 12:00:00',
        ttr_escalation_deadline: '2024-06-03 16:00:00', sla_tto_passed: 'no', sla_ttr_passed: 'no', resolution_code: 'software patch', user_satisfaction: '1',
        parent_problem_id_friendlyname: 'P-000004' },
      { id: '13', ref: 'R-000013', title: 'New desk phone', status: 'escalated_ttr', request_type: 'service_request', priority: '4', urgency: '4', impact: '3',
        origin: 'portal', team_id_friendlyname: 'Telecom', caller_id_friendlyname: 'Cy Doe', start_date: '2024-06-04 09:00:00',
        assignment_date: '2024-06-04 15:00:00', last_update: '2024-06-06 09:00:00', sla_tto_passed: 'yes', sla_ttr_passed: 'yes' },
      { id: '14', ref: 'R-000014', title: 'ERP slow', status: 'closed', request_type: 'incident', priority: '1', urgency: '1', impact: '1', origin: 'phone',
        team_id_friendlyname: 'ERP', agent_id_friendlyname: 'Dee', start_date: '2024-06-05 07:00:00', assignment_date: '2024-06-05 07:05:00',
        resolution_date: '2024-06-05 08:00:00', close_date: '2024-06-06 08:00:00', sla_ttr_passed: '0', user_satisfaction: '4' },
    ]);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'UserRequest.csv', csv)] });
    expect(s).toMatchObject({ tool: 'itop', object: 'ticket', source_table: 'UserRequest', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, urgency, impact, channel, sla_met, service, assignment_group, assignee, requester,
      resolution_code, problem_ref, csat_score, ${ts('opened_at', 'opened')}, ${ts('first_response_at', 'responded')}, ${ts('resolved_at', 'resolved')},
      ${ts('closed_at', 'closed')}, ${ts('due_at', 'due')} FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'R-000012', kind: 'incident', status: 'resolved', priority: 2, urgency: 2, impact: 3, channel: 'email', sla_met: true, service: 'Email',
        assignment_group: 'Helpdesk', assignee: 'Ann Lee', requester: 'Bob Roe', resolution_code: 'software patch', problem_ref: 'P-000004', csat_score: 1,
        opened: '2024-06-03 08:00:00', responded: '2024-06-03 08:20:00', resolved: '2024-06-03 12:00:00', closed: null, due: '2024-06-03 16:00:00' },
      { source_id: 'R-000013', kind: 'service_request', status: 'in_progress', priority: 4, urgency: 4, impact: 3, channel: 'portal', sla_met: false, service: null,
        assignment_group: 'Telecom', assignee: null, requester: 'Cy Doe', resolution_code: null, problem_ref: null, csat_score: null,
        opened: '2024-06-04 09:00:00', responded: '2024-06-04 15:00:00', resolved: null, closed: null, due: null },
      { source_id: 'R-000014', kind: 'incident', status: 'closed', priority: 1, urgency: 1, impact: 1, channel: 'phone', sla_met: true, service: null,
        assignment_group: 'ERP', assignee: 'Dee', requester: null, resolution_code: null, problem_ref: null, csat_score: 0,
        opened: '2024-06-05 07:00:00', responded: '2024-06-05 07:05:00', resolved: '2024-06-05 08:00:00', closed: '2024-06-06 08:00:00', due: null },
    ]);
    store.close();
  });

  it('reads friendly labels the same way, and changes by their class', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const labels = csvOf(LABELS, [
      { Ref: 'I-000045', Title: 'Core switch down', Status: 'Assigned', 'Request type': 'Incident', Priority: 'Critical', Caller: 'Monitoring', Team: 'Network',
        Agent: 'Ed', 'Start date': '2024-06-07 02:00:00', 'Assignment date': '2024-06-07 02:05:00', 'TTR Deadline': '2024-06-07 06:00:00',
        'SLA tto passed': 'No', 'SLA ttr passed': 'No', 'Hot Flag': 'yes', Origin: 'Monitoring' },
    ]);
    const change = csvOf('ref,title,finalclass,status,creation_date,start_date,end_date,close_date,requestor_id_friendlyname,team_id_friendlyname,agent_id_friendlyname,supervisor_group_id,manager_group_id,outage,fallback', [
      { ref: 'C-000003', title: 'Upgrade core switch firmware', finalclass: 'NormalChange', status: 'closed', creation_date: '2024-05-20 10:00:00',
        start_date: '2024-06-01 22:00:00', end_date: '2024-06-02 01:00:00', close_date: '2024-06-03 09:00:00', requestor_id_friendlyname: 'Ed',
        team_id_friendlyname: 'Network', outage: 'yes', fallback: 'Reload previous image' },
      { ref: 'C-000004', title: 'Add VLAN 42', finalclass: 'RoutineChange', status: 'plannedscheduled', creation_date: '2024-06-05 10:00:00',
        start_date: '2024-06-10 20:00:00', end_date: '2024-06-10 21:00:00', team_id_friendlyname: 'Network' },
      { ref: 'C-000005', title: 'Open port 8443', finalclass: 'EmergencyChange', status: 'notapproved', creation_date: '2024-06-06 10:00:00' },
    ]);
    const summaries = await ingestPaths(store, { paths: [writeFixture(dir, 'incident-labels.csv', labels), writeFixture(dir, 'Change.csv', change)] });
    expect(summaries.map((s) => `${s.tool}/${s.object}/${s.source_table}`)).toEqual(['itop/ticket/UserRequest', 'itop/change/Change']);
    expect(await store.one(`SELECT source_id, kind, status, priority, channel, sla_met, assignee, requester, ${ts('first_response_at', 'responded')}, ${ts('due_at', 'due')} FROM ticket`)).toEqual({
      source_id: 'I-000045', kind: 'incident', status: 'assigned', priority: 1, channel: 'monitoring', sla_met: true, assignee: 'Ed', requester: 'Monitoring',
      responded: '2024-06-07 02:05:00', due: '2024-06-07 06:00:00',
    });
    expect(await store.all(`SELECT source_id, change_type, status, assignment_group, requested_by, ${ts('opened_at', 'opened')}, ${ts('planned_start', 'ps')}
      FROM "change" ORDER BY 1`)).toEqual([
      { source_id: 'C-000003', change_type: 'normal', status: 'closed', assignment_group: 'Network', requested_by: 'Ed', opened: '2024-05-20 10:00:00', ps: '2024-06-01 22:00:00' },
      { source_id: 'C-000004', change_type: 'standard', status: 'scheduled', assignment_group: 'Network', requested_by: null, opened: '2024-06-05 10:00:00', ps: '2024-06-10 20:00:00' },
      { source_id: 'C-000005', change_type: 'emergency', status: 'cancelled', assignment_group: null, requested_by: null, opened: '2024-06-06 10:00:00', ps: null },
    ]);
    store.close();
  });
});
