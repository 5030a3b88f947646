import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/volume.sql: tickets opened in the period, by kind (unknown or other kinds in `other`).
describe('volume.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'V1', kind: 'incident', opened_at: '2024-03-04 10:00:00' },
        { source_id: 'V2', kind: 'incident', opened_at: '2024-03-05 10:00:00' },
        { source_id: 'V3', kind: 'service_request', opened_at: '2024-03-04 10:00:00' },
        { source_id: 'V4', kind: 'interaction', opened_at: '2024-03-05 10:00:00' },
        { source_id: 'V5', kind: 'other', opened_at: '2024-03-05 10:00:00' },
        { source_id: 'V6', kind: null, opened_at: '2024-03-05 10:00:00' }, // no kind: other
      ],
    });
  });
  afterAll(() => store.close());

  it('counts 6 tickets: 2 incidents, 1 request, 1 interaction, 2 other', async () => {
    expect(await metric(store, 'volume')).toMatchObject({ value: 6, n: 6, incidents: 2, service_requests: 1, interactions: 1, other: 2 });
  });

  it('anchors on opened_at: [03-05, ∞) holds V2, V4, V5, V6', async () => {
    expect(await metric(store, 'volume', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 4, incidents: 1, service_requests: 0, interactions: 1, other: 2 });
  });

  it('counts a single ticket as 1', async () => {
    const one = await storeWith({ ticket: [{ source_id: 'X', kind: 'incident', opened_at: '2024-03-04 10:00:00' }] });
    const r = await metric(one, 'volume');
    expect(r).toMatchObject({ value: 1, n: 1, incidents: 1 });
    expect(r.reason).toBeUndefined();
    one.close();
  });

  it('is null with a reason when nothing was opened in the period', async () => {
    expect(await metric(store, 'volume', { from: '2025-01-01T00:00:00Z', to: null })).toMatchObject({ value: null, n: 0, reason: 'no ticket was opened in the period' });
  });
});
