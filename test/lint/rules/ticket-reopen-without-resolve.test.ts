import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-reopen-without-resolve.sql: reopened (reopen_count > 0) but never resolved or closed, neither
// on the record nor in its event history.
describe('ticket-reopen-without-resolve.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', reopen_count: 1 }, // flagged
        { source_id: 'T2', reopen_count: 1, resolved_at: '2024-03-04 10:00:00' },
        { source_id: 'T3', reopen_count: 2, closed_at: '2024-03-04 10:00:00' },
        { source_id: 'T4', reopen_count: 1 }, // resolved per its history
        { source_id: 'T5', reopen_count: 0 },
        { source_id: 'T6', reopen_count: 1 }, // a history, but never resolved in it: flagged
      ],
      ticket_event: [
        { record_key: 't:T4', event_type: 'update', seq: 1, event_time: '2024-03-04 10:00:00', status: 'resolved' },
        { record_key: 't:T6', event_type: 'update', seq: 1, event_time: '2024-03-04 10:00:00', status: 'in_progress' },
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 and T6 of 6', async () => {
    expect(await lintRule(store, 'ticket-reopen-without-resolve')).toEqual({ applicable: true, count: 2, population: 6, ids: ['T1', 'T6'] });
  });
});
