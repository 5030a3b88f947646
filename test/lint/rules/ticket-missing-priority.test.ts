import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-missing-priority.sql: incidents and requests without a priority (needs priority_raw somewhere).
describe('ticket-missing-priority.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', kind: 'incident', priority: null, priority_raw: 'urgentish' }, // flagged
        { source_id: 'T2', kind: 'service_request', priority: null }, // flagged
        { source_id: 'T3', kind: 'incident', priority: 2, priority_raw: '2 - High' },
        { source_id: 'T4', kind: 'interaction', priority: null }, // not in scope
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 and T2 of the 3 incidents and requests', async () => {
    expect(await lintRule(store, 'ticket-missing-priority')).toEqual({ applicable: true, count: 2, population: 3, ids: ['T1', 'T2'] });
  });
});
