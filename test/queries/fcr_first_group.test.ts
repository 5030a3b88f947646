import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/fcr_first_group.sql: resolved incidents with an event history whose group at resolution is the first
// group (the first group_change's old value, else its new value; no group change = one group throughout).
// an update event carries the field it changed, as exports do (here the state): it is not a group change
const upd = (key: string) => ({
  record_key: `t:${key}`, event_type: 'update', seq: 0, event_time: '2024-03-04 07:00:00', status: 'new', field: 'incident_state', old_value: null, new_value: 'New',
});
const move = (key: string, seq: number | null, from: string | null, to: string, at = `2024-03-04 0${8 + (seq ?? 0)}:00:00`) => ({
  record_key: `t:${key}`, event_type: 'group_change', seq, event_time: at, old_value: from, new_value: to,
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
        { source_id: 'G7', kind: 'incident', assignment_group: 'A', resolved_at: '2024-03-04 12:00:00' }, // (none) → A: first = A
        { source_id: 'G9', kind: 'incident', assignment_group: 'C', resolved_at: '2024-03-04 12:00:00' }, // history, no group change: first
        // X → Y (no sequence number, 10:00), Y → Z (seq 0, 09:00), back in X: an event without a sequence number comes
        // first (seq NULL sorts as −1), so the first group is X
        { source_id: 'G10', kind: 'incident', assignment_group: 'X', resolved_at: '2024-03-04 12:00:00' },
      ],
      ticket_event: [
        upd('G1'),
        upd('G2'), move('G2', 1, 'A', 'B'),
        upd('G3'), move('G3', 1, null, 'A'), move('G3', 2, 'A', 'B'), move('G3', 3, 'B', 'A'),
        move('G4', 1, 'A', 'B'), // a group change but no update event: no history as the query defines it
        upd('G5'),
        upd('G6'),
        upd('G7'), move('G7', 1, null, 'A'),
        upd('G9'),
        upd('G10'), move('G10', null, 'X', 'Y', '2024-03-04 10:00:00'), move('G10', 0, 'Y', 'Z', '2024-03-04 09:00:00'),
      ],
    });
  });
  afterAll(() => store.close());

  it('is 5 of 6: G1 and G9 without a group change, G3, G7 and G10 in their first group; G2 moved', async () => {
    // n = G1, G2, G3, G7, G9, G10 = 6; resolved_first = G1, G3, G7, G9, G10 = 5 → 5/6 = 0.833333 (rounded to 6 places)
    expect(await metric(store, 'fcr_first_group')).toMatchObject({ value: 0.833333, n: 6, resolved_first: 5 });
  });

  it('anchors on resolved_at: [03-05, ∞) holds G3 only', async () => {
    expect(await metric(store, 'fcr_first_group', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 1, n: 1 });
  });

  it('is null with a reason when no resolved incident has a history', async () => {
    const r = await metric(store, 'fcr_first_group', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no resolved incident in the period has an event history (an audit or event-log export)' });
  });
});
