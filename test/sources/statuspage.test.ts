/**
 * Atlassian Statuspage incidents JSON (src/sources/statuspage.ts): the shapes of the incidents API, detection
 * from the JSON shape, components as services, updates as events, maintenances kept apart; then the committed
 * fixture's planted month against figures derived by hand.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';
import { openStore, ROOT, tempDir, writeFixture } from '../helpers.js';

const page = { id: 'p1', name: 'Acme', url: 'https://status.acme.test', time_zone: 'Etc/UTC', updated_at: '2024-03-31T00:00:00.000Z' };
const comp = (name: string) => ({ id: `c-${name}`, name, status: 'operational', page_id: 'p1', group: false });
const upd = (id: string, inc: string, status: string, display: string, created = display) => ({
  id, incident_id: inc, status, body: `${status}.`, created_at: created, updated_at: created, display_at: display, affected_components: null,
});
/** an incident as the v2 API writes it (the v1 manage API adds impact_override, postmortem_body, scheduled_*) */
function incident(id: string, o: { status: string; impact: string; start: string; created?: string; resolved: string | null; comps: string[]; updates: object[]; extra?: object }) {
  return {
    id, name: `Incident ${id}`, status: o.status, created_at: o.created ?? o.start, updated_at: o.resolved ?? o.start, monitoring_at: null,
    resolved_at: o.resolved, impact: o.impact, shortlink: `https://stspg.io/${id}`, started_at: o.start, page_id: 'p1',
    incident_updates: o.updates, components: o.comps.map(comp), ...o.extra,
  };
}
function maintenance(id: string, comps: string[], from: string, until: string, status = 'completed') {
  return {
    ...incident(id, { status, impact: 'maintenance', start: from, created: '2024-03-01T00:00:00.000Z', resolved: status === 'completed' ? until : null, comps, updates: [upd(`${id}-1`, id, 'scheduled', '2024-03-01T00:00:00.000Z')] }),
    scheduled_for: from, scheduled_until: until,
  };
}

/*
 * March 2024 (31 days = 44,640 minutes). Incidents (every Statuspage incident is a major incident):
 *   i1 API critical 5 Mar 10:00–12:00; updates investigating (display 10:05, created 10:07), identified 10:40, resolved 12:00
 *   i2 API minor    5 Mar 11:00–13:00 (overlaps i1: API down 10:00–13:00 = 180 min, not 240;
 *                   weighted 10–12 × 1 + 12–13 × 0.25 = 120 + 15 = 135)
 *   i3 API + Website major 8 Mar 08:00–09:00 (60 min on each; weighted 60 × 0.5 = 30 each)
 *   i4 Website none, one incident per file, 20 Mar 10:00, never resolved: down to the period's end
 *      (20 Mar 10:00 → 1 Apr 00:00 = 11 days 14 h = 16,680 min; weighted × 0.25 (none: the last weight) = 4,170)
 *   Website: 60 + 16,680 = 16,740 min; weighted 30 + 4,170 = 4,200.
 * Maintenances: m1 on API 15 Mar 01:00–09:00 listed among the incidents (v1 list); m2 on Website in the
 * maintenances list (v2), 22 Mar 02:00–04:00; m3 (v1 top-level array) on API scheduled for 2 Apr. None is an outage.
 */
const FILES: Record<string, unknown> = {
  'incidents.json': {
    page,
    incidents: [
      incident('i1', { status: 'resolved', impact: 'critical', start: '2024-03-05T10:00:00.000Z', resolved: '2024-03-05T12:00:00.000Z', comps: ['API'], updates: [
        upd('i1-3', 'i1', 'resolved', '2024-03-05T12:00:00.000Z'), upd('i1-2', 'i1', 'identified', '2024-03-05T10:40:00.000Z'),
        upd('i1-1', 'i1', 'investigating', '2024-03-05T10:05:00.000Z', '2024-03-05T10:07:00.000Z'),
      ] }),
      incident('i2', { status: 'postmortem', impact: 'minor', start: '2024-03-05T11:00:00.000Z', resolved: '2024-03-05T13:00:00.000Z', comps: ['API'], updates: [
        upd('i2-1', 'i2', 'investigating', '2024-03-05T11:30:00.000Z'), upd('i2-2', 'i2', 'resolved', '2024-03-05T13:00:00.000Z'), upd('i2-3', 'i2', 'postmortem', '2024-03-07T09:00:00.000Z'),
      ] }),
      incident('i3', { status: 'resolved', impact: 'major', start: '2024-03-08T08:00:00.000Z', resolved: '2024-03-08T09:00:00.000Z', comps: ['API', 'Website'], updates: [
        upd('i3-1', 'i3', 'investigating', '2024-03-08T08:20:00.000Z'), upd('i3-2', 'i3', 'resolved', '2024-03-08T09:00:00.000Z'),
      ] }),
      maintenance('m1', ['API'], '2024-03-15T01:00:00.000Z', '2024-03-15T09:00:00.000Z'),
    ],
  },
  'i4.json': incident('i4', { status: 'monitoring', impact: 'none', start: '2024-03-20T10:00:00.000Z', resolved: null, comps: ['Website'], updates: [
    upd('i4-1', 'i4', 'investigating', '2024-03-20T11:00:00.000Z'), upd('i4-2', 'i4', 'monitoring', '2024-03-21T10:00:00.000Z'),
  ] }),
  'scheduled-maintenances.json': { page, scheduled_maintenances: [maintenance('m2', ['Website'], '2024-03-22T02:00:00.000Z', '2024-03-22T04:00:00.000Z')] },
  'manage-api.json': [maintenance('m3', ['API'], '2024-04-02T01:00:00.000Z', '2024-04-02T02:00:00.000Z', 'scheduled')].map((m) => ({
    ...m, impact_override: null, postmortem_body: null, postmortem_published_at: null, scheduled_remind_prior: true, backfilled: false,
  })),
};

const M = 44640;
let store: Store;
let summaries: Awaited<ReturnType<typeof ingestPaths>>;

beforeAll(async () => {
  const dir = tempDir('itsm-lens-statuspage-');
  const folder = join(dir, 'export');
  mkdirSync(folder);
  for (const [name, body] of Object.entries(FILES)) writeFixture(folder, name, JSON.stringify(body, null, 2));
  store = await openStore(dir);
  summaries = await ingestPaths(store, { paths: [folder] });
});
afterAll(() => store.close());

describe('statuspage adapter', () => {
  it('detects every shape from the JSON and loads exact counts; rows read = loaded + rejected per file', () => {
    // incidents.json: 3 incidents + 1 maintenance; i4.json: 1; scheduled-maintenances.json: 1; manage-api.json: 1
    expect(Object.fromEntries(summaries.map((s) => [s.path.split('/').pop(), [s.tool, s.rows_read, s.rows_loaded, s.rows_rejected]]))).toEqual({
      'incidents.json': ['statuspage', 4, 4, 0],
      'i4.json': ['statuspage', 1, 1, 0],
      'scheduled-maintenances.json': ['statuspage', 1, 1, 0],
      'manage-api.json': ['statuspage', 1, 1, 0],
    });
    for (const s of summaries) expect(s.rows_read).toBe(s.rows_loaded + s.rows_rejected);
  });

  it('incidents: major, impact mapped, started → opened, first update → first communication, components → services', async () => {
    const rows = await store.all(`SELECT source_id, kind, status, status_raw, impact, service, major_incident,
      strftime(opened_at, '%d %H:%M') AS opened, strftime(first_response_at, '%d %H:%M') AS first_comm, strftime(resolved_at, '%d %H:%M') AS resolved
      FROM ticket ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'i1', kind: 'incident', status: 'resolved', status_raw: 'resolved', impact: 1, service: 'API', major_incident: true, opened: '05 10:00', first_comm: '05 10:05', resolved: '05 12:00' },
      { source_id: 'i2', kind: 'incident', status: 'closed', status_raw: 'postmortem', impact: 3, service: 'API', major_incident: true, opened: '05 11:00', first_comm: '05 11:30', resolved: '05 13:00' },
      { source_id: 'i3', kind: 'incident', status: 'resolved', status_raw: 'resolved', impact: 2, service: 'API', major_incident: true, opened: '08 08:00', first_comm: '08 08:20', resolved: '08 09:00' },
      { source_id: 'i4', kind: 'incident', status: 'in_progress', status_raw: 'monitoring', impact: 4, service: 'Website', major_incident: true, opened: '20 10:00', first_comm: '20 11:00', resolved: null },
    ]);
    expect(await store.all(`SELECT ticket_key, service FROM ticket_service ORDER BY 1, 2`)).toEqual([
      { ticket_key: 'statuspage:i1', service: 'API' }, { ticket_key: 'statuspage:i2', service: 'API' },
      { ticket_key: 'statuspage:i3', service: 'API' }, { ticket_key: 'statuspage:i3', service: 'Website' },
      { ticket_key: 'statuspage:i4', service: 'Website' },
    ]);
  });

  it('every update is an event, in time order, with the status after it', async () => {
    // i1: 3, i2: 3, i3: 2, i4: 2 updates; maintenances' updates are not events
    const ev = await store.all(`SELECT record_key, seq, new_value, status, event_type FROM ticket_event WHERE record_key IN ('statuspage:i1', 'statuspage:i2') ORDER BY record_key, seq`);
    expect(ev).toEqual([
      { record_key: 'statuspage:i1', seq: 1, new_value: 'investigating', status: 'in_progress', event_type: 'communication' },
      { record_key: 'statuspage:i1', seq: 2, new_value: 'identified', status: 'in_progress', event_type: 'communication' },
      { record_key: 'statuspage:i1', seq: 3, new_value: 'resolved', status: 'resolved', event_type: 'communication' },
      { record_key: 'statuspage:i2', seq: 1, new_value: 'investigating', status: 'in_progress', event_type: 'communication' },
      { record_key: 'statuspage:i2', seq: 2, new_value: 'resolved', status: 'resolved', event_type: 'communication' },
      { record_key: 'statuspage:i2', seq: 3, new_value: 'postmortem', status: 'closed', event_type: 'communication' },
    ]);
    expect(await store.one(`SELECT count(*) AS n FROM ticket_event`)).toEqual({ n: 10 });
  });

  it('maintenances are changes (planned work), never tickets', async () => {
    const rows = await store.all(`SELECT source_id, status, status_raw, category, service, strftime(planned_start, '%m-%d %H:%M') AS ps,
      strftime(planned_end, '%m-%d %H:%M') AS pe, strftime(actual_end, '%m-%d %H:%M') AS ae FROM "change" ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'm1', status: 'closed', status_raw: 'completed', category: 'scheduled maintenance', service: 'API', ps: '03-15 01:00', pe: '03-15 09:00', ae: '03-15 09:00' },
      { source_id: 'm2', status: 'closed', status_raw: 'completed', category: 'scheduled maintenance', service: 'Website', ps: '03-22 02:00', pe: '03-22 04:00', ae: '03-22 04:00' },
      { source_id: 'm3', status: 'scheduled', status_raw: 'scheduled', category: 'scheduled maintenance', service: 'API', ps: '04-02 01:00', pe: '04-02 02:00', ae: null },
    ]);
    expect(await store.one(`SELECT count(*) AS n FROM ticket WHERE source_id LIKE 'm%'`)).toEqual({ n: 0 });
  });

  it('availability: overlaps merged, an incident on each of its components, the open one down to the end, maintenances not counted', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['service'] })) as any;
    const by = Object.fromEntries(k.breakdowns.service.groups.map((g: any) => [g.service, g.kpis.availability]));
    // API: 180 (i1 ∪ i2) + 60 (i3) = 240 min (the 8 h of m1 would make it 720); weighted 135 + 30 = 165
    expect(by.API).toMatchObject({ value: expect.closeTo(1 - 240 / M, 6), value_weighted: expect.closeTo(1 - 165 / M, 6), down_minutes: 240 });
    // Website: 60 (i3) + 16,680 (i4, open) = 16,740; weighted 30 + 4,170 = 4,200 (m2's 2 h not counted)
    expect(by.Website).toMatchObject({ value: expect.closeTo(1 - 16740 / M, 6), value_weighted: expect.closeTo(1 - 4200 / M, 6), down_minutes: 16740 });
    expect(k.kpis.availability).toMatchObject({ worst_service: 'Website', n: 2, down_minutes: 16980 });
    expect(k.kpis.availability.rule).toMatch(/every Statuspage incident/);
  });

  it('major incidents: 4 opened in March, one open; MTTR median 2 h; first communication median 25 min', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }))) as any;
    // resolved: i1 2 h, i2 2 h, i3 1 h → median 2 h, mean 5/3; first communication (display_at − started_at):
    // i1 5 min, i2 30 min, i3 20 min, i4 60 min → median (20 + 30) / 2 = 25 min
    expect(k.kpis.major_incidents).toMatchObject({
      value: 4, n: 4, open: 1, marked_by_tool: 4, mttr_median_hours: 2, mttr_mean_hours: expect.closeTo(5 / 3, 6),
      first_communication_median_hours: expect.closeTo(25 / 60, 6), with_first_communication: 4,
    });
  });
});

describe('fixtures/statuspage: the planted month (Feb 2025, 28 days = 40,320 min), derived by hand', () => {
  let fx: Store;
  let fxSummaries: Awaited<ReturnType<typeof ingestPaths>>;
  const F = 40320;
  beforeAll(async () => {
    fx = await openStore(tempDir('itsm-lens-statuspage-fx-'));
    fxSummaries = await ingestPaths(fx, { paths: [join(ROOT, 'fixtures', 'statuspage')] });
  });
  afterAll(() => fx.close());

  it('ingests exact counts: 20 random + 5 planted incidents, 12 monthly + 1 planted maintenance', async () => {
    const by = Object.fromEntries(fxSummaries.map((s) => [s.path.split('/').pop(), [s.rows_read, s.rows_loaded, s.rows_rejected]]));
    // the list: 20 random + 4 planted resolved incidents + the planted maintenance; the open incident in its own file
    expect(by).toEqual({
      'statuspage_incidents.json': [25, 25, 0],
      'statuspage_scheduled_maintenances.json': [12, 12, 0],
      'statuspage_incident_gp0000000005.json': [1, 1, 0],
    });
    expect(await fx.one(`SELECT (SELECT count(*) FROM ticket) AS tickets, (SELECT count(*) FROM "change") AS changes`)).toEqual({ tickets: 25, changes: 13 });
  });

  it('component statuses: each change of an update is an event on the component, matched by its id though the update names it with its group', async () => {
    const ev = await fx.all(`SELECT strftime(event_time, '%H:%M') AS at, field, old_value, new_value, status FROM ticket_event
      WHERE record_key = 'statuspage:gp0000000006' AND event_type = 'component_status' ORDER BY event_time`);
    // the updates name it "Apps - Mobile app"; the incident's component (id c0mobileappx) is "Mobile app"
    expect(ev).toEqual([
      { at: '14:05', field: 'Mobile app', old_value: 'operational', new_value: 'degraded_performance', status: 'degraded' },
      { at: '14:40', field: 'Mobile app', old_value: 'degraded_performance', new_value: 'major_outage', status: 'major_outage' },
      { at: '15:20', field: 'Mobile app', old_value: 'major_outage', new_value: 'operational', status: 'operational' },
    ]);
  });

  it('availability and major incidents in February: Checkout 10:00–12:00 ∪ 11:00–13:00 merged, API and Website from one incident, Mobile app weighted by its component statuses, the maintenance not counted', async () => {
    const k = (await computeKpis(fx, resolvePeriod({ month: '2025-02' }), { by: ['service'] })) as any;
    const by = Object.fromEntries(k.breakdowns.service.groups.map((g: any) => [g.service, g.kpis.availability]));
    // Checkout: 180 min (240 if double-counted; 420 with the 4 h maintenance); weighted 60 × 1 + 60 × max(1, 0.25) + 60 × 0.25 = 135
    expect(by.Checkout).toMatchObject({ value: expect.closeTo(1 - 180 / F, 6), value_weighted: expect.closeTo(1 - 135 / F, 6), down_minutes: 180 });
    // API and Website: 08:00–09:30 = 90 min each, major → weighted 45
    for (const s of ['API', 'Website']) expect(by[s]).toMatchObject({ value: expect.closeTo(1 - 90 / F, 6), value_weighted: expect.closeTo(1 - 45 / F, 6) });
    // Mobile app, 20th 14:00–16:00, major at the incident level (0.5 → 60 weighted minutes on its own), but its
    // component's statuses say otherwise: 14:00–14:05 before the first update: the impact, 5 × 0.5 = 2.5;
    // 14:05–14:40 degraded 35 × 0.25 = 8.75; 14:40–15:20 major outage 40 × 1 = 40; 15:20–16:00 operational
    // (monitoring) 40 × 0 = 0 → 51.25. Unweighted it is down the whole 120 min.
    expect(by['Mobile app']).toMatchObject({ value: expect.closeTo(1 - 120 / F, 6), value_weighted: expect.closeTo(1 - 51.25 / F, 6), down_minutes: 120 });
    expect(k.kpis.availability).toMatchObject({ worst_service: 'Checkout', n: 4, down_minutes: 480, value_weighted: expect.closeTo(1 - 135 / F, 6) });
    // 4 major incidents: 2 h, 2 h, 1.5 h, 2 h → median 2 h; first communication 5, 2, 10, 5 min → median 5 min
    expect(k.kpis.major_incidents).toMatchObject({ value: 4, n: 4, open: 0, mttr_median_hours: 2, first_communication_median_hours: expect.closeTo(5 / 60, 6) });
  });

  it('the incident open at the export time is down to the period’s end (its last 6 hours: 0 % available)', async () => {
    const k = (await computeKpis(fx, { from: '2025-12-31T18:00:00Z', to: '2026-01-01T00:00:00Z' })) as any;
    expect(k.kpis.availability).toMatchObject({ value: 0, worst_service: 'Email delivery', n: 1, down_minutes: 360, period_minutes: 360 });
  });
});
