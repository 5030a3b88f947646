import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/sla_attainment_policy.sql (with src/sla/recompute.ts): share of incidents whose resolution SLA,
// recomputed from the policy with pause states removed, is met; open ones past the target are breached, open
// ones within it are in progress and left out. Breach = net time > target: exactly at the target is met.
// Policy: P3 incidents and requests, resolution 4 h (and a response target, which this query must ignore),
// 24x7, pause [pending]. The data ends 03-10 12:00 (B5's update).
const POLICY = `
sla:
  policies:
    - name: P3 resolution
      kind: [incident, service_request]
      resolution: { 3: 4h }
      response: { 3: 1m }
      pause: [pending]
`;
const RESPONSE_ONLY = `
sla:
  policies:
    - name: P3 response
      response: { 3: 1m }
`;

const ev = (key: string, seq: number, at: string, status: string) => ({
  record_key: `t:${key}`, event_type: 'update', seq, event_time: at, status,
});

describe('sla_attainment_policy.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'B1', kind: 'incident', priority: 3, opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 12:00:00' }, // 4 h exactly: met
        { source_id: 'B2', kind: 'incident', priority: 3, opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 12:00:01' }, // 4 h 1 s: breached
        // 5 h gross, pending 09:00–11:00 (2 h) → 3 h net: met (without the pause: breached)
        { source_id: 'B3', kind: 'incident', priority: 3, opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-04 13:00:00' },
        { source_id: 'B4', kind: 'incident', priority: 3, opened_at: '2024-03-04 08:00:00', closed_at: '2024-03-04 11:00:00' }, // closed, no resolve: 3 h, met
        { source_id: 'B5', kind: 'incident', priority: 3, opened_at: '2024-03-10 10:00:00', updated_at: '2024-03-10 12:00:00' }, // open 2 h: in progress
        { source_id: 'B6', kind: 'incident', priority: 3, opened_at: '2024-03-10 06:00:00' }, // open 6 h: breached
        { source_id: 'B7', kind: 'incident', priority: 3, status: 'cancelled', opened_at: '2024-03-04 08:00:00', closed_at: '2024-03-05 08:00:00' }, // cancelled: out
        { source_id: 'B8', kind: 'incident', priority: null, opened_at: '2024-03-04 08:00:00', resolved_at: '2024-03-05 08:00:00' }, // no priority: out
        { source_id: 'B9', kind: 'incident', priority: 3, opened_at: '2024-03-05 08:00:00', resolved_at: '2024-03-05 09:00:00', first_response_at: '2024-03-05 09:00:00' }, // 1 h: met
        { source_id: 'B10', kind: 'service_request', priority: 3, opened_at: '2024-03-05 08:00:00', resolved_at: '2024-03-05 20:00:00' }, // a request, 12 h: breached, not an incident
      ],
      ticket_event: [
        ev('B3', 0, '2024-03-04 08:00:00', 'new'),
        ev('B3', 1, '2024-03-04 09:00:00', 'pending'),
        ev('B3', 2, '2024-03-04 11:00:00', 'in_progress'),
        ev('B3', 3, '2024-03-04 13:00:00', 'resolved'),
      ],
    });
  });
  afterAll(() => store.close());

  it('meets B1 (exactly at the target), B3 (net of its pause), B4 and B9; breaches B2 and B6; B5 in progress', async () => {
    const r = await metric(store, 'sla_attainment_policy', undefined, configFrom(POLICY));
    // ended incidents: B1, B2, B3, B4, B6, B9 = 6; met: B1, B3, B4, B9 = 4 → 4/6 = 0.666667 (B10 is a request)
    expect(r).toMatchObject({ value: 0.666667, n: 6, met: 4, in_progress: 1, source: 'policy' });
    const s = await store.all(`SELECT ticket_key, round(net_business_seconds, 3) AS net, state FROM sla_result WHERE sla = 'resolution' AND ticket_key <> 't:B10' AND ticket_key <> 't:B9' ORDER BY 1`);
    expect(s).toEqual([
      { ticket_key: 't:B1', net: 14400, state: 'met' }, // 4 h = 14400 s
      { ticket_key: 't:B2', net: 14401, state: 'breached' },
      { ticket_key: 't:B3', net: 10800, state: 'met' }, // 5 h − 2 h = 3 h
      { ticket_key: 't:B4', net: 10800, state: 'met' },
      { ticket_key: 't:B5', net: 7200, state: 'in_progress' }, // 10:00 → the data's end 12:00 (+1 µs: period_end() is just after the latest time)
      { ticket_key: 't:B6', net: 21600, state: 'breached' }, // 06:00 → 12:00
    ]);
  });

  it('[03-04, 03-05): only ended ones, B1–B4: 3 of 4', async () => {
    const r = await metric(store, 'sla_attainment_policy', { from: '2024-03-04T00:00:00Z', to: '2024-03-05T00:00:00Z' }, configFrom(POLICY));
    expect(r).toMatchObject({ value: 0.75, n: 4, met: 3, in_progress: 0 });
    expect(r.reason).toBeUndefined();
  });

  it('[03-10, ∞): B6 breached, B5 in progress: 0 of 1', async () => {
    const r = await metric(store, 'sla_attainment_policy', { from: '2024-03-10T00:00:00Z', to: null }, configFrom(POLICY));
    expect(r).toMatchObject({ value: 0, n: 1, met: 0, in_progress: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when only an in-progress incident is in the period', async () => {
    const r = await metric(store, 'sla_attainment_policy', { from: '2024-03-10T08:00:00Z', to: null }, configFrom(POLICY));
    expect(r).toMatchObject({ value: null, n: 0, in_progress: 1, reason: expect.stringMatching(/^no incident in the period whose policy SLA has ended \(1 still in progress/) });
  });

  it('is null with a reason when the policies set a response target only', async () => {
    const r = await metric(store, 'sla_attainment_policy', undefined, configFrom(RESPONSE_ONLY));
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/^no resolution SLA policy in the project config/);
  });

  it('is null with a reason without a policy', async () => {
    const r = await metric(store, 'sla_attainment_policy');
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/^no resolution SLA policy in the project config/);
  });
});
