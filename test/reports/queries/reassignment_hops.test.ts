import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { storeWith } from '../../queries/harness.js';
import { reportRows } from './harness.js';

// reports/queries/reassignment_hops.sql: incidents resolved in the report month [from, to) that carry a
// reassignment count, counted by it: 0, 1, 2, 3, 4 or more. Report month March 2024.
describe('reassignment_hops.sql', () => {
  let store: Store;
  beforeAll(async () => {
    const inc = (source_id: string, resolved_at: string, reassignment_count: number | null, kind = 'incident') => ({ source_id, kind, resolved_at, reassignment_count });
    store = await storeWith({
      ticket: [
        inc('R1', '2024-03-01 00:00:00', 0), // the month's first instant: in
        inc('R2', '2024-03-15 10:00:00', 0),
        inc('R3', '2024-03-15 10:00:00', 1),
        inc('R4', '2024-03-15 10:00:00', 2),
        inc('R5', '2024-03-16 10:00:00', 2),
        inc('R6', '2024-03-31 23:59:59', 2),
        inc('R7', '2024-03-16 10:00:00', 3),
        inc('R8', '2024-03-16 10:00:00', 4), // exactly 4: '4 or more'
        inc('R9', '2024-03-16 10:00:00', 5),
        inc('R10', '2024-03-16 10:00:00', 9),
        inc('R11', '2024-03-16 10:00:00', null), // no count: out
        inc('R12', '2024-03-16 10:00:00', 1, 'service_request'), // a request: out
        inc('R13', '2024-04-01 00:00:00', 1), // resolved at `to`: out
        inc('R14', '2024-02-29 23:59:59', 1), // before the month: out
      ],
    });
  });
  afterAll(() => store.close());

  it('buckets the month’s resolved incidents by reassignment count', async () => {
    const rows = await reportRows(store, 'reassignment_hops.sql', { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' });
    expect(rows.map((r) => [r.x, r.series, Number(r.value), Number(r.n)])).toEqual([
      ['0 reassignments', 'Incidents', 2, 2], // R1, R2
      ['1 reassignment', 'Incidents', 1, 1], // R3
      ['2 reassignments', 'Incidents', 3, 3], // R4, R5, R6
      ['3 reassignments', 'Incidents', 1, 1], // R7
      ['4 or more reassignments', 'Incidents', 3, 3], // R8, R9, R10
    ]);
  });
});
