import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import { Store } from '../../src/store/db.js';
import { openStore, ROOT, tempDir, writeFixture } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';

/**
 * Service-desk metrics (time to first response / assign / close, reassignment, group hops, backlog, volume,
 * request fulfilment, CSAT) on a few tickets written straight into the canonical tables.
 */
const ts = (v: string | null) => (v ? `TIMESTAMPTZ '${v}+00'` : 'NULL');
const str = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);

interface T {
  key: string;
  kind: string;
  status?: string;
  priority?: number;
  channel?: string;
  group?: string;
  opened?: string | null;
  response?: string;
  assigned?: string;
  resolved?: string;
  closed?: string;
  due?: string;
  reassign?: number;
  csat?: number;
}

function insertTicket(t: T): string {
  const cols: [string, string][] = [
    ['ticket_key', str(t.key)],
    ['kind', str(t.kind)],
    ['status', str(t.status ?? null)],
    ['priority', t.priority === undefined ? 'NULL' : String(t.priority)],
    ['channel', str(t.channel ?? null)],
    ['assignment_group', str(t.group ?? null)],
    ['opened_at', ts(t.opened ?? null)],
    ['first_response_at', ts(t.response ?? null)],
    ['first_assigned_at', ts(t.assigned ?? null)],
    ['resolved_at', ts(t.resolved ?? null)],
    ['closed_at', ts(t.closed ?? null)],
    ['due_at', ts(t.due ?? null)],
    ['reassignment_count', t.reassign === undefined ? 'NULL' : String(t.reassign)],
    ['csat_score', t.csat === undefined ? 'NULL' : String(t.csat)],
  ];
  return `INSERT INTO ticket (${cols.map((c) => c[0]).join(', ')}) VALUES (${cols.map((c) => c[1]).join(', ')})`;
}

const TICKETS: T[] = [
  // incidents
  { key: 'x:i1', kind: 'incident', status: 'closed', priority: 1, channel: 'phone', group: 'A', opened: '2024-03-01 08:00:00', response: '2024-03-01 09:00:00', assigned: '2024-03-01 08:30:00', resolved: '2024-03-01 12:00:00', closed: '2024-03-04 12:00:00', reassign: 0, csat: 1.0 },
  { key: 'x:i2', kind: 'incident', status: 'closed', priority: 2, channel: 'email', group: 'C', opened: '2024-03-02 08:00:00', response: '2024-03-02 11:00:00', assigned: '2024-03-02 10:00:00', resolved: '2024-03-03 08:00:00', closed: '2024-03-05 08:00:00', reassign: 2, csat: 0.5 },
  { key: 'x:i3', kind: 'incident', status: 'resolved', priority: 2, channel: 'email', group: 'B', opened: '2024-03-03 08:00:00', response: '2024-03-03 18:00:00', resolved: '2024-04-02 08:00:00', reassign: 1, csat: 0.75 },
  { key: 'x:i4', kind: 'incident', status: 'in_progress', priority: 3, opened: '2024-03-20 00:00:00' },
  { key: 'x:i5', kind: 'incident', status: 'cancelled', priority: 3, opened: '2024-03-05 00:00:00', closed: '2024-03-06 00:00:00' },
  { key: 'x:i6', kind: 'incident', status: 'pending', priority: 4, opened: '2023-12-01 00:00:00' },
  { key: 'x:i7', kind: 'incident', status: 'closed', priority: 4, opened: '2024-03-10 00:00:00' }, // closed, but no closing time
  // service requests
  { key: 'x:r1', kind: 'service_request', status: 'new', opened: '2024-03-30 12:00:00' },
  { key: 'x:r2', kind: 'service_request', status: 'closed', opened: '2024-03-01 00:00:00', closed: '2024-03-03 00:00:00', due: '2024-03-02 00:00:00' },
  { key: 'x:r3', kind: 'service_request', status: 'resolved', opened: '2024-03-10 00:00:00', resolved: '2024-03-11 00:00:00', due: '2024-03-12 00:00:00' },
  { key: 'x:r4', kind: 'service_request', status: 'in_progress', opened: '2024-03-27 00:00:00' },
  // an interaction and a ticket of no ITSM kind
  { key: 'x:x1', kind: 'interaction', status: 'closed', channel: 'phone', opened: '2024-03-15 00:00:00', closed: '2024-03-15 01:00:00', csat: 0.8 },
  { key: 'x:o1', kind: 'other', opened: '2024-03-16 00:00:00' },
];

/** Group changes from an audit log: i2 goes A → B → A → C; i1 has history but never changes group; i3 blanks its group and takes it back. */
const EVENTS: [string, number, string, string | null, string | null][] = [
  ['x:i1', 1, 'update', null, 'New'],
  ['x:i2', 1, 'group_change', 'A', 'B'],
  ['x:i2', 2, 'group_change', 'B', 'A'],
  ['x:i2', 3, 'group_change', 'A', 'C'],
  ['x:i3', 1, 'group_change', 'B', null],
  ['x:i3', 2, 'group_change', null, 'B'],
];

async function seed(store: Store): Promise<void> {
  for (const t of TICKETS) await store.run(insertTicket(t));
  for (const [key, seq, type, oldV, newV] of EVENTS) {
    await store.run(
      `INSERT INTO ticket_event (event_key, record_key, record_kind, event_time, seq, event_type, field, old_value, new_value)
       VALUES ('${key}:${seq}:${type}', '${key}', 'ticket', TIMESTAMPTZ '2024-03-01 00:00:00+00' + INTERVAL (${seq}) HOUR, ${seq},
               '${type}', '${type === 'update' ? 'status' : 'assignment_group'}', ${str(oldV)}, ${str(newV)})`,
    );
  }
}

describe('service-desk metrics on hand-made rows', () => {
  let store: Store;
  let march: any;
  let all: any;
  beforeAll(async () => {
    store = await openStore(tempDir());
    await seed(store);
    march = await computeKpis(store, resolvePeriod({ month: '2024-03' }));
    all = await computeKpis(store, { from: null, to: null });
  });

  it('time to first response (MTTA rank 1) and time to assign, over incidents opened in the period', () => {
    // first responses after 1 h (i1), 3 h (i2), 10 h (i3): median 3, p90 = 3 + 0.8 × (10 − 3) = 8.6
    expect(march.kpis.mtta).toMatchObject({ id: 'time_to_first_response', unit: 'hours', basis: 'calendar', n: 3, median: 3, p90: 8.6, excluded_negative: 0 });
    expect(march.kpis.mtta.mean).toBeCloseTo(14 / 3, 6);
    // first assignment after 0.5 h (i1) and 2 h (i2): the alternative
    expect(march.kpis.mtta.alternatives).toEqual([expect.objectContaining({ id: 'time_to_assign', n: 2 })]);
  });

  it('falls back to time to assign when no first response is exported', async () => {
    const s = await openStore(tempDir());
    for (const t of TICKETS.slice(0, 2)) await s.run(insertTicket({ ...t, response: undefined }));
    const k = (await computeKpis(s, resolvePeriod({ month: '2024-03' }))) as any;
    // 0.5 h and 2 h: mean = median = 1.25, p90 = 0.5 + 0.9 × 1.5 = 1.85
    expect(k.kpis.mtta).toMatchObject({ id: 'time_to_assign', n: 2, mean: 1.25, median: 1.25, p90: 1.85 });
    expect(k.kpis.mtta.alternatives[0]).toMatchObject({ id: 'time_to_first_response', n: 0 });
    expect(k.kpis.mtta.alternatives[0].reason).toMatch(/first-response/);
    s.close();
  });

  it('time to close: incidents closed in the period, cancelled ones left out', () => {
    // i1 76 h (1 Mar 08:00 → 4 Mar 12:00), i2 72 h; i5 is cancelled, i7 has no closed time
    expect(march.kpis.time_to_close).toMatchObject({ unit: 'hours', n: 2, mean: 74, median: 74, p90: 75.6 });
  });

  it('reassignment rate and mean reassignments over resolved incidents', () => {
    // March: i1 (0) and i2 (2) resolved; i3 is resolved on 2 April
    expect(march.kpis.reassignment_rate).toMatchObject({ value: 0.5, n: 2, reassigned: 1, mean_reassignments: 1 });
    // all data: 0, 2, 1
    expect(all.kpis.reassignment_rate).toMatchObject({ n: 3, reassigned: 2, mean_reassignments: 1 });
    expect(all.kpis.reassignment_rate.value).toBeCloseTo(2 / 3, 6);
  });

  it('group hops and ping-pong from the event history', () => {
    // i2: A, B, A, C → 3 groups = 2 hops, one return to A (A→B→A); i1: group A only → 0 hops
    expect(march.kpis.group_hops).toMatchObject({ value: 1, n: 2, hopped: 1, max_hops: 2, ping_pong: 1, ping_pong_incidents: 1 });
    // i3: B → (blank) → B is no hop and no ping-pong: (0 + 2 + 0) / 3
    expect(all.kpis.group_hops).toMatchObject({ n: 3, hopped: 1, ping_pong: 1 });
    expect(all.kpis.group_hops.value).toBeCloseTo(2 / 3, 6);
  });

  it('backlog at the period end with age buckets', () => {
    // At 1 April 00:00, open: r1 (1.5 d), r4 (5 d), i4 (12 d), i3 (28.67 d, resolved only on 2 April), i6 (122 d).
    // i7 is "closed" without any closing time: left out and counted; i5 was cancelled (closed 6 March).
    expect(march.kpis.backlog).toMatchObject({
      value: 5, n: 5, age_0_1d: 1, age_2_5d: 1, age_6_30d: 2, age_31_90d: 0, age_over_90d: 1, median_age_days: 12, excluded_undated: 1,
    });
    // At 1 March: only i6 (opened 1 Dec: 91 days, so over 90)
    return computeKpis(store, resolvePeriod({ month: '2024-02' })).then((feb: any) => {
      expect(feb.kpis.backlog).toMatchObject({ value: 1, age_over_90d: 1, median_age_days: 91 });
    });
  });

  it('volume by kind, and by channel through --by', async () => {
    expect(march.kpis.volume).toMatchObject({ value: 12, n: 12, incidents: 6, service_requests: 4, interactions: 1, other: 1 });
    // the tickets opened without the contact that may have raised them (6 + 4 + 1 = 11), each figure naming its kinds
    expect(march.kpis.volume).toMatchObject({
      tickets: 11, kinds: ['incidents', 'service_requests', 'interactions', 'other'], tickets_kinds: ['incidents', 'service_requests', 'other'],
    });
    expect(all.kpis.volume).toMatchObject({ value: 13, incidents: 7 }); // i6 was opened in December
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['channel'] })) as any;
    const byChannel = Object.fromEntries(k.breakdowns.channel.groups.map((g: any) => [g.channel, g.kpis.volume.value]));
    expect(byChannel).toEqual({ phone: 2, email: 2, null: 8 });
  });

  it('request fulfilment time in days, with the share fulfilled after the due date', () => {
    // r2: 2 days, closed after its due date; r3: 1 day (resolved, no close time), on time
    expect(march.kpis.request_fulfilment_time).toMatchObject({ unit: 'days', n: 2, mean: 1.5, median: 1.5, p90: 1.9, due_n: 2, late: 1, late_share: 0.5 });
  });

  it('CSAT: mean score, share satisfied and response rate', () => {
    // resolved (else closed) in March, not cancelled: i1 (1.0), i2 (0.5), r2, r3, x1 (0.8) → 3 scores of 5 tickets
    expect(march.kpis.csat).toMatchObject({ n: 3, satisfied: 2, resolved: 5, response_rate: 0.6 });
    expect(march.kpis.csat.value).toBeCloseTo(2.3 / 3, 6);
    expect(march.kpis.csat.satisfied_share).toBeCloseTo(2 / 3, 6);
    // April: i3 alone, 0.75 counts as satisfied
    return computeKpis(store, resolvePeriod({ month: '2024-04' })).then((apr: any) => {
      expect(apr.kpis.csat).toMatchObject({ value: 0.75, n: 1, satisfied: 1, satisfied_share: 1, resolved: 1, response_rate: 1 });
    });
  });

  it('works with breakdowns: groups add up, and the backlog snapshot sits out a month breakdown', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['month', 'priority'] })) as any;
    const b = k.breakdowns['month,priority'];
    const sum = (kpi: string, f: string) => b.groups.reduce((a: number, g: any) => a + (g.kpis[kpi]?.[f] ?? 0), 0);
    const checks: [string, string][] = [['volume', 'value'], ['mtta', 'n'], ['time_to_close', 'n'], ['reassignment_rate', 'n'], ['group_hops', 'n'], ['csat', 'n'], ['request_fulfilment_time', 'n']];
    for (const [kpi, f] of checks) expect(sum(kpi, f), `${kpi}.${f}`).toBe(k.kpis[kpi][f]);
    expect(b.skipped.backlog).toBeTruthy();
    const byPriority = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['priority'] })) as any;
    const backlog = Object.fromEntries(byPriority.breakdowns.priority.groups.filter((g: any) => g.kpis.backlog).map((g: any) => [g.priority, g.kpis.backlog.value]));
    expect(backlog).toEqual({ 1: 0, 2: 1, 3: 1, 4: 1, null: 2 }); // i3 (P2), i4 (P3), i6 (P4), r1 and r4 (no priority)
  });

  it('is null with a reason when the data cannot support a metric', async () => {
    const empty = await openStore(tempDir());
    const k = (await computeKpis(empty, { from: null, to: null })) as any;
    for (const id of ['reassignment_rate', 'group_hops', 'backlog', 'volume', 'csat']) {
      expect(k.kpis[id].value, id).toBeNull();
      expect(k.kpis[id].reason, id).toBeTruthy();
    }
    for (const id of ['mtta', 'time_to_close', 'request_fulfilment_time']) {
      expect(k.kpis[id], id).toMatchObject({ n: 0, mean: null, median: null, p90: null });
      expect(k.kpis[id].reason, id).toBeTruthy();
    }
    empty.close();
    // tickets, but no scores and no history
    const bare = await openStore(tempDir());
    for (const t of TICKETS) await bare.run(insertTicket({ ...t, csat: undefined }));
    const b = (await computeKpis(bare, { from: null, to: null })) as any;
    expect(b.kpis.csat).toMatchObject({ value: null, n: 0, response_rate: null });
    expect(b.kpis.csat.reason).toMatch(/satisfaction score/);
    expect(b.kpis.group_hops).toMatchObject({ value: null, n: 0 });
    expect(b.kpis.group_hops.reason).toMatch(/event history/);
    bare.close();
  });
});

describe('group hops from an ingested event log', () => {
  it('reads the group changes the ingest derives from consecutive rows', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    // INC1: Service Desk → Network → Service Desk → Network: 1 hop (2 groups), 2 returns. INC2: one group.
    const log = [
      'number,incident_state,sys_mod_count,caller_id,assignment_group,opened_at,sys_updated_at,resolved_at',
      'INC1,New,0,c,Service Desk,2024-03-01 08:00:00,2024-03-01 08:00:00,',
      'INC1,Active,1,c,Network,2024-03-01 08:00:00,2024-03-01 09:00:00,',
      'INC1,Active,2,c,Service Desk,2024-03-01 08:00:00,2024-03-01 10:00:00,',
      'INC1,Resolved,3,c,Network,2024-03-01 08:00:00,2024-03-01 11:00:00,2024-03-01 11:00:00',
      'INC2,New,0,c,Service Desk,2024-03-02 08:00:00,2024-03-02 08:00:00,',
      'INC2,Resolved,1,c,Service Desk,2024-03-02 08:00:00,2024-03-02 09:00:00,2024-03-02 09:00:00',
    ].join('\n');
    await ingestPaths(store, { paths: [writeFixture(dir, 'log.csv', log)] });
    const k = (await computeKpis(store, { from: null, to: null })) as any;
    expect(k.kpis.group_hops).toMatchObject({ value: 0.5, n: 2, hopped: 1, max_hops: 1, ping_pong: 2, ping_pong_incidents: 1 });
    store.close();
  });
});

describe('service-desk metrics on the ServiceNow fixture', () => {
  const truth = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'servicenow', 'truth.json'), 'utf8'));
  let store: Store;
  beforeAll(async () => {
    store = await Store.open((await fixtureDb('servicenow')).db);
  });

  it('volume reproduces the planted counts, overall and per month', async () => {
    const k = (await computeKpis(store, { from: null, to: null }, { by: ['month'] })) as any;
    const c = truth.counts;
    expect(k.kpis.volume).toMatchObject({ value: c.incidents + c.service_requests + c.interactions + c.other, incidents: c.incidents, service_requests: c.service_requests, interactions: c.interactions, other: c.other });
    for (const [month, m] of Object.entries(truth.by_month) as [string, any][]) {
      const g = k.breakdowns.month.groups.find((x: any) => x.month === month);
      expect(g.kpis.volume, month).toMatchObject({ incidents: m.counts.incidents, service_requests: m.counts.service_requests });
    }
  });

  it('volume by month and category reproduces the planted trending category', async () => {
    const t = truth.planted.trending_category;
    const k = (await computeKpis(store, { from: null, to: null }, { by: ['month', 'category'] })) as any;
    for (const [month, n] of Object.entries(t.monthly_counts) as [string, number][]) {
      const g = k.breakdowns['month,category'].groups.find((x: any) => x.month === month && x.category === t.name);
      expect(g.kpis.volume.incidents, month).toBe(n);
    }
  });

  it('reassignment rate agrees with the planted first-assignment figures', async () => {
    const k = (await computeKpis(store, { from: null, to: null })) as any;
    // the same resolved incidents as MTTR / FCR; FCR's "met" are those with no reassignment and no reopen
    expect(k.kpis.reassignment_rate.n).toBe(truth.kpis.mttr.n);
    expect(k.kpis.reassignment_rate.n - k.kpis.reassignment_rate.reassigned).toBeGreaterThanOrEqual(truth.kpis.fcr.met);
  });
});
