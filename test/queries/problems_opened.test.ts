import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/problems_opened.sql: problems opened in the period, known errors among them, already resolved or closed.
describe('problems_opened.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      problem: [
        { source_id: 'P1', opened_at: '2024-03-04 10:00:00', known_error: true, resolved_at: '2024-03-05 10:00:00' },
        { source_id: 'P2', opened_at: '2024-03-04 10:00:00', known_error: false, closed_at: '2024-03-06 10:00:00' },
        { source_id: 'P3', opened_at: '2024-03-05 10:00:00', known_error: null },
        { source_id: 'P6', opened_at: '2024-03-04 12:00:00' }, // open, like P3
        { source_id: 'P4', opened_at: '2024-02-05 10:00:00', known_error: true }, // February
      ],
    });
  });
  afterAll(() => store.close());

  it('counts 4 problems opened in March, 1 known error, 2 resolved (P1) or closed (P2)', async () => {
    const r = await metric(store, 'problems_opened', { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' });
    expect(r).toMatchObject({ value: 4, n: 4, known_errors: 1, resolved_or_closed: 2 });
  });

  it('counts a single problem: [03-05, 04-01) holds P3', async () => {
    const r = await metric(store, 'problems_opened', { from: '2024-03-05T00:00:00Z', to: '2024-04-01T00:00:00Z' });
    expect(r).toMatchObject({ value: 1, n: 1, known_errors: 0, resolved_or_closed: 0 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when no problem was opened in the period', async () => {
    const r = await metric(store, 'problems_opened', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no problem was opened in the period' });
  });
});
