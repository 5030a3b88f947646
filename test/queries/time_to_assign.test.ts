import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/time_to_assign.sql: first_assigned_at − opened_at in calendar hours per incident opened in the period
// with a first assignment; negative durations excluded and counted, zero kept.
describe('time_to_assign.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'A1', kind: 'incident', opened_at: '2024-03-01 00:00:00', first_assigned_at: '2024-03-01 00:30:00' }, // 0.5 h
        { source_id: 'A2', kind: 'incident', opened_at: '2024-03-02 00:00:00', first_assigned_at: '2024-03-02 00:00:00' }, // 0 h
        { source_id: 'A3', kind: 'incident', opened_at: '2024-03-03 12:00:00', first_assigned_at: '2024-03-03 11:00:00' }, // −1 h: excluded
        { source_id: 'A4', kind: 'incident', opened_at: '2024-03-01 00:00:00', first_assigned_at: '2024-03-01 02:30:00' }, // 2.5 h
        { source_id: 'A5', kind: 'incident', opened_at: '2024-03-01 00:00:00', first_response_at: '2024-03-01 00:10:00' }, // no assignment
        { source_id: 'A6', kind: 'service_request', opened_at: '2024-03-01 00:00:00', first_assigned_at: '2024-03-01 09:00:00' }, // a request
      ],
    });
  });
  afterAll(() => store.close());

  it('averages 0.5, 0 and 2.5 hours', async () => {
    // [0, 0.5, 2.5]: mean 1, median 0.5, p90 at 1.8 → 0.5 + 0.8·2 = 2.1
    const r = await metric(store, 'time_to_assign');
    expect(r).toMatchObject({ unit: 'hours', basis: 'calendar', n: 3, mean: 1, median: 0.5, p90: 2.1, excluded_negative: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on opened_at: [03-02, ∞) holds A2 (0 h) and A3 (negative)', async () => {
    const r = await metric(store, 'time_to_assign', { from: '2024-03-02T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 1, mean: 0, excluded_negative: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when only a negative duration is in the period', async () => {
    const r = await metric(store, 'time_to_assign', { from: '2024-03-03T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 0, mean: null, excluded_negative: 1 });
    expect(r.reason).toMatch(/^no incident opened in the period has a first-assignment time/);
  });
});
