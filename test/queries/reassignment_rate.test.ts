import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/reassignment_rate.sql: resolved incidents with reassignment_count > 0 / resolved incidents with a count;
// mean_reassignments over the same incidents.
describe('reassignment_rate.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'R1', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reassignment_count: 0 },
        { source_id: 'R2', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reassignment_count: 1 },
        { source_id: 'R3', kind: 'incident', resolved_at: '2024-03-05 10:00:00', reassignment_count: 5 },
        { source_id: 'R4', kind: 'incident', resolved_at: '2024-03-05 10:00:00', reassignment_count: null }, // out
        { source_id: 'R5', kind: 'incident', reassignment_count: 3 }, // not resolved: out
        { source_id: 'R6', kind: 'service_request', resolved_at: '2024-03-05 10:00:00', reassignment_count: 3 }, // a request: out
      ],
    });
  });
  afterAll(() => store.close());

  it('is 2 reassigned of 3, with 2 reassignments on average', async () => {
    // (0 + 1 + 5)/3 = 2
    expect(await metric(store, 'reassignment_rate')).toMatchObject({ value: 0.666667, n: 3, reassigned: 2, mean_reassignments: 2 });
  });

  it('anchors on resolved_at: [03-05, ∞) holds R3', async () => {
    expect(await metric(store, 'reassignment_rate', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 1, n: 1, mean_reassignments: 5 });
  });

  it('is null with a reason without a count in the period', async () => {
    const r = await metric(store, 'reassignment_rate', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no resolved incident in the period carries a reassignment count' });
  });
});
