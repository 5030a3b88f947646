import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/mttr_business.sql: business hours from opened_at to resolved_at on the default calendar, per incident
// resolved in the period. Calendar: UTC, Mon–Fri 09:00–17:00, 2024-03-06 (Wed) a holiday. 2024-03-04 is a Monday.
const OFFICE = `
calendars:
  office:
    timezone: UTC
    hours: { mon-fri: "09:00-17:00" }
    holidays: [2024-03-06]
`;

describe('mttr_business.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        // Mon 16:00 → Tue 10:00: 1 h + 1 h = 2 h
        { source_id: 'B1', kind: 'incident', opened_at: '2024-03-04 16:00:00', resolved_at: '2024-03-05 10:00:00' },
        // Tue 16:00 → Thu 10:00 over the Wed holiday: 1 h + 1 h = 2 h
        { source_id: 'B2', kind: 'incident', opened_at: '2024-03-05 16:00:00', resolved_at: '2024-03-07 10:00:00' },
        // Sat → Sun: 0 h
        { source_id: 'B3', kind: 'incident', opened_at: '2024-03-09 10:00:00', resolved_at: '2024-03-10 10:00:00' },
        // Mon 09:00 → Mon 17:00: 8 h
        { source_id: 'B4', kind: 'incident', opened_at: '2024-03-11 09:00:00', resolved_at: '2024-03-11 17:00:00' },
        { source_id: 'B5', kind: 'incident', opened_at: '2024-03-04 09:00:00' }, // open
        { source_id: 'B6', kind: 'service_request', opened_at: '2024-03-04 09:00:00', resolved_at: '2024-03-04 17:00:00' }, // a request
      ],
    });
  });
  afterAll(() => store.close());

  it('times 2, 2, 0 and 8 business hours', async () => {
    // [0, 2, 2, 8]: mean 12/4 = 3; median 2; p90 at 0.9·3 = 2.7 → 2 + 0.7·6 = 6.2
    const r = await metric(store, 'mttr_business', undefined, configFrom(OFFICE));
    expect(r).toMatchObject({ unit: 'hours', basis: 'business', n: 4, mean: 3, median: 2, p90: 6.2 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on resolved_at: [03-07, 03-11) holds B2 and B3', async () => {
    const r = await metric(store, 'mttr_business', { from: '2024-03-07T00:00:00Z', to: '2024-03-11T00:00:00Z' }, configFrom(OFFICE));
    expect(r).toMatchObject({ n: 2, mean: 1, median: 1 });
  });

  it('is null with a reason when nothing was resolved in the period, and without a calendar', async () => {
    const none = await metric(store, 'mttr_business', { from: '2025-01-01T00:00:00Z', to: null }, configFrom(OFFICE));
    expect(none).toMatchObject({ n: 0, mean: null, reason: 'no incident in the period has both an opened and a resolved time' });
    const noCal = await metric(store, 'mttr_business');
    expect(noCal).toMatchObject({ n: 0, mean: null, reason: 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)' });
  });

  it('leaves a reversed range out and counts it, as mttr does (not 0 business hours)', async () => {
    const rev = await storeWith({
      ticket: [
        // Mon 09:00 → Mon 17:00: 8 h
        { source_id: 'V1', kind: 'incident', opened_at: '2024-03-11 09:00:00', resolved_at: '2024-03-11 17:00:00' },
        // resolved a day before it was opened: a data error, not a 0 h resolution
        { source_id: 'V2', kind: 'incident', opened_at: '2024-03-12 10:00:00', resolved_at: '2024-03-11 10:00:00' },
      ],
    });
    try {
      // n = V1 alone: mean 8; excluded_negative = V2 (before: n 2, mean (8 + 0)/2 = 4)
      expect(await metric(rev, 'mttr_business', undefined, configFrom(OFFICE))).toMatchObject({ n: 1, mean: 8, excluded_negative: 1 });
      expect(await metric(rev, 'mttr')).toMatchObject({ n: 1, mean: 8, excluded_negative: 1 });
    } finally {
      rev.close();
    }
  });
});
