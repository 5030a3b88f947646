import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-open-too-long.sql: neither resolved nor closed (nor cancelled), opened more than
// max_open_days (180) before the latest time in the data. Latest here: 2024-07-01 00:00 (T5's update);
// 180 days before: 2024-01-03 00:00 (2024 is a leap year: Jan 3 → Jul 1 = 29 + 29 + 31 + 30 + 31 + 30 = 180).
describe('ticket-open-too-long.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', opened_at: '2024-01-02 23:59:59' }, // 180 days + 1 s: flagged
        { source_id: 'T2', opened_at: '2024-01-03 00:00:00' }, // exactly 180 days: not (more than)
        { source_id: 'T3', opened_at: '2023-01-01 00:00:00', status: 'cancelled' }, // cancelled
        { source_id: 'T4', opened_at: '2023-01-01 00:00:00', closed_at: '2023-02-01 00:00:00' }, // closed
        { source_id: 'T6', opened_at: '2023-01-01 00:00:00', resolved_at: '2023-02-01 00:00:00' }, // resolved, never closed
        { source_id: 'T5', opened_at: '2024-06-01 00:00:00', updated_at: '2024-07-01 00:00:00' },
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 of the 4 tickets neither resolved nor closed', async () => {
    expect(await lintRule(store, 'ticket-open-too-long')).toEqual({ applicable: true, count: 1, population: 4, ids: ['T1'] });
  });

  it('with max_open_days 179 also flags T2', async () => {
    expect((await lintRule(store, 'ticket-open-too-long', { max_open_days: 179 })).ids).toEqual(['T1', 'T2']);
  });
});
