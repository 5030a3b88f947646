import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { storeWith } from '../../queries/harness.js';
import { reportRows } from './harness.js';

// reports/queries/oldest_open.sql: the ten incidents and requests open longest at the report month's end
// (`to`): opened before it, not resolved or closed before it (the earlier of the two times), and not marked
// resolved/closed/cancelled without a time; oldest first, ties by id; age = whole days from opened to `to`.
// Report month March 2024: to = 2024-04-01 00:00.
describe('oldest_open.sql', () => {
  let store: Store;
  beforeAll(async () => {
    const inc = (source_id: string, opened_at: string, extra: Record<string, string | number | null> = {}) => ({ source_id, kind: 'incident', opened_at, ...extra });
    store = await storeWith({
      ticket: [
        inc('O1', '2024-01-01 00:00:00', { priority: 1, assignment_group: 'G1', title: 'mail down' }), // 31 + 29 + 31 = 91 days
        inc('O3', '2024-04-01 00:00:00'), // opened at the month's end: out
        inc('O4', '2024-02-01 00:00:00', { priority: 3, resolved_at: '2024-04-01 00:00:00' }), // resolved at `to`: open at the end; 29 + 31 = 60
        inc('O5', '2024-02-01 00:00:00', { resolved_at: '2024-03-31 23:59:59' }), // resolved before `to`: out
        inc('O6', '2024-02-01 00:00:00', { status: 'closed' }), // closed without a time: out
        inc('O7', '2024-02-02 00:00:00', { status: 'cancelled' }), // cancelled without a time: out
        inc('O8', '2024-02-03 00:00:00', { status: 'resolved' }), // resolved without a time: out
        inc('O9', '2024-02-04 00:00:00', { status: 'in_progress' }), // 26 (Feb 4 → Mar 1) + 31 = 57
        { source_id: 'O10', kind: 'other', opened_at: '2024-01-05 00:00:00' }, // not an incident or request: out
        inc('O11', '2024-02-05 00:00:00', { closed_at: '2024-03-15 00:00:00' }), // closed before `to`, no resolve time: out
        inc('O12', '2024-02-06 00:00:00', { resolved_at: '2024-05-01 00:00:00', closed_at: '2024-03-20 00:00:00' }), // the earlier, closed: out
        inc('O13', '2024-02-07 00:00:00', { resolved_at: '2024-03-20 00:00:00', closed_at: '2024-05-01 00:00:00' }), // the earlier, resolved: out
        inc('O14', '2024-02-08 00:00:00', { status: 'resolved', resolved_at: '2024-05-01 00:00:00' }), // resolved after `to`: 22 + 31 = 53
        // five opened at the same instant, Mar 10 12:00: 21.5 days → 21; ordered by id
        ...['Z2', 'Z1', 'Z3', 'Z5', 'Z4'].map((id) => inc(id, '2024-03-10 12:00:00')),
        // a request opened a second into the last day: 86 399 s → 0 days; and one at the same instant with a
        // later id: the eleventh, cut by the limit of ten
        { source_id: 'O2', kind: 'service_request', opened_at: '2024-03-31 00:00:01' },
        { source_id: 'P9', kind: 'service_request', opened_at: '2024-03-31 00:00:01' },
      ],
    });
  });
  afterAll(() => store.close());

  it('lists the ten oldest open at the month end with their age in whole days', async () => {
    const rows = await reportRows(store, 'oldest_open.sql', { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' });
    expect(rows.map((r) => [r.ticket, r.priority, Number(r.age_days)])).toEqual([
      ['O1', 'P1', 91],
      ['O4', 'P3', 60],
      ['O9', null, 57],
      ['O14', null, 53],
      ['Z1', null, 21],
      ['Z2', null, 21],
      ['Z3', null, 21],
      ['Z4', null, 21],
      ['Z5', null, 21],
      ['O2', null, 0],
    ]);
    expect(rows[0]).toMatchObject({ title: 'mail down', group: 'G1' });
  });

  it('leaves out tickets opened at the very end instant, and counts those ended after it', async () => {
    // to = Mar 10 12:00, the instant Z1 … Z5 were opened: they are out. Open then: O1; O4 and O5 (resolved
    // Apr 1 / Mar 31); O9; O11 (closed Mar 15); O12, O13 (the earlier end Mar 20); O14. Ages from Mar 10 12:00:
    // O1 31 + 29 + 9.5 = 69.5 → 69; Feb 1: 29 + 9.5 → 38; Feb 4: 26 + 9.5 → 35; Feb 5 → 34; Feb 6 → 33;
    // Feb 7 → 32; Feb 8 → 31
    const rows = await reportRows(store, 'oldest_open.sql', { from: '2024-03-01T00:00:00Z', to: '2024-03-10T12:00:00Z' });
    expect(rows.map((r) => [r.ticket, Number(r.age_days)])).toEqual([
      ['O1', 69],
      ['O4', 38],
      ['O5', 38],
      ['O9', 35],
      ['O11', 34],
      ['O12', 33],
      ['O13', 32],
      ['O14', 31],
    ]);
  });
});
