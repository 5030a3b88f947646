import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/mttr_net_of_hold.sql: resolved_at − opened_at minus the time in a pending state (ticket_hold), calendar
// hours, per resolved incident with an event history.
const ev = (key: string, seq: number, at: string, status: string) => ({ record_key: `t:${key}`, event_type: 'update', seq, event_time: at, status });

describe('mttr_net_of_hold.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'N1', kind: 'incident', opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 14:00:00' }, // 6 h − 2 h = 4 h
        { source_id: 'N2', kind: 'incident', opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 09:00:00' }, // 1 h, no hold
        { source_id: 'N3', kind: 'incident', opened_at: '2024-03-05 08:00:00', resolved_at: '2024-03-05 10:00:00' }, // pending throughout: 0 h
        { source_id: 'N4', kind: 'incident', opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 20:00:00' }, // no history: out
        { source_id: 'R1', kind: 'service_request', opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 20:00:00' }, // a request: out
      ],
      ticket_event: [
        ev('N1', 0, '2024-03-04 08:00:00', 'new'), ev('N1', 1, '2024-03-04 09:00:00', 'pending'), ev('N1', 2, '2024-03-04 11:00:00', 'in_progress'),
        ev('N2', 0, '2024-03-04 08:00:00', 'new'),
        ev('N3', 0, '2024-03-05 08:00:00', 'pending'), ev('N3', 1, '2024-03-05 10:00:00', 'resolved'),
        ev('R1', 0, '2024-03-04 08:00:00', 'new'),
      ],
    });
  });
  afterAll(() => store.close());

  it('is 4, 1 and 0 hours net of hold', async () => {
    // [0, 1, 4]: mean 5/3 = 1.666667, median 1, p90 at 1.8 → 1 + 0.8·3 = 3.4
    const r = await metric(store, 'mttr_net_of_hold');
    expect(r).toMatchObject({ basis: 'calendar, hold excluded', n: 3, mean: 1.666667, median: 1, p90: 3.4 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on resolved_at: [03-05, ∞) holds N3 (0 h)', async () => {
    expect(await metric(store, 'mttr_net_of_hold', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ n: 1, mean: 0 });
  });

  it('is null with a reason without a history in the period', async () => {
    const r = await metric(store, 'mttr_net_of_hold', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 0, mean: null, reason: 'no resolved incident in the period has an event history (an audit or event-log export)' });
  });
});
