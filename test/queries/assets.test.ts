import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/assets.sql: assets as loaded, by canonical status (a snapshot: no period).
describe('assets.sql', () => {
  let store: Store;
  beforeAll(async () => {
    const statuses = ['in_use', 'in_use', 'in_stock', 'on_order', 'in_maintenance', 'retired', 'disposed', 'missing', 'other', null];
    store = await storeWith({ asset: statuses.map((status, i) => ({ source_id: `A${i}`, status })) });
  });
  afterAll(() => store.close());

  it('counts 10 assets, each status once and in_use twice, the one without a status as unknown', async () => {
    expect(await metric(store, 'assets', { from: '2030-01-01T00:00:00Z', to: null })).toMatchObject({
      value: 10, n: 10, in_use: 2, in_stock: 1, on_order: 1, in_maintenance: 1, retired: 1, disposed: 1, missing: 1, other: 1, unknown: 1,
    });
  });

  it('counts a single asset as 1', async () => {
    const one = await storeWith({ asset: [{ source_id: 'A', status: 'in_use' }] });
    const r = await metric(one, 'assets');
    expect(r).toMatchObject({ value: 1, n: 1, in_use: 1 });
    expect(r.reason).toBeUndefined();
    one.close();
  });

  it('is null with a reason without assets', async () => {
    const empty = await storeWith({});
    expect(await metric(empty, 'assets')).toMatchObject({ value: null, n: 0, reason: 'no asset export is loaded' });
    empty.close();
  });
});
