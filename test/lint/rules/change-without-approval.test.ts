import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/change-without-approval.sql: normal changes past authorisation whose approval is not 'approved'.
describe('change-without-approval.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        { source_id: 'C1', change_type: 'normal', status: 'closed', approval: 'rejected' }, // flagged
        { source_id: 'C2', change_type: 'normal', status: 'review', approval: null }, // flagged
        { source_id: 'C3', change_type: 'normal', status: 'implement', approval: 'approved' },
        { source_id: 'C4', change_type: 'normal', status: 'authorize', approval: 'requested' }, // not past authorisation
        { source_id: 'C5', change_type: 'standard', status: 'closed', approval: 'not_requested' }, // standard: pre-approved
      ],
    });
  });
  afterAll(() => store.close());

  it('flags C1 and C2 of the 3 normal changes past authorisation', async () => {
    expect(await lintRule(store, 'change-without-approval')).toEqual({ applicable: true, count: 2, population: 3, ids: ['C1', 'C2'] });
  });
});
