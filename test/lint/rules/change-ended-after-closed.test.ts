import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/change-ended-after-closed.sql: actual end or start more than one day (24 h) after the close time.
describe('change-ended-after-closed.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        // closed 2014-03-21 10:00; ended 2021-03-21 00:01 (the HPSM typo): 7 years after, flagged
        { source_id: 'C1', actual_start: '2014-03-20 08:00:00', actual_end: '2021-03-21 00:01:00', closed_at: '2014-03-21 10:00:00' },
        // started 1 day and 1 s after the close (no end): flagged
        { source_id: 'C2', actual_start: '2014-03-22 10:00:01', closed_at: '2014-03-21 10:00:00' },
        // ended exactly 1 day after the close: not more than a day, fine
        { source_id: 'C3', actual_start: '2014-03-21 08:00:00', actual_end: '2014-03-22 10:00:00', closed_at: '2014-03-21 10:00:00' },
        // ended before the close: fine
        { source_id: 'C4', actual_start: '2014-03-20 08:00:00', actual_end: '2014-03-20 09:00:00', closed_at: '2014-03-21 10:00:00' },
        // not closed: nothing to compare
        { source_id: 'C5', actual_start: '2014-03-20 08:00:00', actual_end: '2021-03-20 09:00:00' },
        // no actual times
        { source_id: 'C6', closed_at: '2014-03-21 10:00:00' },
      ],
    });
  });
  afterAll(() => store.close());

  it('flags C1 (end 7 years after) and C2 (start 1 day 1 s after) of 6 changes', async () => {
    expect(await lintRule(store, 'change-ended-after-closed')).toEqual({ applicable: true, count: 2, population: 6, ids: ['C1', 'C2'] });
  });
});
