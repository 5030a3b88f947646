import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/time_on_hold.sql (table ticket_hold, src/metrics/prepare.ts): per resolved incident with an event
// history, the time between opened and resolved in a pending state; the status after each update holds until
// the next update.
const ev = (key: string, seq: number, at: string, status: string) => ({ record_key: `t:${key}`, event_type: 'update', seq, event_time: at, status });

describe('time_on_hold.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'H1', kind: 'incident', opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 14:00:00' }, // pending 09–11 = 2 h
        { source_id: 'H2', kind: 'incident', opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 10:00:00' }, // never pending: 0 h
        // pending from 07:00 (before it was opened: clipped to 08:00) to 09:00, and 11:00 → past the resolve at 12:00 (clipped): 1 + 1 = 2 h
        { source_id: 'H3', kind: 'incident', opened_at: '2024-03-05 08:00:00', resolved_at: '2024-03-05 12:00:00' },
        { source_id: 'H4', kind: 'incident', opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 12:00:00' }, // no history: out
        { source_id: 'H6', kind: 'incident', opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 09:00:00' }, // pending 08:30–09:00: 0.5 h
        { source_id: 'H5', kind: 'service_request', opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 12:00:00' }, // a request
      ],
      ticket_event: [
        ev('H1', 0, '2024-03-04 08:00:00', 'new'), ev('H1', 1, '2024-03-04 09:00:00', 'pending'), ev('H1', 2, '2024-03-04 11:00:00', 'in_progress'),
        ev('H1', 3, '2024-03-04 14:00:00', 'resolved'),
        ev('H2', 0, '2024-03-04 08:00:00', 'new'), ev('H2', 1, '2024-03-04 10:00:00', 'resolved'),
        ev('H3', 0, '2024-03-05 07:00:00', 'pending'), ev('H3', 1, '2024-03-05 09:00:00', 'in_progress'), ev('H3', 2, '2024-03-05 11:00:00', 'pending'),
        ev('H5', 0, '2024-03-04 08:00:00', 'pending'), ev('H5', 1, '2024-03-04 12:00:00', 'resolved'),
        ev('H6', 0, '2024-03-04 08:00:00', 'new'), ev('H6', 1, '2024-03-04 08:30:00', 'pending'), ev('H6', 2, '2024-03-04 09:00:00', 'resolved'),
      ],
    });
  });
  afterAll(() => store.close());

  it('is 2, 0, 2 and 0.5 hours on hold, pending periods clipped to opened → resolved', async () => {
    // [0, 0.5, 2, 2]: mean 4.5/4 = 1.125, median (0.5 + 2)/2 = 1.25, p90 at 2.7 → 2; share with hold 3/4; total 4.5 h
    const r = await metric(store, 'time_on_hold');
    expect(r).toMatchObject({ unit: 'hours', n: 4, mean: 1.125, median: 1.25, p90: 2, share_with_hold: 0.75, total_hours: 4.5 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on resolved_at: [03-05, ∞) holds H3', async () => {
    const r = await metric(store, 'time_on_hold', { from: '2024-03-05T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 1, mean: 2, share_with_hold: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason without a history in the period', async () => {
    const r = await metric(store, 'time_on_hold', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 0, mean: null, share_with_hold: null, reason: 'no resolved incident in the period has an event history (an audit or event-log export)' });
  });
});
