import { describe, expect, it } from 'vitest';
import { explainTicket, renderExplanation, type Explanation } from '../../src/metrics/explain.js';
import { ALL, configFrom, metric, storeWith } from '../queries/harness.js';

/**
 * `kpi --explain TICKET` (explain.ts, explain.sql): the timeline of one ticket. renderExplanation on hand-written
 * rows, line by line; explainTicket on a hand-made store, its rows derived by hand.
 */
const OFFICE = 'calendars:\n  default: office\n  office:\n    timezone: UTC\n    hours:\n      mon-fri: "09:00-17:00"\n';

const ticket = (over: Record<string, unknown> = {}) => ({
  ticket_key: 't:INC1', source_id: 'INC1', source_tool: 'servicenow', kind: 'incident', priority: 3, priority_raw: '3 - Moderate',
  status: 'closed', status_raw: 'Closed', opened_at: '2024-03-04T09:00:00Z', first_assigned_at: null,
  first_response_at: '2024-03-04T09:30:15.125Z', resolved_at: '2024-03-05T11:00:00Z', closed_at: null,
  resolve_calendar_hours: 26, close_calendar_hours: null, reassignment_count: 1, reopen_count: null, sla_met: false, sla_met_raw: 'false',
  ...over,
});

describe('kpi --explain', () => {
  it('renders the times, business hours, deadline, history and each SLA', () => {
    const e: Explanation = {
      ticket: ticket(),
      events: [
        { event_time: '2024-03-04T09:00:00Z', seq: 0, actor: null, event_type: 'update', field: null, old_value: null, new_value: 'New' },
        { event_time: '2024-03-04T10:00:00Z', seq: null, actor: 'ann', event_type: 'change', field: 'status', old_value: null, new_value: 'On Hold' },
        { event_time: '2024-03-05T11:00:00Z', seq: 7, actor: null, event_type: 'change', field: 'status', old_value: 'On Hold', new_value: null },
      ],
      business: { resolve_business_hours: 10, next_day_deadline: '2024-03-05T17:00:00Z', resolved_by_next_day: true },
      sla: [{ policy: 'P3', sla: 'resolution', calendar: 'office', target_hours: 24, elapsed_business_hours: 10, paused_business_hours: 1, net_business_hours: 9, state: 'met', due_at: '2024-03-06T18:00:00Z' }],
    };
    expect(renderExplanation(e, configFrom(OFFICE)).split('\n')).toEqual([
      'INC1 (servicenow incident, priority 3 "3 - Moderate", status closed "Closed")',
      '  opened          2024-03-04 09:00 UTC',
      '  first assigned  —',
      // seconds and their fraction dropped
      '  first response  2024-03-04 09:30 UTC',
      '  resolved        2024-03-05 11:00 UTC   26 h calendar · 10 h business (office, UTC)',
      '  closed          —',
      '  reassignments 1 · reopens ?',
      '  same day / next day: deadline 2024-03-05 17:00 UTC → resolved in time',
      'history:',
      '  2024-03-04 09:00 UTC  #0  created as New',
      '  2024-03-04 10:00 UTC  #-  status: ∅ → On Hold  (ann)',
      '  2024-03-05 11:00 UTC  #7  status: On Hold → ∅',
      'SLA (export\'s flag): breached ("false")',
      'SLA (policy "P3", resolution, calendar office): target 24 h; clock 10 h − paused 1 h = 9 h → met; due 2024-03-06 18:00 UTC',
    ]);
  });

  it('says what is missing: no calendar, no history, no flag, no policy, not resolved in time', () => {
    const e: Explanation = {
      ticket: ticket({ priority: null, priority_raw: null, status_raw: null, resolved_at: null, resolve_calendar_hours: null, closed_at: '2024-03-08T12:00:00Z', close_calendar_hours: 99, reassignment_count: null, reopen_count: 2, sla_met: null }),
      events: [],
      business: { resolve_business_hours: null, next_day_deadline: '2024-03-05T17:00:00Z', resolved_by_next_day: false },
      sla: [],
    };
    expect(renderExplanation(e, configFrom('organisation: x\n')).split('\n')).toEqual([
      'INC1 (servicenow incident, priority ? "", status closed "")',
      '  opened          2024-03-04 09:00 UTC',
      '  first assigned  —',
      '  first response  2024-03-04 09:30 UTC',
      '  resolved        —',
      '  closed          2024-03-08 12:00 UTC   99 h calendar',
      '  reassignments ? · reopens 2',
      '  same day / next day: deadline 2024-03-05 17:00 UTC → not resolved in time',
      '  business time: no calendar configured (calendars: in itsm-lens.config.yaml)',
      'history: none exported (a snapshot export has no event log)',
      'SLA (export\'s flag): none',
      'SLA (policy): no configured policy covers this ticket',
    ]);
    // a met flag says so with the export's own text
    const met = renderExplanation({ ...e, ticket: ticket({ sla_met: true, sla_met_raw: 'yes' }), business: null }, configFrom('organisation: x\n'));
    expect(met).toMatch(/^SLA \(export's flag\): met \("yes"\)$/m);
    expect(met).not.toMatch(/same day/);
  });

  it('finds a ticket by its number or its key, with its events, business hours and SLA rows', async () => {
    // Mon 4 Mar 2024 09:00 → Tue 5 Mar 11:00 UTC: 26 h calendar; on mon-fri 09-17: Mon 8 h + Tue 2 h = 10 h business
    const store = await storeWith({
      ticket: [
        { source_id: 'INC1', source_tool: 'servicenow', kind: 'incident', status: 'resolved', priority: 3, opened_at: '2024-03-04 09:00:00+00', resolved_at: '2024-03-05 11:00:00+00' },
        { source_id: 'INC2', source_tool: 'servicenow', kind: 'incident', status: 'new', priority: 3, opened_at: '2024-03-06 09:00:00+00' },
      ],
      ticket_event: [
        { record_key: 't:INC1', event_time: '2024-03-04 09:00:00+00', seq: 0, event_type: 'update', new_value: 'New' },
        // an update row after the first is not part of the history; a state change is
        { record_key: 't:INC1', event_time: '2024-03-04 09:05:00+00', seq: 1, event_type: 'update', new_value: 'x' },
        { record_key: 't:INC1', event_time: '2024-03-04 10:00:00+00', seq: 2, event_type: 'change', field: 'status', old_value: 'New', new_value: 'In Progress' },
        { record_key: 't:INC2', event_time: '2024-03-06 09:00:00+00', seq: 0, event_type: 'update', new_value: 'New' },
      ],
    });
    const config = configFrom(`${OFFICE}sla:\n  policies:\n    - name: P3\n      kind: incident\n      calendar: office\n      resolution: { 3: 24h }\n`);
    await metric(store, 'mttr', ALL, config); // builds ticket_business and sla_result, as computeKpis does before --explain
    const byNumber = await explainTicket(store, 'INC1');
    const byKey = await explainTicket(store, 't:INC1');
    expect(byKey).toEqual(byNumber);
    expect(byNumber.ticket).toMatchObject({ ticket_key: 't:INC1', source_id: 'INC1', resolve_calendar_hours: 26 });
    expect(byNumber.events.map((ev) => ev.seq)).toEqual([0, 2]);
    expect(byNumber.business).toMatchObject({ resolve_business_hours: 10 });
    // 24 business hours from Mon 09:00: Mon 8 + Tue 8 + Wed 8 → due Wed 6 Mar 17:00; 10 h used → met
    expect(byNumber.sla).toHaveLength(1);
    expect(byNumber.sla[0]).toMatchObject({ policy: 'P3', sla: 'resolution', target_hours: 24, net_business_hours: 10, state: 'met' });
    await expect(explainTicket(store, 'INC9')).rejects.toThrow(/^--explain INC9: no ticket with that number or key in the database$/);
    store.close();
  });
});
