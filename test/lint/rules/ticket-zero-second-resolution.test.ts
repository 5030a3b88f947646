import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-zero-second-resolution.sql: resolved within max_seconds (0) of being opened, negative ones not.
describe('ticket-zero-second-resolution.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', opened_at: '2024-03-04 10:00:00', resolved_at: '2024-03-04 10:00:00' }, // 0 s: flagged
        { source_id: 'T2', opened_at: '2024-03-04 10:00:00', resolved_at: '2024-03-04 10:00:01' }, // 1 s
        { source_id: 'T3', opened_at: '2024-03-04 10:00:00', resolved_at: '2024-03-04 09:59:59' }, // negative: another rule
        { source_id: 'T4', opened_at: '2024-03-04 10:00:00' }, // open: out of scope
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 of the 3 resolved tickets', async () => {
    expect(await lintRule(store, 'ticket-zero-second-resolution')).toEqual({ applicable: true, count: 1, population: 3, ids: ['T1'] });
  });

  it('with max_seconds 1 also flags T2', async () => {
    expect((await lintRule(store, 'ticket-zero-second-resolution', { max_seconds: 1 })).ids).toEqual(['T1', 'T2']);
  });
});
