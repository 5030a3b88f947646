import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/fcr_first_group.sql: resolved incidents with an event history whose group at resolution is the first
// group (the first group_change's old value, else its new value; no group change = one group throughout).
const upd = (key: string) => ({ record_key: `t:${key}`, event_type: 'update', seq: 0, event_time: '2024-03-04 08:00:00', status: 'new' });
const move = (key: string, seq: number, from: string | null, to: string) => ({
  record_key: `t:${key}`, event_type: 'group_change', seq, event_time: `2024-03-04 0${8 + seq}:00:00`, old_value: from, new_value: to,
});

describe('fcr_first_group.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'G1', kind: 'incident', assignment_group: 'A', resolved_at: '2024-03-04 12:00:00' }, // no group change: first
        { source_id: 'G2', kind: 'incident', assignment_group: 'B', resolved_at: '2024-03-04 12:00:00' }, // A → B: not first
        { source_id: 'G3', kind: 'incident', assignment_group: 'A', resolved_at: '2024-03-05 12:00:00' }, // (none) → A → B → A: first = A
        { source_id: 'G4', kind: 'incident', assignment_group: 'B', resolved_at: '2024-03-04 12:00:00' }, // no history: out
        { source_id: 'G5', kind: 'incident', assignment_group: 'A' }, // not resolved: out
        { source_id: 'G6', kind: 'service_request', assignment_group: 'A', resolved_at: '2024-03-04 12:00:00' }, // a request: out
      ],
      ticket_event: [
        upd('G1'),
        upd('G2'), move('G2', 1, 'A', 'B'),
        upd('G3'), move('G3', 1, null, 'A'), move('G3', 2, 'A', 'B'), move('G3', 3, 'B', 'A'),
        move('G4', 1, 'A', 'B'), // a group change but no update event: no history as the query defines it
        upd('G5'),
        upd('G6'),
      ],
    });
  });
  afterAll(() => store.close());

  it('is 2 of 3: G1 without a group change and G3 back in its first group; G2 moved', async () => {
    // n = G1, G2, G3 = 3; resolved_first = G1, G3 = 2 → 2/3 = 0.666667 (rounded to 6 places)
    expect(await metric(store, 'fcr_first_group')).toMatchObject({ value: 0.666667, n: 3, resolved_first: 2 });
  });

  it('anchors on resolved_at: [03-05, ∞) holds G3 only', async () => {
    expect(await metric(store, 'fcr_first_group', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 1, n: 1 });
  });

  it('is null with a reason when no resolved incident has a history', async () => {
    const r = await metric(store, 'fcr_first_group', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no resolved incident in the period has an event history (an audit or event-log export)' });
  });
});
