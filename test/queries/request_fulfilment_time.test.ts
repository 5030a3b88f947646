import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/request_fulfilment_time.sql: closed_at (else resolved_at) − opened_at in calendar days per service request
// fulfilled in the period (not cancelled); late_share = done after due_at / requests with a due date.
describe('request_fulfilment_time.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        // closed wins over resolved: 3 d; due 03-04 00:00 = done exactly: on time (done_at > due_at is late)
        { source_id: 'Q1', kind: 'service_request', opened_at: '2024-03-01 00:00:00', resolved_at: '2024-03-02 00:00:00', closed_at: '2024-03-04 00:00:00', due_at: '2024-03-04 00:00:00' },
        // resolved only: 1 d; due a second earlier: late
        { source_id: 'Q2', kind: 'service_request', opened_at: '2024-03-01 00:00:00', resolved_at: '2024-03-02 00:00:00', due_at: '2024-03-01 23:59:59' },
        // 0 d, done after a due date already past when it was opened: late
        { source_id: 'Q3', kind: 'service_request', opened_at: '2024-03-03 00:00:00', closed_at: '2024-03-03 00:00:00', due_at: '2024-03-02 00:00:00' },
        // −0.75 d, late by its due date but excluded from everything
        { source_id: 'Q4', kind: 'service_request', opened_at: '2024-03-05 00:00:00', closed_at: '2024-03-04 06:00:00', due_at: '2024-03-01 00:00:00' },
        { source_id: 'Q5', kind: 'service_request', status: 'cancelled', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-02 00:00:00' }, // cancelled
        { source_id: 'Q6', kind: 'incident', opened_at: '2024-03-01 00:00:00', closed_at: '2024-03-02 00:00:00' }, // an incident
        { source_id: 'Q7', kind: 'service_request', opened_at: '2024-03-01 00:00:00' }, // open
        { source_id: 'Q8', kind: 'service_request', opened_at: '2024-02-28 00:00:00', closed_at: '2024-03-01 00:00:00' }, // 2 d (Feb 29), no due date
      ],
    });
  });
  afterAll(() => store.close());

  it('averages 3, 1, 0 and 2 days; two of the three with a due date are late', async () => {
    // [0, 1, 2, 3]: mean 6/4 = 1.5, median 1.5, p90 at 0.9·3 = 2.7 → 2 + 0.7·1 = 2.7; late: Q2, Q3 of Q1, Q2, Q3 → 2/3
    const r = await metric(store, 'request_fulfilment_time');
    expect(r).toMatchObject({ unit: 'days', n: 4, mean: 1.5, median: 1.5, p90: 2.7, due_n: 3, late: 2, late_share: 0.666667, excluded_negative: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('anchors on closed_at, else resolved_at: [03-03, ∞) holds Q1 (closed 03-04), Q3 and Q4, not Q2', async () => {
    const r = await metric(store, 'request_fulfilment_time', { from: '2024-03-03T00:00:00Z', to: null });
    expect(r).toMatchObject({ n: 2, mean: 1.5, due_n: 2, late: 1, late_share: 0.5, excluded_negative: 1 });
  });

  it('[03-03 00:00, 12:00) holds Q3 alone: a zero-day fulfilment is data, not "no data"', async () => {
    const r = await metric(store, 'request_fulfilment_time', { from: '2024-03-03T00:00:00Z', to: '2024-03-03T12:00:00Z' });
    expect(r).toMatchObject({ n: 1, mean: 0, due_n: 1, late: 1, late_share: 1, excluded_negative: 0 });
    expect(r.reason).toBeUndefined();
  });

  it('[03-01 00:00, 12:00) holds Q8 alone, without a due date: late_share is null, not 0/0', async () => {
    const r = await metric(store, 'request_fulfilment_time', { from: '2024-03-01T00:00:00Z', to: '2024-03-01T12:00:00Z' });
    expect(r).toMatchObject({ n: 1, mean: 2, due_n: 0, late: 0, late_share: null });
  });

  it('is null with a reason when only a negative duration is in the period', async () => {
    const r = await metric(store, 'request_fulfilment_time', { from: '2024-03-04T01:00:00Z', to: '2024-03-05T00:00:00Z' });
    expect(r).toMatchObject({ n: 0, mean: null, due_n: 0, late: 0, late_share: null, excluded_negative: 1 });
    expect(r.reason).toBe('no service request fulfilled (closed or resolved) in the period has an opened time');
  });
});
