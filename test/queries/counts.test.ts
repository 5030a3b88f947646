import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { computeKpis } from '../../src/metrics/kpi.js';
import { storeWith } from './harness.js';

// queries/counts.sql: tickets by kind, changes and problems opened in the period; assets as loaded (no period).
describe('counts.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', kind: 'incident', opened_at: '2024-03-04 10:00:00' },
        { source_id: 'T2', kind: 'incident', opened_at: '2024-02-04 10:00:00' }, // February
        { source_id: 'T3', kind: 'service_request', opened_at: '2024-03-04 10:00:00' },
        { source_id: 'T4', kind: 'interaction', opened_at: '2024-03-04 10:00:00' },
        { source_id: 'T5', kind: 'other', opened_at: '2024-03-04 10:00:00' },
        { source_id: 'T6', kind: 'service_request', opened_at: '2024-02-04 10:00:00' }, // February, each kind
        { source_id: 'T7', kind: 'interaction', opened_at: '2024-02-04 10:00:00' },
        { source_id: 'T8', kind: 'other', opened_at: '2024-02-04 10:00:00' },
      ],
      change: [{ source_id: 'C1', opened_at: '2024-03-04 10:00:00' }, { source_id: 'C2', opened_at: '2024-02-04 10:00:00' }],
      problem: [{ source_id: 'P1', opened_at: '2024-03-04 10:00:00' }, { source_id: 'P2', opened_at: '2024-02-04 10:00:00' }],
      asset: [{ source_id: 'A1' }, { source_id: 'A2' }],
    });
  });
  afterAll(() => store.close());

  it('counts March: 1 incident, 1 request, 1 interaction, 1 other, 1 change, 1 problem; 2 assets whatever the period', async () => {
    const k = await computeKpis(store, { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' });
    expect(k.counts).toEqual({ incidents: 1, service_requests: 1, interactions: 1, other: 1, changes: 1, problems: 1, assets: 2 });
  });

  it('counts everything without a period', async () => {
    const k = await computeKpis(store, { from: null, to: null });
    expect(k.counts).toEqual({ incidents: 2, service_requests: 2, interactions: 2, other: 2, changes: 2, problems: 2, assets: 2 });
  });
});
