/**
 * ServiceNow `major_incident_state` (Major Incident Management: proposed / accepted / rejected / canceled) marks
 * major incidents: accepted = major whatever the priority, the others = not major even at priority 1; an
 * incident with no state falls back to the project's rule (priority 1 by default). The rule is in the output.
 */
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const CSV = [
  'number,short_description,state,priority,business_service,assignment_group,caller_id,opened_at,resolved_at,major_incident_state',
  'INC0000001,Payroll down,Resolved,3 - Moderate,Payroll,Apps,Ann,2024-03-04 09:00:00,2024-03-04 13:00:00,Accepted',
  'INC0000002,Mail slow,Resolved,1 - Critical,Mail,Infra,Bob,2024-03-05 09:00:00,2024-03-05 10:00:00,Rejected',
  'INC0000003,VPN down,Resolved,1 - Critical,VPN,Network,Cid,2024-03-06 09:00:00,2024-03-06 11:00:00,',
  'INC0000004,Printer,Resolved,4 - Low,Print,Desk,Dee,2024-03-07 09:00:00,2024-03-07 09:30:00,Proposed',
].join('\n');

describe('servicenow major_incident_state', () => {
  it('accepted is major at any priority, rejected and proposed are not at priority 1 either, none falls back to the priority rule', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', CSV)] });
    expect(s).toMatchObject({ tool: 'servicenow', rows_loaded: 4, rows_rejected: 0 });
    expect(await store.all(`SELECT source_id, priority, major_incident, major_incident_raw FROM ticket ORDER BY 1`)).toEqual([
      { source_id: 'INC0000001', priority: 3, major_incident: true, major_incident_raw: 'Accepted' },
      { source_id: 'INC0000002', priority: 1, major_incident: false, major_incident_raw: 'Rejected' },
      { source_id: 'INC0000003', priority: 1, major_incident: null, major_incident_raw: null },
      { source_id: 'INC0000004', priority: 4, major_incident: false, major_incident_raw: 'Proposed' },
    ]);
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }))) as any;
    // major: INC1 (accepted, 4 h) and INC3 (P1 without a state, 2 h); INC2 rejected at P1 is not
    expect(k.kpis.major_incidents).toMatchObject({ value: 2, n: 4, marked_by_tool: 1, mttr_median_hours: 3 });
    expect(k.kpis.major_incidents.rule).toBe(
      "the tool's own mark where the record has one (ServiceNow major_incident_state accepted; Freshservice Major incident type set; TOPdesk majorCall; every Statuspage incident), else incidents of priority 1 (the default; set metrics.major_incident_max_priority in the project config)",
    );
    // availability: Payroll down 240 min and VPN 120 min in March (44,640 min); Mail (rejected) and Print up
    const by = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['service'] })) as any;
    const a = Object.fromEntries(by.breakdowns.service.groups.map((g: any) => [g.service, g.kpis.availability.down_minutes]));
    expect(a).toEqual({ Payroll: 240, VPN: 120, Mail: 0, Print: 0 });
    store.close();
  });
});
