import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-future-date.sql: any of opened, resolved, closed, updated, first response more than one day
// after now (the clock of the run).
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const DAY = 86_400_000;

describe('ticket-future-date.sql', () => {
  let store: Store;
  beforeAll(async () => {
    const now = Date.now();
    store = await storeWith({
      ticket: [
        { source_id: 'T1', opened_at: iso(now + 2 * DAY) }, // two days ahead: flagged
        { source_id: 'T2', opened_at: iso(now - DAY), first_response_at: iso(now + 3 * DAY) }, // its response ahead: flagged
        { source_id: 'T3', opened_at: iso(now - DAY), updated_at: iso(now + DAY - 60_000) }, // within a day: fine
        { source_id: 'T4', opened_at: iso(now - 10 * DAY), resolved_at: iso(now - 9 * DAY) },
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 and T2 of 4', async () => {
    expect(await lintRule(store, 'ticket-future-date')).toEqual({ applicable: true, count: 2, population: 4, ids: ['T1', 'T2'] });
  });
});
