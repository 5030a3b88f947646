import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';
import { csvOf, ts } from './csv-rows.js';

// Ticket search list exported as CSV: ';'-separated, English search-option labels, "Itemtype - Field" for
// joined fields (export-formats.md §9.2), dates in the user's preference (here DD-MM-YYYY HH:MM).
const LIST =
  'ID;Title;Entity;Status;Type;Opening date;Last update;Priority;Urgency;Impact;Requester - Requester;Assigned to - Technician;Assigned to - Technician group;Category;Request source;Resolution date;Closing date;Time to resolve;Time to resolve exceeded;Solution - Solution type';

// glpi_tickets columns as in a real DB dump / REST response (§9.1); values of the real API sample's ticket.
const DB =
  'id,entities_id,name,date,closedate,solvedate,date_mod,users_id_lastupdater,status,users_id_recipient,requesttypes_id,content,urgency,impact,priority,itilcategories_id,type,global_validation,slas_id_ttr,slas_id_tto,time_to_resolve,time_to_own,waiting_duration,close_delay_stat,solve_delay_stat,takeintoaccount_delay_stat,actiontime,is_deleted,locations_id,date_creation';

describe('glpi adapter', () => {
  it('reads the search-list CSV: reversed priority scale, statuses, TTR exceeded → sla_met', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = csvOf(LIST, [
      { ID: '1042', Title: 'Cannot print', Entity: 'Root entity', Status: 'Solved', Type: 'Incident', 'Opening date': '05-02-2024 09:12',
        'Last update': '05-02-2024 15:00', Priority: 'High', Urgency: 'High', Impact: 'Medium', 'Requester - Requester': 'jdoe',
        'Assigned to - Technician': 'tech1', 'Assigned to - Technician group': 'Helpdesk', Category: 'Hardware > Printer', 'Request source': 'Phone',
        'Resolution date': '05-02-2024 14:58', 'Time to resolve': '06-02-2024 09:12', 'Time to resolve exceeded': 'No', 'Solution - Solution type': 'Hardware fix' },
      { ID: '1043', Title: 'New account for intern', Entity: 'Root entity', Status: 'Processing (assigned)', Type: 'Request', 'Opening date': '13-02-2024 08:00',
        'Last update': '15-02-2024 10:00', Priority: 'Very high', Urgency: 'Very high', Impact: 'Low', 'Requester - Requester': 'hr-bot',
        'Assigned to - Technician': 'tech2', 'Request source': 'E-Mail', 'Time to resolve': '14-02-2024 08:00', 'Time to resolve exceeded': 'Yes' },
      { ID: '1044', Title: 'ERP down', Entity: 'Root entity > Plant', Status: 'Closed', Type: 'Incident', 'Opening date': '20-02-2024 07:30',
        'Last update': '23-02-2024 07:30', Priority: 'Major', Urgency: 'Very high', Impact: 'Very high', 'Assigned to - Technician group': 'ERP',
        'Request source': 'Helpdesk', 'Resolution date': '20-02-2024 09:00', 'Closing date': '23-02-2024 07:30' },
    ], ';');
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'glpi.csv', csv)] });
    expect(s).toMatchObject({ tool: 'glpi', object: 'ticket', source_table: 'glpi_tickets', delimiter: ';', rows_loaded: 3, rows_rejected: 0 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, urgency, impact, channel, sla_met, requester, assignee, assignment_group, category,
      resolution_code, ${ts('opened_at', 'opened')}, ${ts('resolved_at', 'resolved')}, ${ts('closed_at', 'closed')}, ${ts('due_at', 'due')} FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '1042', kind: 'incident', status: 'resolved', priority: 3, urgency: 2, impact: 3, channel: 'phone', sla_met: true, requester: 'jdoe',
        assignee: 'tech1', assignment_group: 'Helpdesk', category: 'Hardware > Printer', resolution_code: 'Hardware fix',
        opened: '2024-02-05 09:12:00', resolved: '2024-02-05 14:58:00', closed: null, due: '2024-02-06 09:12:00' },
      { source_id: '1043', kind: 'service_request', status: 'assigned', priority: 2, urgency: 1, impact: 4, channel: 'email', sla_met: false, requester: 'hr-bot',
        assignee: 'tech2', assignment_group: null, category: null, resolution_code: null,
        opened: '2024-02-13 08:00:00', resolved: null, closed: null, due: '2024-02-14 08:00:00' },
      { source_id: '1044', kind: 'incident', status: 'closed', priority: 1, urgency: 1, impact: 1, channel: 'portal', sla_met: null, requester: null,
        assignee: null, assignment_group: 'ERP', category: null, resolution_code: null,
        opened: '2024-02-20 07:30:00', resolved: '2024-02-20 09:00:00', closed: '2024-02-23 07:30:00', due: null },
    ]);
    store.close();
  });

  it('reads database/API column names (numeric codes, seconds of action time)', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const csv = csvOf(DB, [
      { id: '1', entities_id: '0', name: 'Problema com impressora', date: '2021-01-19 08:10:40', closedate: '2021-01-20 17:00:49', solvedate: '2021-01-19 09:38:04',
        date_mod: '2021-01-20 17:00:49', users_id_lastupdater: '2', status: '6', users_id_recipient: '2', requesttypes_id: '1', content: '&lt;p&gt;Impressora parada&lt;/p&gt;',
        urgency: '3', impact: '3', priority: '3', itilcategories_id: '0', type: '2', global_validation: '1', slas_id_ttr: '0', slas_id_tto: '0',
        waiting_duration: '0', close_delay_stat: '111009', solve_delay_stat: '5244', takeintoaccount_delay_stat: '0', actiontime: '5400', is_deleted: '0',
        locations_id: '0', date_creation: '2021-01-19 08:10:40' },
      { id: '2', entities_id: '0', name: 'Servidor fora do ar', date: '2021-02-01 10:00:00', date_mod: '2021-02-01 10:05:00', status: '2', users_id_recipient: '5',
        requesttypes_id: '2', urgency: '5', impact: '4', priority: '6', type: '1', time_to_resolve: '2021-02-01 14:00:00', actiontime: '0' },
    ]);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'glpi_tickets.csv', csv)] });
    expect(s).toMatchObject({ tool: 'glpi', source_table: 'glpi_tickets', rows_loaded: 2 });
    const rows = await store.all(`SELECT source_id, kind, status, priority, urgency, impact, channel, handle_time_hours, title,
      ${ts('opened_at', 'opened')}, ${ts('resolved_at', 'resolved')}, ${ts('closed_at', 'closed')}, ${ts('due_at', 'due')} FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '1', kind: 'service_request', status: 'closed', priority: 4, urgency: 3, impact: 3, channel: 'portal', handle_time_hours: 1.5,
        title: 'Problema com impressora', opened: '2021-01-19 08:10:40', resolved: '2021-01-19 09:38:04', closed: '2021-01-20 17:00:49', due: null },
      { source_id: '2', kind: 'incident', status: 'assigned', priority: 1, urgency: 1, impact: 2, channel: 'email', handle_time_hours: 0,
        title: 'Servidor fora do ar', opened: '2021-02-01 10:00:00', resolved: null, closed: null, due: '2021-02-01 14:00:00' },
    ]);
    store.close();
  });

  it('tells problems and changes from tickets by their text columns', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const problem = csvOf('id,entities_id,name,date,closedate,solvedate,date_mod,status,content,urgency,impact,priority,itilcategories_id,time_to_resolve,impactcontent,causecontent,symptomcontent', [
      { id: '7', entities_id: '0', name: 'Recurring printer jams', date: '2024-01-10 09:00:00', date_mod: '2024-01-12 09:00:00', status: '2', priority: '4',
        causecontent: 'Worn rollers', symptomcontent: 'Jams' },
    ]);
    const change = csvOf('id,entities_id,name,date,closedate,solvedate,date_mod,status,content,urgency,impact,priority,itilcategories_id,time_to_resolve,impactcontent,controlistcontent,rolloutplancontent,backoutplancontent,checklistcontent,global_validation', [
      { id: '3', entities_id: '0', name: 'Replace printer rollers', date: '2024-01-15 09:00:00', closedate: '2024-01-20 09:00:00', status: '6', priority: '3',
        rolloutplancontent: 'Swap rollers', backoutplancontent: 'Old rollers', global_validation: '3' },
    ]);
    const summaries = await ingestPaths(store, { paths: [writeFixture(dir, 'glpi_problems.csv', problem), writeFixture(dir, 'glpi_changes.csv', change)] });
    expect(summaries.map((s) => `${s.tool}/${s.object}/${s.source_table}`)).toEqual(['glpi/problem/glpi_problems', 'glpi/change/glpi_changes']);
    expect(await store.one('SELECT source_id, status, priority, root_cause FROM problem')).toEqual({ source_id: '7', status: 'root_cause_analysis', priority: 3, root_cause: 'Worn rollers' });
    expect(await store.one('SELECT source_id, status, approval, priority FROM "change"')).toEqual({ source_id: '3', status: 'closed', approval: 'approved', priority: 4 });
    store.close();
  });
});
