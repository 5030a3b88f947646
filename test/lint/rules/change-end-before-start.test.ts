import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/change-end-before-start.sql: actual or planned end before its start (equal is fine).
describe('change-end-before-start.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        { source_id: 'C1', actual_start: '2024-03-04 10:00:00', actual_end: '2024-03-04 09:59:59' }, // flagged
        { source_id: 'C2', planned_start: '2024-03-04 10:00:00', planned_end: '2024-03-04 09:00:00' }, // flagged
        { source_id: 'C3', actual_start: '2024-03-04 10:00:00', actual_end: '2024-03-04 10:00:00' }, // equal: fine
        { source_id: 'C4', actual_start: '2024-03-04 10:00:00', actual_end: null }, // no end
        { source_id: 'C5', planned_start: '2024-03-04 10:00:00', planned_end: '2024-03-04 10:00:00' }, // planned equal: fine
      ],
    });
  });
  afterAll(() => store.close());

  it('flags C1 (actual) and C2 (planned) of 5 changes', async () => {
    expect(await lintRule(store, 'change-end-before-start')).toEqual({ applicable: true, count: 2, population: 5, ids: ['C1', 'C2'] });
  });
});
