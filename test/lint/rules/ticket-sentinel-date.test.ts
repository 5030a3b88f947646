import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-sentinel-date.sql: a time whose export text is there but loaded as NULL (a sentinel such as
// 1900-01-01 or 9999-12-31), in any of the seven timestamp fields.
const FIELDS = ['opened_at', 'first_response_at', 'resolved_at', 'closed_at', 'reopened_at', 'updated_at', 'due_at'];

describe('ticket-sentinel-date.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        ...FIELDS.map((f, i) => ({ source_id: `S${i}`, [f]: null, [`${f}_raw`]: '01/01/1900' })), // one per field: flagged
        { source_id: 'T1', opened_at: '2024-03-04 10:00:00', opened_at_raw: '2024-03-04 10:00' }, // loaded
        { source_id: 'T2', opened_at: null, opened_at_raw: null }, // empty in the export
      ],
    });
  });
  afterAll(() => store.close());

  it('flags the 7 tickets with a sentinel, one per field, of 9', async () => {
    expect(await lintRule(store, 'ticket-sentinel-date')).toEqual({ applicable: true, count: 7, population: 9, ids: FIELDS.map((_, i) => `S${i}`) });
  });
});
