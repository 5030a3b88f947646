import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/same_day_next_day.sql: share of incidents resolved by the end of the business day after the one they
// were opened on (opened after hours: the next working day is the first); open ones count as late once the
// deadline has passed, those whose deadline is still ahead are left out.
// Calendar: UTC, Mon–Fri 09:00–17:00. 2024-03-04 is a Monday.
const OFFICE = `
calendars:
  office:
    timezone: UTC
    hours: { mon-fri: "09:00-17:00" }
`;

describe('same_day_next_day.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        // Mon 10:00 → deadline Tue 17:00; resolved exactly at it: met (resolved_at <= deadline)
        { source_id: 'S1', kind: 'incident', opened_at: '2024-03-04 10:00:00', resolved_at: '2024-03-05 17:00:00' },
        // one second after the deadline: late
        { source_id: 'S2', kind: 'incident', opened_at: '2024-03-04 10:00:00', resolved_at: '2024-03-05 17:00:01' },
        // Fri 16:30 → deadline Mon 17:00 (the weekend is no business day); resolved Mon 16:00: met
        { source_id: 'S3', kind: 'incident', opened_at: '2024-03-08 16:30:00', resolved_at: '2024-03-11 16:00:00' },
        // Mon 18:00, after hours: Tue is the first day, deadline Wed 17:00; resolved Wed 16:59: met
        { source_id: 'S4', kind: 'incident', opened_at: '2024-03-04 18:00:00', resolved_at: '2024-03-06 16:59:00' },
        // Mon 10:00, still open, deadline Tue 17:00 long past: late
        { source_id: 'S5', kind: 'incident', opened_at: '2024-03-04 10:00:00' },
        // Thu 03-14 10:00, still open: deadline Fri 17:00 is after the data's end (03-14 10:00) → left out
        { source_id: 'S6', kind: 'incident', opened_at: '2024-03-14 10:00:00' },
        // a service request resolved in time: not an incident
        { source_id: 'R1', kind: 'service_request', opened_at: '2024-03-04 10:00:00', resolved_at: '2024-03-04 11:00:00' },
      ],
    });
  });
  afterAll(() => store.close());

  it('counts S1 (at the deadline), S3 (over the weekend) and S4 (opened after hours) as met, of 5', async () => {
    const r = await metric(store, 'same_day_next_day', undefined, configFrom(OFFICE));
    // n = S1, S2, S3, S4, S5 = 5 (S6's deadline is ahead, R1 is a request); met = S1, S3, S4 = 3 → 3/5 = 0.6
    expect(r).toMatchObject({ value: 0.6, n: 5, met: 3 });
  });

  it('counts an open ticket whose deadline is exactly the period end as late', async () => {
    // period [Mon 00:00, Tue 17:00): opened in it S1, S2, S4, S5; S5's deadline Tue 17:00 = period_end() → counted
    const r = await metric(store, 'same_day_next_day', { from: '2024-03-04T00:00:00Z', to: '2024-03-05T17:00:00Z' }, configFrom(OFFICE));
    // met = S1, S4 → 2/4 = 0.5
    expect(r).toMatchObject({ value: 0.5, n: 4, met: 2 });
  });

  it('[Fri 03-08, Sat 03-09) holds S3 alone: 1 of 1', async () => {
    const r = await metric(store, 'same_day_next_day', { from: '2024-03-08T00:00:00Z', to: '2024-03-09T00:00:00Z' }, configFrom(OFFICE));
    expect(r).toMatchObject({ value: 1, n: 1, met: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when the calendar is there but no incident was opened in the period', async () => {
    const r = await metric(store, 'same_day_next_day', { from: '2025-01-01T00:00:00Z', to: null }, configFrom(OFFICE));
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no incident opened in the period' });
  });

  it('is null with a reason without a business calendar', async () => {
    const r = await metric(store, 'same_day_next_day');
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)' });
  });
});
