import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/warranty_expiring.sql: in-use assets with period-end date ≤ warranty_end < that date + 90 days;
// expired_in_use = in-use assets whose warranty ended before the period-end date. Period end: 2024-06-01.
const PERIOD = { from: '2024-05-01T00:00:00Z', to: '2024-06-01T00:00:00Z' };

describe('warranty_expiring.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      asset: [
        { source_id: 'W1', status: 'in_use', warranty_end: '2024-06-01' }, // the period-end date itself: expiring
        { source_id: 'W2', status: 'in_use', warranty_end: '2024-08-29' }, // 2024-06-01 + 89 days: expiring
        { source_id: 'W3', status: 'in_use', warranty_end: '2024-08-30' }, // + 90 days: not (the window is half-open)
        { source_id: 'W4', status: 'in_use', warranty_end: '2024-05-31' }, // the day before: expired
        { source_id: 'W5', status: 'in_use', warranty_end: null }, // no date
        { source_id: 'W6', status: 'in_stock', warranty_end: '2024-06-10' }, // not in use: out
      ],
    });
  });
  afterAll(() => store.close());

  it('counts the period-end date and +89 days as expiring, +90 days not, the day before as expired', async () => {
    // 2024-06-01 + 90 days = 2024-08-30 (June 30, July 31, August 29 → 30 + 31 + 29 = 90)
    expect(await metric(store, 'warranty_expiring', PERIOD)).toMatchObject({ value: 2, n: 4, expiring_90d: 2, expired_in_use: 1, no_warranty_date: 1 });
  });

  it('a single in-use asset expiring on the period-end date is 1', async () => {
    const one = await storeWith({ asset: [{ source_id: 'X', status: 'in_use', warranty_end: '2024-06-01' }] });
    const r = await metric(one, 'warranty_expiring', PERIOD);
    expect(r).toMatchObject({ value: 1, n: 1, expiring_90d: 1 });
    expect(r.reason).toBeUndefined();
    one.close();
  });

  it('is null with a reason without in-use assets, or without dates', async () => {
    const none = await storeWith({ asset: [{ source_id: 'X', status: 'retired', warranty_end: '2024-06-10' }] });
    expect(await metric(none, 'warranty_expiring', PERIOD)).toMatchObject({ value: null, n: 0, reason: 'no asset in use is loaded' });
    none.close();
    const undated = await storeWith({ asset: [{ source_id: 'Y', status: 'in_use' }] });
    expect(await metric(undated, 'warranty_expiring', PERIOD)).toMatchObject({ value: null, n: 0, no_warranty_date: 1, reason: 'no asset in use carries a warranty end date' });
    undated.close();
  });
});
