import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/asset-without-owner.sql: in-use assets with neither an owner nor an assignee; population = in-use assets.
describe('asset-without-owner.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      asset: [
        { source_id: 'A1', status: 'in_use' }, // neither: flagged
        { source_id: 'A2', status: 'in_use', owner: 'Anna' },
        { source_id: 'A3', status: 'in_use', assigned_to: 'Bob' },
        { source_id: 'A4', status: 'in_stock' }, // not in use
      ],
    });
  });
  afterAll(() => store.close());

  it('flags A1 of the 3 in-use assets', async () => {
    expect(await lintRule(store, 'asset-without-owner')).toEqual({ applicable: true, count: 1, population: 3, ids: ['A1'] });
  });
});
