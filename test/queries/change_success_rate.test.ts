import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/change_success_rate.sql: successful changes / changes with an outcome (successful, successful with
// issues, unsuccessful, backed out); anchored on actual_end, else closed_at, else opened_at.
describe('change_success_rate.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        { source_id: 'S1', outcome: 'successful', actual_end: '2024-03-04 10:00:00' },
        { source_id: 'S2', outcome: 'successful', closed_at: '2024-03-04 10:00:00' },
        { source_id: 'S3', outcome: 'successful_with_issues', actual_end: '2024-03-05 10:00:00' }, // not counted as successful
        { source_id: 'S4', outcome: 'unsuccessful', opened_at: '2024-03-05 10:00:00' }, // anchored on opened_at
        { source_id: 'S5', outcome: 'backed_out', actual_end: '2024-03-05 10:00:00', closed_at: '2024-02-01 00:00:00' }, // actual_end wins
        { source_id: 'S6', outcome: 'cancelled', actual_end: '2024-03-05 10:00:00' }, // no outcome of the four
        { source_id: 'S7', outcome: null, actual_end: '2024-03-05 10:00:00' },
      ],
    });
  });
  afterAll(() => store.close());

  it('is 2 successful of 5 with an outcome', async () => {
    expect(await metric(store, 'change_success_rate')).toMatchObject({ value: 0.4, n: 5, successful: 2, successful_with_issues: 1, failed: 2 });
  });

  it('anchors on actual_end, else closed_at, else opened_at: [03-05, ∞) holds S3, S4, S5', async () => {
    expect(await metric(store, 'change_success_rate', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 0, n: 3, failed: 2 });
  });

  it('a single successful change is 1 of 1', async () => {
    const one = await storeWith({ change: [{ source_id: 'X', outcome: 'successful', actual_end: '2024-03-05 10:00:00' }] });
    const r = await metric(one, 'change_success_rate');
    expect(r).toMatchObject({ value: 1, n: 1, successful: 1 });
    expect(r.reason).toBeUndefined();
    one.close();
  });

  it('is null with a reason without changes or without outcomes', async () => {
    const none = await metric(store, 'change_success_rate', { from: '2025-01-01T00:00:00Z', to: null });
    expect(none).toMatchObject({ value: null, n: 0, reason: 'no changes loaded for the period' });
    const empty = await storeWith({ change: [{ source_id: 'X', outcome: 'cancelled', actual_end: '2024-03-05 10:00:00' }] });
    expect(await metric(empty, 'change_success_rate')).toMatchObject({ value: null, n: 0, reason: 'the loaded changes carry no outcome (close code)' });
    empty.close();
  });
});
