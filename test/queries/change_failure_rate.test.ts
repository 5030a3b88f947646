import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/change_failure_rate.sql: implemented changes that failed / implemented changes. Failed = unsuccessful,
// backed out, named by an incident's caused_by_change_ref, or a new incident on one of its CIs opened within
// N days after its end (end ≤ opened < end + N days) on a CI with no incident in the N days before its start
// (start − N days ≤ opened < start). N = change_failure_window_days, 7 by default.
// Every change starts 03-04 08:00 and ends 03-04 10:00: end + 7 d = 03-11 10:00, start − 7 d = 02-26 08:00.
const chg = (id: string, more: Record<string, string | null> = {}) => ({
  source_id: id, outcome: 'successful', actual_start: '2024-03-04 08:00:00', actual_end: '2024-03-04 10:00:00', ...more,
});
const inc = (id: string, ci: string, at: string, kind = 'incident') => ({ source_id: id, kind, ci_name: ci, opened_at: at });

describe('change_failure_rate.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        chg('F1', { ci_name: 'srv1' }), // incident 1 s inside the window: failed
        chg('F2', { ci_name: 'srv2' }), // incident exactly at end + 7 d: outside, not failed
        chg('F3', { ci_name: 'srv3' }), // incident after, but also one exactly at start − 7 d: not new, not failed
        chg('F4', { outcome: 'unsuccessful' }), // failed
        chg('F5', { outcome: 'backed_out' }), // failed
        chg('F6'), // named by an incident: failed
        chg('F7'), // its CI only in change_ci; incident a day after: failed
        chg('F9', { ci_name: 'srv9' }), // a service request on its CI, not an incident: not failed
        chg('F10', { ci_name: 'srv10' }), // incident at the very end instant: failed
        { source_id: 'F8', status: 'cancelled', closed_at: '2024-03-04 10:00:00', ci_name: 'srv1' }, // cancelled, not implemented: out
      ],
      change_ci: [{ change_key: 'c:F7', ci_name: 'srv7' }],
      ticket: [
        inc('I1', 'srv1', '2024-03-11 09:59:59'),
        inc('I2', 'srv2', '2024-03-11 10:00:00'),
        inc('I3a', 'srv3', '2024-02-26 08:00:00'),
        inc('I3b', 'srv3', '2024-03-05 10:00:00'),
        { source_id: 'I6', kind: 'incident', caused_by_change_ref: 'F6', opened_at: '2024-03-20 00:00:00' },
        inc('I7', 'srv7', '2024-03-05 10:00:00'),
        inc('R9', 'srv9', '2024-03-05 10:00:00', 'service_request'),
        inc('I10', 'srv10', '2024-03-04 10:00:00'),
      ],
    });
  });
  afterAll(() => store.close());

  it('fails F1, F4, F5, F6, F7 and F10 of 9 implemented changes', async () => {
    // failed 6/9 = 0.666667; caused_incident F1, F6, F7, F10; new on CI F1, F7, F10; on CI (new or not) F1, F3, F7, F10
    expect(await metric(store, 'change_failure_rate')).toMatchObject({
      value: 0.666667, n: 9, failed: 6, unsuccessful: 1, backed_out: 1, caused_incident: 4, new_incident_on_ci: 3,
      incident_on_ci: 4, named_by_incident: 1, incident_on_ci_before: 1,
    });
  });

  it('with an 8-day window also fails F2 (its incident 7 days after); F3 stays a CI already failing', async () => {
    const r = await metric(store, 'change_failure_rate', undefined, configFrom('metrics:\n  change_failure_window_days: 8\n'));
    expect(r).toMatchObject({ value: 0.777778, n: 9, failed: 7, new_incident_on_ci: 4, incident_on_ci_before: 1 }); // 7/9
    expect(r.variant).toMatch(/within 8 days after/);
  });

  it('is null with a reason without implemented changes, or with nothing to judge them by', async () => {
    expect(await metric(store, 'change_failure_rate', { from: '2025-01-01T00:00:00Z', to: null })).toMatchObject({
      value: null, n: 0, reason: 'no implemented change (actual end, or closed and not cancelled) in the period',
    });
    const bare = await storeWith({ change: [{ source_id: 'X', actual_end: '2024-03-04 10:00:00' }] });
    const r = await metric(bare, 'change_failure_rate');
    expect(r).toMatchObject({ value: null, n: 1, failed: 0 });
    expect(r.reason).toMatch(/^the implemented changes carry no outcome \(close code\) and cannot be linked to incidents/);
    bare.close();
  });
});
