import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/csat.sql: mean csat_score (0..1) of tickets resolved (else closed) in the period, not cancelled;
// satisfied = score ≥ 0.75; response_rate = scored / resolved.
describe('csat.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'C1', kind: 'incident', resolved_at: '2024-03-04 10:00:00', csat_score: 1 }, // satisfied
        { source_id: 'C2', kind: 'incident', resolved_at: '2024-03-04 10:00:00', csat_score: 0.75 }, // exactly 0.75: satisfied
        { source_id: 'C3', kind: 'service_request', closed_at: '2024-03-05 10:00:00', csat_score: 0.5 }, // closed only; any kind
        { source_id: 'C4', kind: 'incident', resolved_at: '2024-03-06 10:00:00', csat_score: null }, // resolved, not scored
        { source_id: 'C5', kind: 'incident', status: 'cancelled', closed_at: '2024-03-05 10:00:00', csat_score: 0 }, // cancelled: out
        { source_id: 'C6', kind: 'incident', csat_score: 0 }, // not resolved: out
        { source_id: 'C7', kind: 'incident', resolved_at: '2024-03-04 11:00:00', csat_score: 0.74 }, // just under 0.75: not satisfied
      ],
    });
  });
  afterAll(() => store.close());

  it('averages 1, 0.75, 0.5 and 0.74; 2 satisfied of 4 scores; 4 scored of 5 resolved', async () => {
    // mean 2.99/4 = 0.7475; satisfied_share 2/4 = 0.5; response_rate 4/5 = 0.8
    expect(await metric(store, 'csat')).toMatchObject({ value: 0.7475, n: 4, satisfied: 2, satisfied_share: 0.5, resolved: 5, response_rate: 0.8 });
  });

  it('anchors on resolved_at else closed_at: [03-05, ∞) holds C3 and C4', async () => {
    expect(await metric(store, 'csat', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 0.5, n: 1, satisfied: 0, satisfied_share: 0, resolved: 2, response_rate: 0.5 });
  });

  it('is null with a reason without scores, and without resolved tickets', async () => {
    const none = await metric(store, 'csat', { from: '2025-01-01T00:00:00Z', to: null });
    expect(none).toMatchObject({ value: null, n: 0, satisfied_share: null, response_rate: null, reason: 'no ticket was resolved or closed in the period' });
    const unscored = await metric(store, 'csat', { from: '2024-03-06T00:00:00Z', to: null }); // C4 only
    expect(unscored).toMatchObject({ value: null, n: 0, resolved: 1, response_rate: null, reason: 'no ticket resolved in the period carries a satisfaction score' });
  });
});
