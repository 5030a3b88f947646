import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/sla_attainment.sql: incidents whose export flags the SLA as met / incidents with a flag, opened in the period.
describe('sla_attainment.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'S1', kind: 'incident', opened_at: '2024-03-04 10:00:00', sla_met: true },
        { source_id: 'S2', kind: 'incident', opened_at: '2024-03-04 10:00:00', sla_met: true },
        { source_id: 'S3', kind: 'incident', opened_at: '2024-03-05 10:00:00', sla_met: false },
        { source_id: 'S4', kind: 'incident', opened_at: '2024-03-05 10:00:00', sla_met: null }, // no flag: out
        { source_id: 'S5', kind: 'service_request', opened_at: '2024-03-05 10:00:00', sla_met: false }, // a request: out
      ],
    });
  });
  afterAll(() => store.close());

  it('is 2 met of 3 flagged incidents', async () => {
    expect(await metric(store, 'sla_attainment')).toMatchObject({ value: 0.666667, n: 3, met: 2, source: 'export' });
  });

  it('anchors on opened_at: [03-05, ∞) holds S3 (not met)', async () => {
    expect(await metric(store, 'sla_attainment', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 0, n: 1, met: 0 });
  });

  it('is null with a reason without a flag in the period', async () => {
    const r = await metric(store, 'sla_attainment', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no incident in the period carries an SLA flag in the export' });
  });
});
