import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-unknown-ci.sql: a ticket's CI matches none of the assets' name, CI name, id or tag
// (case-insensitive).
describe('ticket-unknown-ci.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      // the second asset has no tag and no CI name: its NULLs must not make every CI 'unknown' or none
      asset: [{ source_id: 'A-1', name: 'srv01', ci_name: 'db-prod', asset_tag: 'TAG9' }, { source_id: 'A-2', name: 'laptop7' }],
      ticket: [
        { source_id: 'T1', ci_name: 'SRV01' }, // by name, other case
        { source_id: 'T2', ci_name: 'db-prod' }, // by CI name
        { source_id: 'T3', ci_name: 'a-1' }, // by id
        { source_id: 'T4', ci_name: 'tag9' }, // by tag
        { source_id: 'T5', ci_name: 'srv02' }, // unknown: flagged
        { source_id: 'T6', ci_name: null }, // out of scope
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T5 of the 5 tickets with a CI', async () => {
    expect(await lintRule(store, 'ticket-unknown-ci')).toEqual({ applicable: true, count: 1, population: 5, ids: ['T5'] });
  });
});
