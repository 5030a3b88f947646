import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-reopened-after-closed.sql: a reopen time after the close, or before the open.
describe('ticket-reopened-after-closed.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-04 10:00:00', reopened_at: '2024-03-04 10:00:01' }, // flagged
        { source_id: 'T2', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-04 10:00:00', reopened_at: '2024-03-04 10:00:00' }, // equal: fine
        { source_id: 'T3', opened_at: '2024-03-01 00:00:00', reopened_at: '2024-02-29 23:59:59' }, // before the open: flagged
        { source_id: 'T4', opened_at: '2024-03-01 00:00:00', reopened_at: '2024-03-01 00:00:00' }, // at the open: fine
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 and T3 of 4', async () => {
    expect(await lintRule(store, 'ticket-reopened-after-closed')).toEqual({ applicable: true, count: 2, population: 4, ids: ['T1', 'T3'] });
  });
});
