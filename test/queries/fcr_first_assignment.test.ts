import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/fcr_first_assignment.sql: resolved incidents with reassignment_count = 0 and no reopen (NULL = 0) /
// resolved incidents with a reassignment count.
describe('fcr_first_assignment.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'F1', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reassignment_count: 0, reopen_count: 0 }, // first
        { source_id: 'F2', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reassignment_count: 0, reopen_count: null }, // first (no reopen info = 0)
        { source_id: 'F3', kind: 'incident', resolved_at: '2024-03-05 10:00:00', reassignment_count: 1, reopen_count: 0 }, // reassigned
        { source_id: 'F4', kind: 'incident', resolved_at: '2024-03-05 10:00:00', reassignment_count: 0, reopen_count: 1 }, // reopened
        { source_id: 'F5', kind: 'incident', resolved_at: '2024-03-05 10:00:00', reassignment_count: null }, // no count: out
        { source_id: 'F6', kind: 'incident', reassignment_count: 0 }, // not resolved: out
        { source_id: 'F7', kind: 'service_request', resolved_at: '2024-03-05 10:00:00', reassignment_count: 0 }, // a request: out
      ],
    });
  });
  afterAll(() => store.close());

  it('is 2 first-time resolutions of 4', async () => {
    expect(await metric(store, 'fcr_first_assignment')).toMatchObject({ value: 0.5, n: 4, resolved_first: 2 }); // F1, F2 of F1–F4
  });

  it('anchors on resolved_at: [03-05, ∞) holds F3 and F4, neither first', async () => {
    expect(await metric(store, 'fcr_first_assignment', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 0, n: 2, resolved_first: 0 });
  });

  it('a single incident resolved first time is 1 of 1', async () => {
    const one = await storeWith({ ticket: [{ source_id: 'X', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reassignment_count: 0 }] });
    const r = await metric(one, 'fcr_first_assignment');
    expect(r).toMatchObject({ value: 1, n: 1, resolved_first: 1 });
    expect(r.reason).toBeUndefined();
    one.close();
  });

  it('is null with a reason without a count in the period', async () => {
    const r = await metric(store, 'fcr_first_assignment', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no resolved incident in the period carries a reassignment count' });
  });
});
