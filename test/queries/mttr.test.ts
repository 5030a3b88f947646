import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/mttr.sql: resolved_at − opened_at in calendar hours per incident resolved in the period; negative
// durations are excluded and counted, zero-second ones are kept. The same body gives mttr_business with
// basis = 'business' (queries/mttr_business.sql): its cases are below too, as this file's mutants change both.
describe('mttr.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'I1', kind: 'incident', opened_at: '2024-03-01 08:00:00', resolved_at: '2024-03-01 10:00:00' }, // 2 h
        { source_id: 'I2', kind: 'incident', opened_at: '2024-03-02 09:00:00', resolved_at: '2024-03-02 09:00:00' }, // 0 h: kept
        { source_id: 'I3', kind: 'incident', opened_at: '2024-03-03 12:00:00', resolved_at: '2024-03-03 06:00:00' }, // −6 h: excluded
        { source_id: 'I4', kind: 'incident', opened_at: '2024-03-04 00:00:00', resolved_at: '2024-03-04 10:00:00' }, // 10 h
        { source_id: 'R1', kind: 'service_request', opened_at: '2024-03-01 00:00:00', resolved_at: '2024-03-01 05:00:00' }, // not an incident
        { source_id: 'I5', kind: 'incident', opened_at: null, resolved_at: '2024-03-01 05:00:00' }, // no start
        { source_id: 'I6', kind: 'incident', opened_at: '2024-03-01 05:00:00', resolved_at: null }, // open
      ],
    });
  });
  afterAll(() => store.close());

  it('averages 2, 0 and 10 hours, keeps the zero-second resolution and counts the negative one apart', async () => {
    const r = await metric(store, 'mttr');
    // hours [0, 2, 10]: mean 12/3 = 4; median 2; p90 at position 0.9·(3−1) = 1.8 → 2 + 0.8·(10 − 2) = 8.4
    expect(r).toMatchObject({ unit: 'hours', basis: 'calendar', n: 3, mean: 4, median: 2, p90: 8.4, excluded_negative: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on resolved_at: [03-02, 03-04) holds I2 (0 h) and the negative I3', async () => {
    const r = await metric(store, 'mttr', { from: '2024-03-02T00:00:00Z', to: '2024-03-04T00:00:00Z' });
    expect(r).toMatchObject({ n: 1, mean: 0, median: 0, p90: 0, excluded_negative: 1 });
    expect(r.reason).toBeUndefined(); // a zero-second resolution is data, not 'no data'
  });

  it('is null with a reason when the period holds only a negative duration (I3)', async () => {
    const r = await metric(store, 'mttr', { from: '2024-03-03T00:00:00Z', to: '2024-03-04T00:00:00Z' });
    expect(r).toMatchObject({ n: 0, mean: null, excluded_negative: 1, reason: 'no incident in the period has both an opened and a resolved time' });
  });

  it('is null with a reason when no incident was resolved in the period', async () => {
    const r = await metric(store, 'mttr', { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' });
    expect(r).toMatchObject({ n: 0, mean: null, reason: 'no incident in the period has both an opened and a resolved time' });
  });

  it("with basis = 'business' (mttr_business): the default calendar's hours, the same rule for a reversed range", async () => {
    // UTC, Mon–Fri 09:00–17:00; 2024-03-01 is a Friday, 03-02/03 the weekend, 03-04 a Monday
    const office = configFrom('calendars:\n  office:\n    timezone: UTC\n    hours: { mon-fri: "09:00-17:00" }\n');
    // I1 Fri 08:00 → 10:00: 1 h (09–10); I2 Sat 09:00 → 09:00: 0 h; I3 reversed: left out, counted; I4 Mon 00:00 →
    // 10:00: 1 h; [0, 1, 1]: mean 2/3, median 1, p90 at 1.8 → 1
    const r = await metric(store, 'mttr_business', undefined, office);
    expect(r).toMatchObject({ unit: 'hours', basis: 'business', n: 3, median: 1, p90: 1, excluded_negative: 1 });
    expect(r.mean).toBeCloseTo(2 / 3, 6);
    expect(r.reason).toBeUndefined();
    // the calendar basis is untouched by a calendar in the config
    expect(await metric(store, 'mttr', undefined, office)).toMatchObject({ basis: 'calendar', n: 3, mean: 4 });
    // no calendar: null with the reason, never the calendar hours
    expect(await metric(store, 'mttr_business')).toMatchObject({ n: 0, mean: null, reason: 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)' });
  });
});
