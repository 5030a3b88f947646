import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/reopen_rate.sql: resolved incidents with reopen_count > 0 / resolved incidents with a reopen count.
describe('reopen_rate.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'R1', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reopen_count: 1 }, // reopened
        { source_id: 'R2', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reopen_count: 0 }, // not
        { source_id: 'R3', kind: 'incident', resolved_at: '2024-03-05 10:00:00', reopen_count: 2 }, // reopened (twice: counts once)
        { source_id: 'R4', kind: 'incident', resolved_at: '2024-03-05 10:00:00', reopen_count: null }, // no information: out
        { source_id: 'R5', kind: 'incident', resolved_at: null, reopen_count: 1 }, // reopened and not resolved again: out
        { source_id: 'R6', kind: 'service_request', resolved_at: '2024-03-05 10:00:00', reopen_count: 1 }, // a request: out
        // reopened after it was closed, resolved again
        { source_id: 'R7', kind: 'incident', resolved_at: '2024-03-08 10:00:00', closed_at: '2024-03-06 10:00:00', reopened_at: '2024-03-07 10:00:00', reopen_count: 1 },
      ],
    });
  });
  afterAll(() => store.close());

  it('is 3 reopened of 4 resolved incidents with a count', async () => {
    // n = R1, R2, R3, R7 = 4; reopened = R1, R3, R7 = 3 → 0.75
    expect(await metric(store, 'reopen_rate')).toMatchObject({ value: 0.75, n: 4, reopened: 3 });
  });

  it('anchors on resolved_at: [03-05, ∞) holds R3 and R7', async () => {
    expect(await metric(store, 'reopen_rate', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 1, n: 2, reopened: 2 });
  });

  it('[03-08, ∞) holds R7 alone: 1 of 1', async () => {
    const r = await metric(store, 'reopen_rate', { from: '2024-03-08T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: 1, n: 1, reopened: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when no resolved incident carries reopen information', async () => {
    const r = await metric(store, 'reopen_rate', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no resolved incident in the period carries reopen information' });
  });

  it('counts a reopen time where the export has no count (one rule with findings and assess)', async () => {
    const only = await storeWith({
      ticket: [
        // a Remedy-like export: a re-opened date, no count
        { source_id: 'T1', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reopened_at: '2024-03-03 10:00:00', reopen_count: null },
        { source_id: 'T2', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reopen_count: 0 },
        { source_id: 'T3', kind: 'incident', resolved_at: '2024-03-04 10:00:00', reopen_count: null }, // no information: out
      ],
    });
    try {
      // n = T1, T2 = 2; reopened = T1 → 0.5 (before: T1 was left out, giving 0 of 1)
      expect(await metric(only, 'reopen_rate')).toMatchObject({ value: 0.5, n: 2, reopened: 1 });
    } finally {
      only.close();
    }
  });
});
