import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/change_lead_time.sql: actual_end (else closed_at) − opened_at in calendar days per change implemented in
// the period (actual end, or closed and not cancelled); negative durations excluded and counted.
describe('change_lead_time.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        { source_id: 'L1', opened_at: '2024-03-01 00:00:00', actual_end: '2024-03-03 00:00:00', closed_at: '2024-03-09 00:00:00' }, // 2 d (actual end wins)
        { source_id: 'L2', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-05 00:00:00' }, // closed, no end: 4 d
        { source_id: 'L3', opened_at: '2024-03-05 12:00:00', actual_end: '2024-03-05 12:00:00' }, // 0 d
        { source_id: 'L4', opened_at: '2024-03-10 00:00:00', actual_end: '2024-03-06 00:00:00' }, // −4 d: excluded
        { source_id: 'L5', status: 'cancelled', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-02 00:00:00' }, // cancelled, no end: out
        { source_id: 'L6', outcome: 'cancelled', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-02 00:00:00' }, // cancelled outcome: out
        { source_id: 'L7', opened_at: null, actual_end: '2024-03-02 00:00:00' }, // no opened time: out
        { source_id: 'L8', opened_at: '2024-03-01 00:00:00' }, // not implemented: out
      ],
    });
  });
  afterAll(() => store.close());

  it('averages 2, 4 and 0 days, taking the actual end before the closed time', async () => {
    // [0, 2, 4]: mean 2, median 2, p90 at 1.8 → 2 + 0.8·2 = 3.6
    const r = await metric(store, 'change_lead_time');
    expect(r).toMatchObject({ unit: 'days', basis: 'calendar', n: 3, mean: 2, median: 2, p90: 3.6, excluded_negative: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on the end: [03-05, ∞) holds L2 (4 d), L3 (0 d) and L4 (negative)', async () => {
    const r = await metric(store, 'change_lead_time', { from: '2024-03-05T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 2, mean: 2, median: 2, excluded_negative: 1 });
  });

  it('[03-05 06:00, 03-06) holds L3 alone: a zero-day change is data, not "no data"', async () => {
    const r = await metric(store, 'change_lead_time', { from: '2024-03-05T06:00:00Z', to: '2024-03-06T00:00:00Z' });
    expect(r).toMatchObject({ n: 1, mean: 0, excluded_negative: 0 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when only a negative duration is in the period', async () => {
    const r = await metric(store, 'change_lead_time', { from: '2024-03-06T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 0, mean: null, excluded_negative: 1, reason: 'no change implemented in the period has an opened time' });
  });
});
