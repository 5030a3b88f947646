import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/major_incidents.sql: incidents opened in the period that are major — the tool's own mark where the record
// has one, else priority ≤ metrics.major_incident_max_priority (1 by default). Period: March 2024.
//   M1 P1, no mark          → major by priority; resolved after 2 h; first response after 0.25 h
//   M2 P1, marked false     → NOT major (ServiceNow: proposed / rejected): the mark wins over the priority
//   M3 P4, marked true      → major by its mark; resolved after 6 h; first response after 0.75 h
//   M4 P2, no mark          → not major under the default rule (major under max priority 2)
//   M5 P1, never resolved   → major, open
//   M6 P1, resolved BEFORE opened (−1 h) → major, but no duration: left out of the MTTR
//   M7 no priority, no mark → not in n
//   R1 a request at P1       → not an incident, not in n
//   M8 P1 opened 29 Feb     → outside the period
// n = M1…M6 = 6; major = M1, M3, M5, M6 = 4; open 1; durations 2 and 6 h → median 4, mean 4;
// first communication 0.25 and 0.75 h → median 0.5 over 2; marked_by_tool: M3 (M2 is marked but not major) = 1.
const PERIOD = { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' };
const inc = (id: string, priority: number | null, mark: boolean | null, opened: string, resolved: string | null, response: string | null = null) => ({
  source_id: id, kind: 'incident', priority, major_incident: mark, opened_at: opened, resolved_at: resolved, first_response_at: response,
});

describe('major_incidents.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        inc('M1', 1, null, '2024-03-02 10:00:00', '2024-03-02 12:00:00', '2024-03-02 10:15:00'),
        inc('M2', 1, false, '2024-03-03 10:00:00', '2024-03-03 20:00:00'),
        inc('M3', 4, true, '2024-03-04 10:00:00', '2024-03-04 16:00:00', '2024-03-04 10:45:00'),
        inc('M4', 2, null, '2024-03-05 10:00:00', '2024-03-05 11:00:00'),
        inc('M5', 1, null, '2024-03-06 10:00:00', null),
        inc('M6', 1, null, '2024-03-07 10:00:00', '2024-03-07 09:00:00'),
        inc('M7', null, null, '2024-03-08 10:00:00', '2024-03-08 11:00:00'),
        { source_id: 'R1', kind: 'service_request', priority: 1, opened_at: '2024-03-09 10:00:00' },
        inc('M8', 1, null, '2024-02-29 10:00:00', '2024-02-29 11:00:00'),
      ],
    });
  });
  afterAll(() => store.close());

  it('counts the tool-marked and priority-1 incidents, the mark winning over the priority', async () => {
    const r = await metric(store, 'major_incidents', PERIOD);
    expect(r).toMatchObject({ value: 4, n: 6, open: 1, mttr_median_hours: 4, mttr_mean_hours: 4, first_communication_median_hours: 0.5, with_first_communication: 2, marked_by_tool: 1 });
    // some record carries the mark: the rule names it before the priority
    expect(r.rule).toMatch(/^the tool's own mark where the record has one .* else incidents of priority 1/);
  });

  it('takes the configured priority bound: P2 becomes major', async () => {
    const r = await metric(store, 'major_incidents', PERIOD, configFrom('metrics:\n  major_incident_max_priority: 2\n'));
    // M4 joins: 5 major; its 1 h joins the durations 1, 2, 6 → median 2, mean 3
    expect(r).toMatchObject({ value: 5, n: 6, mttr_median_hours: 2, mttr_mean_hours: 3 });
    // the rule says the bound is the project config's, not the default
    expect(r.rule).toMatch(/else incidents of priority 1-2 \(metrics.major_incident_max_priority in the project config\)$/);
  });

  it('is null with a reason when no incident of the period has a priority or a mark', async () => {
    const r = await metric(store, 'major_incidents', { from: '2024-05-01T00:00:00Z', to: '2024-06-01T00:00:00Z' });
    expect(r.value).toBeNull();
    expect(r.reason).toBe("no incident opened in the period carries a priority or its tool's major-incident mark");
  });
});
