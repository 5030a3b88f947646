import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-date-only.sql: an opened or resolved time whose export text has no time of day (no ':' and
// not an epoch number of 9+ digits).
describe('ticket-date-only.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', opened_at: '2024-03-04 00:00:00', opened_at_raw: '2024-03-04' }, // date only: flagged
        { source_id: 'T2', opened_at: '2024-03-04 10:00:00', opened_at_raw: '2024-03-04 10:00' },
        { source_id: 'T3', opened_at: '2024-03-04 10:00:00', opened_at_raw: '1709546400' }, // epoch seconds (10 digits)
        { source_id: 'T4', opened_at: '2024-03-04 10:00:00', opened_at_raw: '2024-03-04 10:00', resolved_at: '2024-03-05 00:00:00', resolved_at_raw: '05/03/2024' }, // resolved date only
        { source_id: 'T5', opened_at: '1970-01-02 03:46:40', opened_at_raw: '100000000' }, // 9 digits: an epoch
        { source_id: 'T6', opened_at: '1970-01-01 00:00:00', opened_at_raw: '12345678' }, // 8 digits: not an epoch we accept: flagged
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1, T4 and T6 of 6', async () => {
    expect(await lintRule(store, 'ticket-date-only')).toEqual({ applicable: true, count: 3, population: 6, ids: ['T1', 'T4', 'T6'] });
  });
});
