import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-closed-before-resolved.sql: closed_at < resolved_at (equal is fine).
describe('ticket-closed-before-resolved.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', resolved_at: '2024-03-04 10:00:00', closed_at: '2024-03-04 09:59:59' }, // flagged
        { source_id: 'T2', resolved_at: '2024-03-04 10:00:00', closed_at: '2024-03-04 10:00:00' }, // equal
        { source_id: 'T3', resolved_at: null, closed_at: '2024-03-04 10:00:00' }, // closed without a resolve
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 of 3', async () => {
    expect(await lintRule(store, 'ticket-closed-before-resolved')).toEqual({ applicable: true, count: 1, population: 3, ids: ['T1'] });
  });
});
