import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/unapproved_change_rate.sql: implemented changes whose approval is not 'approved' / implemented changes
// with a known approval.
describe('unapproved_change_rate.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        { source_id: 'U1', approval: 'approved', change_type: 'normal', actual_end: '2024-03-04 10:00:00' },
        { source_id: 'U2', approval: 'rejected', change_type: 'normal', actual_end: '2024-03-04 10:00:00' },
        { source_id: 'U3', approval: 'not_requested', change_type: 'standard', actual_end: '2024-03-05 10:00:00' },
        { source_id: 'U4', approval: 'requested', change_type: 'normal', closed_at: '2024-03-05 10:00:00' },
        { source_id: 'U5', approval: null, cab_required: true, actual_end: '2024-03-05 10:00:00' }, // unknown: out of n
        { source_id: 'U6', approval: 'rejected', status: 'cancelled', closed_at: '2024-03-05 10:00:00' }, // cancelled: out
        { source_id: 'U7', approval: 'approved', change_type: 'standard', actual_end: '2024-03-04 10:00:00' }, // an approved standard change
        { source_id: 'U8', approval: 'requested', change_type: 'standard', actual_end: '2024-03-04 10:00:00' }, // a standard change awaiting approval
        { source_id: 'U9', approval: 'not_requested', change_type: 'normal', actual_end: '2024-03-04 10:00:00' }, // a normal change never put for approval
      ],
    });
  });
  afterAll(() => store.close());

  it('is 5 unapproved of 7 with an approval; two unapproved standard changes (U3, U8), not U7 (approved)', async () => {
    // unapproved: U2, U3, U4, U8, U9 = 5 of U1–U4, U7–U9 = 7 → 0.714286; of them standard U3, U8 (normal: U2, U4, U9)
    expect(await metric(store, 'unapproved_change_rate')).toMatchObject({ value: 0.714286, n: 7, unapproved: 5, rejected: 1, not_requested: 2, pending: 2, unapproved_standard: 2 });
  });

  it('a single rejected change is 1 of 1', async () => {
    const one = await storeWith({ change: [{ source_id: 'X', approval: 'rejected', actual_end: '2024-03-05 10:00:00' }] });
    const r = await metric(one, 'unapproved_change_rate');
    expect(r).toMatchObject({ value: 1, n: 1, unapproved: 1 });
    expect(r.reason).toBeUndefined();
    one.close();
  });

  it('anchors on the end: [03-05, ∞) holds U3, U4 (and U5 without approval)', async () => {
    expect(await metric(store, 'unapproved_change_rate', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 1, n: 2, unapproved: 2 });
  });

  it('is null with a reason: none implemented, only the CAB flag, or no approval state', async () => {
    expect(await metric(store, 'unapproved_change_rate', { from: '2025-01-01T00:00:00Z', to: null })).toMatchObject({
      value: null, n: 0, reason: 'no implemented change (actual end, or closed and not cancelled) in the period',
    });
    const cabOnly = await storeWith({ change: [{ source_id: 'X', cab_required: true, actual_end: '2024-03-05 10:00:00' }] });
    expect((await metric(cabOnly, 'unapproved_change_rate')).reason).toMatch(/^the changes carry no approval outcome \(the export's CAB-approval-needed flag/);
    cabOnly.close();
    const bare = await storeWith({ change: [{ source_id: 'Y', actual_end: '2024-03-05 10:00:00' }] });
    expect(await metric(bare, 'unapproved_change_rate')).toMatchObject({ value: null, n: 0, reason: 'the implemented changes carry no approval state' });
    bare.close();
  });
});
