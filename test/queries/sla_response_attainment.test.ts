import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { configFrom, metric, storeWith } from './harness.js';

// queries/sla_response_attainment.sql: share of incidents whose response SLA (opened → first response, else first
// assignment), recomputed from the policy, is met; open ones past the target are breached, those within it are
// in progress and left out. Breach = net time > target: exactly at the target is met.
// Policy: P3 incidents, response 1 h, on the built-in 24x7 calendar. The data ends 03-10 12:30 (A4's update).
const POLICY = `
sla:
  policies:
    - name: P3 response
      kind: [incident, service_request]
      response: { 3: 1h }
      resolution: { 3: 1m }
`;
const RESOLUTION_ONLY = `
sla:
  policies:
    - name: P3 resolution
      resolution: { 3: 4h }
`;

describe('sla_response_attainment.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        // response after exactly 1 h: met; resolved two days later, which must not matter
        { source_id: 'A1', kind: 'incident', priority: 3, opened_at: '2024-03-04 10:00:00', first_response_at: '2024-03-04 11:00:00', resolved_at: '2024-03-06 10:00:00' },
        // 1 h 0 m 1 s: breached; resolved within the hour, which must not matter
        { source_id: 'A2', kind: 'incident', priority: 3, opened_at: '2024-03-04 10:00:00', first_response_at: '2024-03-04 11:00:01' },
        // no response time: the first assignment 30 min in stops the clock: met
        { source_id: 'A3', kind: 'incident', priority: 3, opened_at: '2024-03-04 10:00:00', first_assigned_at: '2024-03-04 10:30:00' },
        // no response yet, 30 min before the data's end: in progress
        { source_id: 'A4', kind: 'incident', priority: 3, opened_at: '2024-03-10 12:00:00', updated_at: '2024-03-10 12:30:00' },
        // no response yet, 2 h 30 min before the data's end: past the target, breached
        { source_id: 'A5', kind: 'incident', priority: 3, opened_at: '2024-03-10 10:00:00' },
        // priority 4: no target in the policy
        { source_id: 'A6', kind: 'incident', priority: 4, opened_at: '2024-03-04 10:00:00', first_response_at: '2024-03-04 10:01:00' },
        // a request: the policy covers it, the KPI counts incidents only
        { source_id: 'R1', kind: 'service_request', priority: 3, opened_at: '2024-03-04 10:00:00', first_response_at: '2024-03-04 10:01:00' },
      ],
    });
  });
  afterAll(() => store.close());

  it('meets A1 (exactly 1 h) and A3 (first assignment), breaches A2 and A5, leaves A4 in progress', async () => {
    const r = await metric(store, 'sla_response_attainment', undefined, configFrom(POLICY));
    // ended: A1, A2, A3, A5 = 4; met: A1, A3 = 2 → 2/4 = 0.5; in progress: A4
    expect(r).toMatchObject({ value: 0.5, n: 4, met: 2, in_progress: 1, source: 'policy' });
  });

  it('anchors on opened_at: [03-10, ∞) holds A4 (in progress) and A5 (breached)', async () => {
    const r = await metric(store, 'sla_response_attainment', { from: '2024-03-10T00:00:00Z', to: null }, configFrom(POLICY));
    expect(r).toMatchObject({ value: 0, n: 1, met: 0, in_progress: 1 });
    expect(r.reason).toBeUndefined();
  });

  it('[03-04, 03-05): only ended ones, A1–A3: 2 of 3', async () => {
    const r = await metric(store, 'sla_response_attainment', { from: '2024-03-04T00:00:00Z', to: '2024-03-05T00:00:00Z' }, configFrom(POLICY));
    expect(r).toMatchObject({ value: 0.666667, n: 3, met: 2, in_progress: 0 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when the policies set a resolution target only', async () => {
    const r = await metric(store, 'sla_response_attainment', undefined, configFrom(RESOLUTION_ONLY));
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/^no response SLA policy in the project config/);
  });

  it('is null with a reason when only in-progress incidents are in the period', async () => {
    const r = await metric(store, 'sla_response_attainment', { from: '2024-03-10T11:00:00Z', to: null }, configFrom(POLICY));
    expect(r).toMatchObject({ value: null, n: 0, in_progress: 1, reason: expect.stringMatching(/^no incident in the period whose response SLA has ended \(1 still in progress/) });
  });

  it('is null with a reason without a response policy', async () => {
    const r = await metric(store, 'sla_response_attainment');
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/^no response SLA policy in the project config/);
  });
});
