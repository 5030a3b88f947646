import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/change-emergency-without-review.sql: emergency changes (type or flag) past authorisation
// (implement, review, closed) whose approval is not 'approved'.
describe('change-emergency-without-review.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        { source_id: 'C1', change_type: 'emergency', status: 'closed', approval: 'requested' }, // flagged
        { source_id: 'C2', change_type: 'normal', emergency: true, status: 'implement', approval: null }, // flag, no approval: flagged
        { source_id: 'C3', change_type: 'emergency', status: 'review', approval: 'approved' }, // approved
        { source_id: 'C4', change_type: 'emergency', status: 'scheduled', approval: 'rejected' }, // not past authorisation
        { source_id: 'C5', change_type: 'normal', emergency: false, status: 'closed', approval: 'rejected' }, // not an emergency
      ],
    });
  });
  afterAll(() => store.close());

  it('flags C1 and C2 of the 3 emergency changes past authorisation', async () => {
    expect(await lintRule(store, 'change-emergency-without-review')).toEqual({ applicable: true, count: 2, population: 3, ids: ['C1', 'C2'] });
  });

  it('does not apply without approval data', async () => {
    const s = await storeWith({ change: [{ source_id: 'X', change_type: 'emergency', status: 'closed' }] });
    expect(await lintRule(s, 'change-emergency-without-review')).toMatchObject({ applicable: false, count: null });
    s.close();
  });
});
