import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { storeWith } from '../../queries/harness.js';
import { reportRows } from './harness.js';

// reports/queries/change_volume.sql: changes opened in each UTC month of [trend_from, to), by type; the
// emergency flag makes a change 'emergency' whatever its type; no type and no flag is 'unknown'.
// Window: trend_from 2024-01-01, to 2024-03-01 (January and February).
describe('change_volume.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      change: [
        { source_id: 'C1', opened_at: '2024-01-01 00:00:00', change_type: 'standard' }, // the window's first instant: in
        { source_id: 'C2', opened_at: '2023-12-31 23:59:59', change_type: 'normal' }, // before it: out
        { source_id: 'C3', opened_at: '2024-03-01 00:00:00', change_type: 'normal' }, // at `to`: out
        { source_id: 'C4', opened_at: '2024-01-15 10:00:00', change_type: 'normal', emergency: true }, // flag wins: emergency
        { source_id: 'C5', opened_at: '2024-01-20 10:00:00', change_type: 'emergency', emergency: true }, // emergency (once)
        { source_id: 'C6', opened_at: '2024-02-10 10:00:00', change_type: null, emergency: null }, // unknown
        { source_id: 'C7', opened_at: '2024-02-11 10:00:00', change_type: null, emergency: true }, // flag alone: emergency
        { source_id: 'C8', opened_at: '2024-02-29 23:59:59', change_type: 'normal', emergency: false }, // normal, February
        { source_id: 'C9', opened_at: '2024-02-12 10:00:00', change_type: 'emergency', emergency: false }, // the type: emergency
        { source_id: 'C10', opened_at: '2024-01-31 23:30:00', change_type: 'standard' }, // January (UTC month)
      ],
    });
  });
  afterAll(() => store.close());

  it('counts changes per month and type, the emergency flag overriding the type', async () => {
    const rows = await reportRows(store, 'change_volume.sql', { from: '2024-02-01T00:00:00Z', to: '2024-03-01T00:00:00Z', trendFrom: '2024-01-01T00:00:00Z' });
    expect(rows.map((r) => [r.x, r.series, Number(r.value), Number(r.n)])).toEqual([
      ['2024-01', 'emergency', 2, 2], // C4, C5
      ['2024-01', 'standard', 2, 2], // C1, C10
      ['2024-02', 'emergency', 2, 2], // C7, C9
      ['2024-02', 'normal', 1, 1], // C8
      ['2024-02', 'unknown', 1, 1], // C6
    ]);
  });
});
