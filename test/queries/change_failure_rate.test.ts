import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/change_failure_rate.sql: implemented changes that failed / implemented changes. Failed = unsuccessful,
// backed out, named by an incident's caused_by_change_ref, or a new incident on one of its CIs opened within
// N days after its end (end ≤ opened < end + N days) on a CI with no incident in the N days before its start
// (start − N days ≤ opened < start). N = change_failure_window_days, 7 by default.
// Most changes start 03-04 08:00 and end 03-04 10:00: end + 7 d = 03-11 10:00, start − 7 d = 02-26 08:00.
// F11 runs 03-01 08–10 and F13 03-10 08–10, so that the window of each change is checked inside the span the
// query pre-filters incidents to (02-23 08:00 … 03-17 10:00).
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
        chg('F11', { ci_name: 'srv11', actual_start: '2024-03-01 08:00:00', actual_end: '2024-03-01 10:00:00' }), // incident at exactly end + 7 d: not failed
        chg('F12', { ci_name: 'srv12' }), // incident at exactly its start: neither before nor after it
        // incident 7 d + 1 s before its start (not 'before'), and one after its end: failed
        chg('F13', { ci_name: 'srv13', actual_start: '2024-03-10 08:00:00', actual_end: '2024-03-10 10:00:00' }),
        chg('F14', { actual_start: null, actual_end: null }), // neither ended nor closed: not implemented, out
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
        inc('I11', 'srv11', '2024-03-08 10:00:00'),
        inc('I12', 'srv12', '2024-03-04 08:00:00'),
        inc('I13a', 'srv13', '2024-03-03 07:59:59'),
        inc('I13b', 'srv13', '2024-03-11 10:00:00'),
      ],
    });
  });
  afterAll(() => store.close());

  it('fails F1, F4, F5, F6, F7, F10 and F13 of 12 implemented changes', async () => {
    // failed 7/12 = 0.583333; caused_incident F1, F6, F7, F10, F13; new on CI F1, F7, F10, F13; on CI (new or not)
    // F1, F3, F7, F10, F13; a CI already failing before: F3
    expect(await metric(store, 'change_failure_rate')).toMatchObject({
      value: 0.583333, n: 12, failed: 7, unsuccessful: 1, backed_out: 1, caused_incident: 5, new_incident_on_ci: 4,
      incident_on_ci: 5, named_by_incident: 1, incident_on_ci_before: 1,
    });
  });

  it('with an 8-day window fails F2 and F11 too (incidents 7 days after), and no longer F13 (I13a is now before it)', async () => {
    const r = await metric(store, 'change_failure_rate', undefined, configFrom('metrics:\n  change_failure_window_days: 8\n'));
    // failed F1, F2, F4, F5, F6, F7, F10, F11 = 8/12 = 0.666667; new on CI F1, F2, F7, F10, F11; before: F3, F13
    expect(r).toMatchObject({ value: 0.666667, n: 12, failed: 8, new_incident_on_ci: 5, incident_on_ci_before: 2 });
    expect(r.variant).toMatch(/within 8 days after/);
  });

  it('does not count an incident before a change as one after it', async () => {
    // P runs 03-04 08–10 on srvP; its only incident opened 03-01 08:00, 3 days before its start (inside the
    // 7 days before: the CI was already failing) and nothing after its end: not on CI after, not failed
    const s = await storeWith({ change: [chg('P', { ci_name: 'srvP' })], ticket: [inc('IP', 'srvP', '2024-03-01 08:00:00')] });
    expect(await metric(s, 'change_failure_rate')).toMatchObject({ value: 0, n: 1, failed: 0, incident_on_ci: 0, incident_on_ci_before: 1, new_incident_on_ci: 0 });
    s.close();
  });

  it('cannot judge a change without an outcome that ended after the last incident loaded, or whose N days end before the first', async () => {
    // incidents on srvZ: 2024-03-05 10:00 … 2024-03-20 10:00. Z ends 2024-06-04 10:00, after the last; A ends
    // 2024-02-20 10:00, its 7 days (to 02-27 10:00) end before the first; W ends 03-04 10:00 with the 03-05 incident
    // 1 day later: failed
    const s = await storeWith({
      change: [
        chg('Z', { outcome: null, ci_name: 'srvZ', actual_start: '2024-06-04 08:00:00', actual_end: '2024-06-04 10:00:00' }),
        chg('A', { outcome: null, ci_name: 'srvZ', actual_start: '2024-02-20 08:00:00', actual_end: '2024-02-20 10:00:00' }),
        chg('W', { outcome: null, ci_name: 'srvZ' }),
      ],
      ticket: [inc('IZ1', 'srvZ', '2024-03-05 10:00:00'), inc('IZ2', 'srvZ', '2024-03-20 10:00:00')],
    });
    for (const from of ['2024-06-01T00:00:00Z', '2024-02-01T00:00:00Z']) {
      const r = await metric(s, 'change_failure_rate', { from, to: from.replace(/-0(\d)-01/, (_, m) => `-0${Number(m) + 1}-01`) });
      expect(r).toMatchObject({ value: null, n: 1 });
      expect(r.reason).toMatch(/or no incident loaded from before their end to after it\)$/);
    }
    expect(await metric(s, 'change_failure_rate', { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' })).toMatchObject({ value: 1, n: 1, failed: 1 });
    s.close();
    // the edges: E ends exactly at the last incident (03-20 10:00), which is in its window (end ≤ opened): judged,
    // failed; B ends 02-27 10:00, its window [02-27 10:00, 03-05 10:00) stops just short of the first: not judged
    const e = await storeWith({
      change: [
        chg('E', { outcome: null, ci_name: 'srvZ', actual_start: '2024-03-20 08:00:00', actual_end: '2024-03-20 10:00:00' }),
        chg('B', { outcome: null, ci_name: 'srvZ', actual_start: '2024-02-27 08:00:00', actual_end: '2024-02-27 10:00:00' }),
      ],
      ticket: [inc('IZ1', 'srvZ', '2024-03-05 10:00:00'), inc('IZ2', 'srvZ', '2024-03-20 10:00:00')],
    });
    expect(await metric(e, 'change_failure_rate', { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' })).toMatchObject({ value: 1, n: 1, failed: 1 });
    expect(await metric(e, 'change_failure_rate', { from: '2024-02-01T00:00:00Z', to: '2024-03-01T00:00:00Z' })).toMatchObject({ value: null, n: 1 });
    e.close();
  });

  it('judges a single change by its outcome, or by a CI link alone', async () => {
    const one = await storeWith({ change: [chg('X', { outcome: 'unsuccessful' })] });
    const r1 = await metric(one, 'change_failure_rate');
    expect(r1).toMatchObject({ value: 1, n: 1, failed: 1 });
    expect(r1.reason).toBeUndefined();
    one.close();
    // no outcome, but its CI has an incident the next day
    const linked = await storeWith({ change: [chg('Y', { outcome: null, ci_name: 'srvY' })], ticket: [inc('IY', 'srvY', '2024-03-05 10:00:00')] });
    const r2 = await metric(linked, 'change_failure_rate');
    expect(r2).toMatchObject({ value: 1, n: 1, failed: 1, new_incident_on_ci: 1 });
    expect(r2.reason).toBeUndefined();
    linked.close();
  });

  it('cannot judge changes without an outcome whose CI (on the record or in change_ci) is unknown', async () => {
    // incidents carry CIs, no incident names a change; X has no CI, Y's change_ci row has no CI name
    const s1 = await storeWith({
      change: [chg('X', { outcome: null }), chg('Y', { outcome: null })],
      change_ci: [{ change_key: 'c:Y', ci_name: null }],
      ticket: [inc('I1', 'srvZ', '2024-03-05 10:00:00'), { source_id: 'I2', kind: 'incident', opened_at: '2024-03-05 10:00:00' }],
    });
    const r1 = await metric(s1, 'change_failure_rate');
    expect(r1).toMatchObject({ value: null, n: 2 });
    expect(r1.reason).toMatch(/^the implemented changes carry no outcome/);
    s1.close();
    // the change has a CI, but only a request and an incident without a CI are there to link it to
    const s2 = await storeWith({
      change: [chg('X', { outcome: null, ci_name: 'srvA' })],
      ticket: [inc('R1', 'srvA', '2024-03-05 10:00:00', 'service_request'), { source_id: 'I1', kind: 'incident', opened_at: '2024-03-05 10:00:00' }],
    });
    const r2 = await metric(s2, 'change_failure_rate');
    expect(r2).toMatchObject({ value: null, n: 1 });
    expect(r2.reason).toMatch(/^the implemented changes carry no outcome/);
    s2.close();
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
