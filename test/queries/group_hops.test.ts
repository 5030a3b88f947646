import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/group_hops.sql: per resolved incident with an event history, hops = distinct groups it was ever in − 1
// (group_change events plus its current group); ping_pong = returns to the group held two steps before.
const upd = (key: string) => ({ record_key: `t:${key}`, event_type: 'update', seq: 0, event_time: '2024-03-04 07:00:00', status: 'new' });
const move = (key: string, seq: number, from: string | null, to: string | null) => ({ // seq 1 at 08:00, 2 at 09:00 …
  record_key: `t:${key}`, event_type: 'group_change', seq, event_time: `2024-03-04 ${String(7 + seq).padStart(2, '0')}:00:00`, old_value: from, new_value: to,
});

describe('group_hops.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'H0', kind: 'incident', assignment_group: 'A', resolved_at: '2024-03-04 12:00:00' }, // history, no change: 0 hops
        { source_id: 'H1', kind: 'incident', assignment_group: 'B', resolved_at: '2024-03-04 12:00:00' }, // A → B: 1 hop
        { source_id: 'H2', kind: 'incident', assignment_group: 'A', resolved_at: '2024-03-05 12:00:00' }, // A → B → A → B → A: 1 hop, 3 returns
        { source_id: 'H3', kind: 'incident', assignment_group: 'C', resolved_at: '2024-03-05 12:00:00' }, // (none) → A → B → C: 2 hops, no return
        { source_id: 'H4', kind: 'incident', assignment_group: 'Z', resolved_at: '2024-03-04 12:00:00' }, // no history: out
        { source_id: 'H5', kind: 'incident', assignment_group: 'A' }, // not resolved: out
        { source_id: 'H7', kind: 'incident', assignment_group: 'A', resolved_at: '2024-03-04 12:00:00' }, // A → B → A: 1 hop, 1 return
        { source_id: 'H8', kind: 'incident', assignment_group: 'A', resolved_at: '2024-03-04 12:00:00' }, // A → (cleared) → A: 0 hops, no return
        { source_id: 'R1', kind: 'service_request', assignment_group: 'B', resolved_at: '2024-03-04 12:00:00' }, // a request: out
      ],
      ticket_event: [
        upd('H0'),
        upd('H1'), move('H1', 1, 'A', 'B'),
        upd('H2'), move('H2', 1, 'A', 'B'), move('H2', 2, 'B', 'A'), move('H2', 3, 'A', 'B'), move('H2', 4, 'B', 'A'),
        upd('H3'), move('H3', 1, null, 'A'), move('H3', 2, 'A', 'B'), move('H3', 3, 'B', 'C'),
        upd('H5'), move('H5', 1, 'A', 'B'),
        upd('H7'), move('H7', 1, 'A', 'B'), move('H7', 2, 'B', 'A'),
        upd('H8'), move('H8', 1, 'A', null), move('H8', 2, null, 'A'),
        upd('R1'), move('R1', 1, 'A', 'B'),
      ],
    });
  });
  afterAll(() => store.close());

  it('counts 0, 1, 1, 2, 1 and 0 hops and the returns of H2 (3) and H7 (1)', async () => {
    // hops H0 0, H1 1, H2 1, H3 2, H7 1, H8 0 (a cleared group is no group): mean 5/6 = 0.833333; hopped 4; max 2;
    // H2 path A, B, A, B, A: returns at the 3rd, 4th, 5th step = 3; H7 A, B, A: 1 → ping_pong 4 in 2 incidents
    const r = await metric(store, 'group_hops');
    expect(r).toMatchObject({ value: 0.833333, n: 6, hopped: 4, max_hops: 2, ping_pong: 4, ping_pong_incidents: 2 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on resolved_at: [03-05, ∞) holds H2 and H3', async () => {
    expect(await metric(store, 'group_hops', { from: '2024-03-05T00:00:00Z', to: null })).toMatchObject({ value: 1.5, n: 2, hopped: 2, ping_pong: 3 });
  });

  it('a single incident: A → B is one hop', async () => {
    const one = await storeWith({
      ticket: [{ source_id: 'S', kind: 'incident', assignment_group: 'B', resolved_at: '2024-03-04 12:00:00' }],
      ticket_event: [upd('S'), move('S', 1, 'A', 'B')],
    });
    const r = await metric(one, 'group_hops');
    expect(r).toMatchObject({ value: 1, n: 1, hopped: 1, ping_pong: 0, ping_pong_incidents: 0 });
    expect(r.reason).toBeUndefined();
    one.close();
  });

  it('is null with a reason without a history in the period', async () => {
    const r = await metric(store, 'group_hops', { from: '2025-01-01T00:00:00Z', to: null });
    expect(r).toMatchObject({ value: null, n: 0, ping_pong: 0 });
    expect(r.reason).toMatch(/^no resolved incident in the period has an event history/);
  });
});
