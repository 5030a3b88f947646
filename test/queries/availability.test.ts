/**
 * queries/availability.sql and queries/major_incidents.sql on hand-made incidents in March 2024 (31 days =
 * 44,640 minutes). Major = priority 1 (the default rule). Impact weights by default 1, 0.5, 0.25 (impact 1, 2,
 * 3+), no impact = 1.
 *   service A: a1 P1 impact 1, 1 Mar 10:00–12:00; a2 P1 impact 2, 11:00–13:00 (overlaps a1: merged 10:00–13:00
 *              = 180 min; weighted 10–11 × 1 + 11–12 × max(1, 0.5) + 12–13 × 0.5 = 60 + 60 + 30 = 150);
 *              a3 P3 (not major)
 *   service B: b1 P1 impact 3, 29 Feb 23:00 – 1 Mar 01:00 (clipped to 00:00–01:00 = 60 min, weighted 15);
 *              b2 P1 no impact, 31 Mar 23:30, never resolved (down until the period's end: 30 min, weighted 30)
 *              → 90 min, weighted 45
 *   service C: c1 P2 (not major under the default rule) → 100 %
 *   an incident with no service (d1 P1) is not in it (a request and a blank service: the edges block below)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

let store: Store;
const ts = (v: string | null) => (v ? `TIMESTAMPTZ '${v}+00'` : 'NULL');
const incident = (key: string, service: string | null, priority: number, impact: number | null, opened: string, resolved: string | null, firstResponse: string | null = null) =>
  `INSERT INTO ticket (ticket_key, kind, service, priority, impact, opened_at, resolved_at, first_response_at) VALUES
   ('${key}', 'incident', ${service ? `'${service}'` : 'NULL'}, ${priority}, ${impact ?? 'NULL'}, ${ts(opened)}, ${ts(resolved)}, ${ts(firstResponse)})`;
const M = 44640;

beforeAll(async () => {
  store = await openStore(tempDir('itsm-lens-q-availability-'));
  for (const sql of [
    incident('a1', 'A', 1, 1, '2024-03-01 10:00:00', '2024-03-01 12:00:00', '2024-03-01 10:15:00'),
    incident('a2', 'A', 1, 2, '2024-03-01 11:00:00', '2024-03-01 13:00:00'),
    incident('a3', 'A', 3, 3, '2024-03-02 09:00:00', '2024-03-02 19:00:00'),
    incident('b1', 'B', 1, 3, '2024-02-29 23:00:00', '2024-03-01 01:00:00'),
    incident('b2', 'B', 1, null, '2024-03-31 23:30:00', null),
    incident('c1', 'C', 2, 2, '2024-03-10 08:00:00', '2024-03-10 20:00:00'),
    incident('d1', null, 1, 1, '2024-03-05 08:00:00', '2024-03-05 09:00:00'),
  ]) await store.run(sql);
});
afterAll(() => store.close());

describe('availability', () => {
  it('the worst service, with overlaps merged and the period clipped; weighted beside it; the default rule stated', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }))) as any;
    expect(k.kpis.availability).toMatchObject({
      value: expect.closeTo(1 - 180 / M, 6),
      value_weighted: expect.closeTo(1 - 150 / M, 6),
      worst_service: 'A',
      n: 3,
      services_with_outage: 2,
      down_minutes: 270,
      period_minutes: M,
      rule: 'incidents of priority 1 (the default; set metrics.major_incident_max_priority in the project config)',
    });
  });

  it('--by service: each service, C at 100 %', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['service'] })) as any;
    const by = Object.fromEntries(k.breakdowns.service.groups.map((g: any) => [g.service, g.kpis.availability]));
    expect(by.A).toMatchObject({ value: expect.closeTo(1 - 180 / M, 6), value_weighted: expect.closeTo(1 - 150 / M, 6) });
    expect(by.B).toMatchObject({ value: expect.closeTo(1 - 90 / M, 6), value_weighted: expect.closeTo(1 - 45 / M, 6) });
    expect(by.C).toMatchObject({ value: 1, value_weighted: 1, down_minutes: 0 });
  });

  it('the project config sets the rule (priority 1-2: C is down 12 h at impact 2) and says it is the user’s', async () => {
    const config = loadProjectConfig(writeFixture(tempDir(), 'itsm-lens.config.yaml', 'metrics:\n  major_incident_max_priority: 2\n'));
    expect(config.settings.defaulted).toEqual(['change_failure_window_days', 'availability_impact_weights']);
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['service'], config })) as any;
    const c = k.breakdowns.service.groups.find((g: any) => g.service === 'C').kpis.availability;
    expect(c).toMatchObject({ value: expect.closeTo(1 - 720 / M, 6), value_weighted: expect.closeTo(1 - 360 / M, 6) });
    expect(k.kpis.availability.rule).toBe('incidents of priority 1-2 (metrics.major_incident_max_priority in the project config)');
  });

  it('null with a reason when no incident names a service', async () => {
    const k = (await computeKpis(store, { from: '2024-03-05T00:00:00Z', to: '2024-03-06T00:00:00Z' })) as any;
    expect(k.kpis.availability).toMatchObject({ value: null, reason: 'no incident open in the period names a service' });
  });
});

describe('major_incidents', () => {
  // opened in March with a priority: a1, a2, a3, b2, c1, d1 (6); major (P1): a1, a2, b2, d1 (4); resolved: a1 2 h,
  // a2 2 h, d1 1 h → median 2 h; b2 open; first communication only on a1: 10:00 → 10:15 = 0.25 h
  it('March: 4 major of 6 incidents opened with a priority; one open; MTTR median 2 h; first communication 0.25 h', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }))) as any;
    expect(k.kpis.major_incidents).toMatchObject({
      value: 4,
      n: 6,
      open: 1,
      mttr_median_hours: 2,
      mttr_mean_hours: expect.closeTo(5 / 3, 6),
      first_communication_median_hours: 0.25,
      with_first_communication: 1,
    });
  });

  it('null with a reason when no incident carries a priority', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2025-01' }))) as any;
    expect(k.kpis.major_incidents).toMatchObject({ value: null, n: 0, reason: "no incident opened in the period carries a priority or its tool's major-incident mark" });
  });
});

/**
 * The tool's own mark (ticket.major_incident) and an incident on several services (ticket_service), April 2024
 * (30 days = 43,200 minutes), in a store of their own:
 *   m1 P3 marked major (a Statuspage incident), services X and Y (links), 2 Apr 10:00–11:00, impact 2;
 *   m2 P1 marked NOT major (ServiceNow major_incident_state rejected), service X, 3 Apr 10:00–12:00 → not an outage;
 *   m3 P1 without a mark, service Y, 2 Apr 10:30–12:00 → major by priority; overlaps m1 on Y.
 *   X: down 60 min (m1), weighted 60 × 0.5 = 30.  Y: m1 ∪ m3 = 10:00–12:00 = 120 min; weighted
 *   10:00–10:30 × 0.5 + 10:30–11:00 × max(0.5, 1) + 11:00–12:00 × 1 = 15 + 30 + 60 = 105.
 *   major_incidents: m1 and m3 major (2 of 3), m1 marked by the tool.
 */
describe('the tool’s mark and several services per incident', () => {
  let s2: Store;
  const A = 43200;
  beforeAll(async () => {
    s2 = await openStore(tempDir('itsm-lens-q-availability-mark-'));
    await s2.run(`INSERT INTO ticket (ticket_key, kind, service, priority, impact, opened_at, resolved_at, major_incident) VALUES
      ('m1', 'incident', 'X', 3, 2, TIMESTAMPTZ '2024-04-02 10:00:00+00', TIMESTAMPTZ '2024-04-02 11:00:00+00', true),
      ('m2', 'incident', 'X', 1, 1, TIMESTAMPTZ '2024-04-03 10:00:00+00', TIMESTAMPTZ '2024-04-03 12:00:00+00', false),
      ('m3', 'incident', 'Y', 1, 1, TIMESTAMPTZ '2024-04-02 10:30:00+00', TIMESTAMPTZ '2024-04-02 12:00:00+00', NULL)`);
    await s2.run(`INSERT INTO ticket_service (ticket_key, service) VALUES ('m1', 'X'), ('m1', 'Y')`);
  });
  afterAll(() => s2.close());

  it('per service, with the mark deciding where present and the rule saying so', async () => {
    const k = (await computeKpis(s2, resolvePeriod({ month: '2024-04' }), { by: ['service'] })) as any;
    const by = Object.fromEntries(k.breakdowns.service.groups.map((g: any) => [g.service, g.kpis.availability]));
    expect(by.X).toMatchObject({ value: expect.closeTo(1 - 60 / A, 6), value_weighted: expect.closeTo(1 - 30 / A, 6), down_minutes: 60 });
    expect(by.Y).toMatchObject({ value: expect.closeTo(1 - 120 / A, 6), value_weighted: expect.closeTo(1 - 105 / A, 6), down_minutes: 120 });
    expect(k.kpis.availability).toMatchObject({ worst_service: 'Y', n: 2, down_minutes: 180 });
    expect(k.kpis.availability.rule).toMatch(/^the tool's own mark where the record has one \(ServiceNow major_incident_state accepted; every Statuspage incident\), else incidents of priority 1/);
    expect(k.kpis.major_incidents).toMatchObject({ value: 2, n: 3, marked_by_tool: 1 });
  });
});

/**
 * The edges of "open in the period" and of the period's length, in a store of their own: all P1 (major),
 * impact 1, on 1 Mar 2024. Period [10:00, 10:01) = 1 minute.
 *   e1 E 10:00–10:30 and e6 E 09:30–10:30: E down the whole minute → 1 − 1/1 = 0
 *   e2 F opened at 10:01, the period's end: not open in it
 *   e3 G 09:00–10:00, resolved at the period's start: not open in it
 *   e4 H a service request 09:59–11:00: not an incident
 *   e5 a blank service '  ' 09:59–11:00: names no service
 * So: 1 service (E), value 0, 1 service with an outage, 1 minute down of 1.
 * Period [10:00, 10:00) has no minutes: nothing to divide by, no service is measured.
 */
describe('availability: the edges of the period', () => {
  let s3: Store;
  beforeAll(async () => {
    s3 = await openStore(tempDir('itsm-lens-q-availability-edges-'));
    await s3.run(`INSERT INTO ticket (ticket_key, kind, service, priority, impact, opened_at, resolved_at) VALUES
      ('e1', 'incident', 'E', 1, 1, TIMESTAMPTZ '2024-03-01 10:00:00+00', TIMESTAMPTZ '2024-03-01 10:30:00+00'),
      ('e6', 'incident', 'E', 1, 1, TIMESTAMPTZ '2024-03-01 09:30:00+00', TIMESTAMPTZ '2024-03-01 10:30:00+00'),
      ('e2', 'incident', 'F', 1, 1, TIMESTAMPTZ '2024-03-01 10:01:00+00', TIMESTAMPTZ '2024-03-01 11:00:00+00'),
      ('e3', 'incident', 'G', 1, 1, TIMESTAMPTZ '2024-03-01 09:00:00+00', TIMESTAMPTZ '2024-03-01 10:00:00+00'),
      ('e4', 'service_request', 'H', 1, 1, TIMESTAMPTZ '2024-03-01 09:59:00+00', TIMESTAMPTZ '2024-03-01 11:00:00+00'),
      ('e5', 'incident', '  ', 1, 1, TIMESTAMPTZ '2024-03-01 09:59:00+00', TIMESTAMPTZ '2024-03-01 11:00:00+00')`);
  });
  afterAll(() => s3.close());

  it('counts only incidents naming a service and open at some instant of a one-minute period', async () => {
    const k = (await computeKpis(s3, { from: '2024-03-01T10:00:00Z', to: '2024-03-01T10:01:00Z' })) as any;
    expect(k.kpis.availability).toMatchObject({ value: 0, worst_service: 'E', n: 1, services_with_outage: 1, down_minutes: 1, period_minutes: 1 });
  });

  it('measures nothing over a period of no minutes', async () => {
    const k = (await computeKpis(s3, { from: '2024-03-01T10:00:00Z', to: '2024-03-01T10:00:00Z' })) as any;
    expect(k.kpis.availability).toMatchObject({ value: null, n: 0 });
  });
});
