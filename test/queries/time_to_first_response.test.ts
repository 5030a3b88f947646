import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/time_to_first_response.sql: first_response_at − opened_at in calendar hours per incident opened in the
// period with a first response; negative durations excluded and counted, zero kept. The same body gives
// time_to_assign and mtta_business (their files name it with other parameters): the business basis is tested
// here too, as this file's mutants change all three.
describe('time_to_first_response.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'F1', kind: 'incident', opened_at: '2024-03-01 00:00:00', first_response_at: '2024-03-01 01:00:00' }, // 1 h
        { source_id: 'F2', kind: 'incident', opened_at: '2024-03-02 00:00:00', first_response_at: '2024-03-02 00:00:00' }, // 0 h
        { source_id: 'F3', kind: 'incident', opened_at: '2024-03-03 12:00:00', first_response_at: '2024-03-03 10:00:00' }, // −2 h: excluded
        { source_id: 'F4', kind: 'incident', opened_at: '2024-03-01 00:00:00', first_response_at: '2024-03-01 05:00:00' }, // 5 h
        { source_id: 'F5', kind: 'incident', opened_at: '2024-03-01 00:00:00', first_assigned_at: '2024-03-01 00:10:00' }, // no response
        { source_id: 'F6', kind: 'service_request', opened_at: '2024-03-01 00:00:00', first_response_at: '2024-03-01 09:00:00' }, // a request
      ],
    });
  });
  afterAll(() => store.close());

  it('averages 1, 0 and 5 hours', async () => {
    // [0, 1, 5]: mean 2, median 1, p90 at 1.8 → 1 + 0.8·4 = 4.2
    const r = await metric(store, 'time_to_first_response');
    expect(r).toMatchObject({ unit: 'hours', basis: 'calendar', n: 3, mean: 2, median: 1, p90: 4.2, excluded_negative: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on opened_at: [03-02, ∞) holds F2 (0 h) and F3 (negative)', async () => {
    const r = await metric(store, 'time_to_first_response', { from: '2024-03-02T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 1, mean: 0, excluded_negative: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when only a negative duration is in the period', async () => {
    const r = await metric(store, 'time_to_first_response', { from: '2024-03-03T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 0, mean: null, excluded_negative: 1, reason: 'no incident opened in the period has a first-response time in the export' });
  });

  it("with basis = 'business' and the response else the assignment (mtta_business): the calendar's hours, one rule for a reversed range", async () => {
    // UTC, Mon–Fri 00:00–03:00; 2024-03-01 is a Friday. F1 Fri 00:00 → 01:00: 1 h; F2 Sat: 0 h; F3 responded before
    // it was opened: left out, counted; F4 Fri 00:00 → 05:00: 3 h (00–03); F5 no response, assigned Fri 00:10: 1/6 h.
    // [0, 1/6, 1, 3]: mean (25/6)/4 = 25/24, median (1/6 + 1)/2 = 7/12
    const cal = configFrom('calendars:\n  early:\n    timezone: UTC\n    hours: { mon-fri: "00:00-03:00" }\n');
    const r = await metric(store, 'mtta_business', undefined, cal);
    expect(r).toMatchObject({ unit: 'hours', basis: 'business', n: 4, excluded_negative: 1 });
    expect(r.mean).toBeCloseTo(25 / 24, 6);
    expect(r.median).toBeCloseTo(7 / 12, 6);
    expect(r.reason).toBeUndefined();
    // the calendar basis keeps the response alone (F5 is not counted) and calendar hours
    expect(await metric(store, 'time_to_first_response', undefined, cal)).toMatchObject({ basis: 'calendar', n: 3, mean: 2 });
    expect(await metric(store, 'mtta_business')).toMatchObject({ n: 0, mean: null, reason: 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)' });
  });
});
