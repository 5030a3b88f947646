import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/time_to_close.sql: closed_at − opened_at in calendar hours per incident closed in the period (not
// cancelled); negative durations excluded and counted, zero kept.
describe('time_to_close.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'C1', kind: 'incident', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-01 06:00:00' }, // 6 h
        { source_id: 'C2', kind: 'incident', opened_at: '2024-03-02 00:00:00', closed_at: '2024-03-02 00:00:00' }, // 0 h
        { source_id: 'C3', kind: 'incident', opened_at: '2024-03-03 12:00:00', closed_at: '2024-03-03 00:00:00' }, // −12 h: excluded
        { source_id: 'C4', kind: 'incident', opened_at: '2024-03-03 00:00:00', closed_at: '2024-03-04 00:00:00' }, // 24 h
        { source_id: 'C5', kind: 'incident', status: 'cancelled', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-01 01:00:00' }, // cancelled
        { source_id: 'C6', kind: 'service_request', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-01 01:00:00' }, // a request
        { source_id: 'C7', kind: 'incident', opened_at: '2024-03-01 00:00:00', resolved_at: '2024-03-01 01:00:00' }, // not closed
      ],
    });
  });
  afterAll(() => store.close());

  it('averages 6, 0 and 24 hours and counts the negative one apart', async () => {
    // [0, 6, 24]: mean 10, median 6, p90 at 1.8 → 6 + 0.8·18 = 20.4
    const r = await metric(store, 'time_to_close');
    expect(r).toMatchObject({ unit: 'hours', basis: 'calendar', n: 3, mean: 10, median: 6, p90: 20.4, excluded_negative: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on closed_at: [03-02, 03-04) holds C2 (0 h) and C3 (negative)', async () => {
    const r = await metric(store, 'time_to_close', { from: '2024-03-02T00:00:00Z', to: '2024-03-04T00:00:00Z' });
    expect(r).toMatchObject({ n: 1, mean: 0, excluded_negative: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when only a negative duration is in the period', async () => {
    const r = await metric(store, 'time_to_close', { from: '2024-03-03T00:00:00Z', to: '2024-03-03T12:00:00Z' });
    expect(r).toMatchObject({ n: 0, mean: null, excluded_negative: 1, reason: 'no incident closed in the period has both an opened and a closed time' });
  });
});
