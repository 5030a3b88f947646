import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-missing-category.sql: incidents and requests whose category is missing or blank.
describe('ticket-missing-category.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', kind: 'incident', category: null }, // flagged
        { source_id: 'T2', kind: 'service_request', category: '  ' }, // blank: flagged
        { source_id: 'T3', kind: 'incident', category: 'Network' },
        { source_id: 'T4', kind: 'interaction', category: null }, // not in scope
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 and T2 of the 3 incidents and requests', async () => {
    expect(await lintRule(store, 'ticket-missing-category')).toEqual({ applicable: true, count: 2, population: 3, ids: ['T1', 'T2'] });
  });
});
