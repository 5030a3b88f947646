import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/mtta_business.sql: business hours from opened_at to the first response (else the first assignment)
// on the default calendar, per incident opened in the period. The resolve time plays no part.
// Calendar: UTC, Mon–Fri 09:00–17:00. 2024-03-04 is a Monday.
const OFFICE = `
calendars:
  office:
    timezone: UTC
    hours: { mon-fri: "09:00-17:00" }
`;

describe('mtta_business.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        // Mon 16:00 → Tue 10:00: Mon 16–17 (1 h) + Tue 09–10 (1 h) = 2 h (resolve Tue 15:00 would be 7 h)
        { source_id: 'M1', kind: 'incident', opened_at: '2024-03-04 16:00:00', first_response_at: '2024-03-05 10:00:00', resolved_at: '2024-03-05 15:00:00' },
        // no response: first assignment Mon 10:30 → 0.5 h (resolve Mon 12:00 would be 2 h)
        { source_id: 'M2', kind: 'incident', opened_at: '2024-03-04 10:00:00', first_assigned_at: '2024-03-04 10:30:00', resolved_at: '2024-03-04 12:00:00' },
        // Sat 10:00 → Mon 09:00: no business time = 0 h (resolve Mon 11:00 would be 2 h)
        { source_id: 'M3', kind: 'incident', opened_at: '2024-03-09 10:00:00', first_response_at: '2024-03-11 09:00:00', resolved_at: '2024-03-11 11:00:00' },
        // both: the response (11:00, 2 h) wins over the assignment (09:15, 0.25 h)
        { source_id: 'M4', kind: 'incident', opened_at: '2024-03-04 09:00:00', first_assigned_at: '2024-03-04 09:15:00', first_response_at: '2024-03-04 11:00:00', resolved_at: '2024-03-04 13:00:00' },
        // neither: left out
        { source_id: 'M5', kind: 'incident', opened_at: '2024-03-04 09:00:00', resolved_at: '2024-03-04 10:00:00' },
        // a request: left out
        { source_id: 'R1', kind: 'service_request', opened_at: '2024-03-04 09:00:00', first_response_at: '2024-03-04 16:00:00' },
      ],
    });
  });
  afterAll(() => store.close());

  it('times 2, 0.5, 0 and 2 business hours to the first response, not to the resolution', async () => {
    const r = await metric(store, 'mtta_business', undefined, configFrom(OFFICE));
    // hours [0, 0.5, 2, 2]: mean 4.5/4 = 1.125; median (0.5 + 2)/2 = 1.25; p90 at 0.9·3 = 2.7 → 2 + 0.7·(2 − 2) = 2
    expect(r).toMatchObject({ unit: 'hours', basis: 'business', n: 4, mean: 1.125, median: 1.25, p90: 2 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on opened_at: [Sat 03-09, ∞) holds only M3', async () => {
    const r = await metric(store, 'mtta_business', { from: '2024-03-09T00:00:00Z', to: null }, configFrom(OFFICE));
    expect(r).toMatchObject({ n: 1, mean: 0, median: 0 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when the calendar is there but no incident was opened in the period', async () => {
    const r = await metric(store, 'mtta_business', { from: '2025-01-01T00:00:00Z', to: null }, configFrom(OFFICE));
    expect(r).toMatchObject({ n: 0, mean: null, reason: 'no incident opened in the period has a first-response or first-assignment time' });
  });

  it('is null with a reason without a business calendar', async () => {
    const r = await metric(store, 'mtta_business');
    expect(r).toMatchObject({ n: 0, mean: null, reason: 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)' });
  });
});
