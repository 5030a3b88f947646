import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-missing-group.sql: resolved or closed incidents and requests without an assignment group.
describe('ticket-missing-group.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', kind: 'incident', resolved_at: '2024-03-04 10:00:00', assignment_group: null }, // flagged
        { source_id: 'T2', kind: 'service_request', closed_at: '2024-03-04 10:00:00', assignment_group: '' }, // blank: flagged
        { source_id: 'T3', kind: 'incident', resolved_at: '2024-03-04 10:00:00', assignment_group: 'Desk' },
        { source_id: 'T4', kind: 'incident', assignment_group: null }, // open: not in scope
        { source_id: 'T5', kind: 'interaction', closed_at: '2024-03-04 10:00:00', assignment_group: null }, // not in scope
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 and T2 of the 3 ended incidents and requests', async () => {
    expect(await lintRule(store, 'ticket-missing-group')).toEqual({ applicable: true, count: 2, population: 3, ids: ['T1', 'T2'] });
  });
});
