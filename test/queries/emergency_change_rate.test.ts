import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/emergency_change_rate.sql: implemented emergency changes (type emergency or the flag) / implemented
// changes whose type or flag is known. Implemented = actual end, or closed and neither status nor outcome cancelled.
describe('emergency_change_rate.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        { source_id: 'E1', change_type: 'emergency', actual_end: '2024-03-04 10:00:00' }, // emergency by type
        { source_id: 'E2', change_type: 'normal', emergency: true, actual_end: '2024-03-04 10:00:00' }, // emergency by flag
        { source_id: 'E3', change_type: 'standard', closed_at: '2024-03-05 10:00:00' },
        { source_id: 'E4', change_type: 'other', emergency: false, actual_end: '2024-03-05 10:00:00' }, // known by its flag
        { source_id: 'E5', change_type: 'other', actual_end: '2024-03-05 10:00:00' }, // unknown type
        { source_id: 'E6', change_type: 'emergency', status: 'cancelled', closed_at: '2024-03-05 10:00:00' }, // cancelled: out
        { source_id: 'E7', change_type: 'emergency', outcome: 'cancelled', closed_at: '2024-03-05 10:00:00' }, // cancelled: out
        { source_id: 'E8', change_type: 'emergency' }, // not implemented: out
      ],
    });
  });
  afterAll(() => store.close());

  it('is 2 emergency of 4 with a known type', async () => {
    expect(await metric(store, 'emergency_change_rate')).toMatchObject({ value: 0.5, n: 4, emergency: 2, unknown_type: 1 });
  });

  it('anchors on the end: [03-05, ∞) holds E3, E4, E5', async () => {
    expect(await metric(store, 'emergency_change_rate', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 0, n: 2, emergency: 0, unknown_type: 1 });
  });

  it('a single emergency change is 1 of 1', async () => {
    const one = await storeWith({ change: [{ source_id: 'X', change_type: 'emergency', actual_end: '2024-03-05 10:00:00' }] });
    const r = await metric(one, 'emergency_change_rate');
    expect(r).toMatchObject({ value: 1, n: 1, emergency: 1 });
    expect(r.reason).toBeUndefined();
    one.close();
  });

  it('is null with a reason without implemented changes or without types', async () => {
    const none = await metric(store, 'emergency_change_rate', { from: '2025-01-01T00:00:00Z', to: null });
    expect(none).toMatchObject({ value: null, n: 0, reason: 'no implemented change (actual end, or closed and not cancelled) in the period' });
    const untyped = await storeWith({ change: [{ source_id: 'X', change_type: 'other', actual_end: '2024-03-05 10:00:00' }] });
    expect(await metric(untyped, 'emergency_change_rate')).toMatchObject({ value: null, n: 0, unknown_type: 1, reason: 'the implemented changes carry neither a recognised change type nor an emergency flag' });
    untyped.close();
  });
});
