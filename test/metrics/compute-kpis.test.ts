import { describe, expect, it } from 'vitest';
import { computeKpis, periodWarning, resolveBreakdown, resolvePeriod } from '../../src/metrics/kpi.js';
import { join } from 'node:path';
import { Store } from '../../src/store/db.js';
import { tempDir } from '../helpers.js';
import { ALL, configFrom, metric, storeWith } from '../queries/harness.js';

/**
 * computeKpis's assembly of the kpi@1 document (kpi.ts): which variant of a KPI is chosen and what its
 * alternatives say, the breakdown's groups and their order, the KPIs a breakdown leaves out and why, the data's
 * span; periodWarning; resolveBreakdown. Five hand-made incidents (UTC):
 *
 *   INC1 P2  Net   phone   Mon 4 Mar 09:00 → 11:00 (2 h)    flag met      reassigned 0
 *   INC2 P3  –     email   Tue 5 Mar 09:00 → 10:00 (1 h)    flag breached reassigned 1
 *   INC5 P2  –     phone   Wed 6 Mar 09:00 → 09:30 (0.5 h)  flag met      reassigned 0
 *   INC3 P10 App   phone   Tue 2 Apr 09:00 → 13:00 (4 h)    flag met      reassigned 0
 *   INC4 P2  Zed   –       Wed 3 Apr 09:00, open            no flag
 */
const T = (id: string, priority: number, group: string | null, channel: string | null, opened: string, resolved: string | null, flag: boolean | null, reassigned: number | null) => ({
  source_id: id, source_tool: 'servicenow', kind: 'incident', status: resolved ? 'resolved' : 'new', priority, assignment_group: group, channel,
  opened_at: `${opened}+00`, resolved_at: resolved ? `${resolved}+00` : null, sla_met: flag, reassignment_count: reassigned,
});
const TICKETS = [
  T('INC1', 2, 'Net', 'phone', '2024-03-04 09:00:00', '2024-03-04 11:00:00', true, 0),
  T('INC2', 3, null, 'email', '2024-03-05 09:00:00', '2024-03-05 10:00:00', false, 1),
  T('INC5', 2, null, 'phone', '2024-03-06 09:00:00', '2024-03-06 09:30:00', true, 0),
  T('INC3', 10, 'App', 'phone', '2024-04-02 09:00:00', '2024-04-02 13:00:00', true, 0),
  T('INC4', 2, 'Zed', null, '2024-04-03 09:00:00', null, null, null),
];
// a 24x7 policy (no calendar) for P2 and P3: INC1 2 h, INC2 1 h, INC5 0.5 h are met; INC4 is still running
// (as of the data's end, Wed 3 Apr 09:00 + 1 µs); INC3 (P10) has no target
const POLICY = 'sla:\n  policies:\n    - name: P\n      kind: incident\n      resolution: { 2: 8h, 3: 8h }\n';

describe('computeKpis: the document it assembles', () => {
  it('chooses the best-ranked variant with data and lists the others with their sample, running tickets and reason', async () => {
    const store = await storeWith({ ticket: TICKETS });
    const k = await computeKpis(store, ALL, { config: configFrom(POLICY) });
    // the export's flag (rank 1) has data: 3 met of INC1, INC2, INC3, INC5 = 0.75
    expect(k.kpis.sla_attainment).toMatchObject({ id: 'sla_attainment', query: 'sla_attainment.sql', unit: 'ratio', value: 0.75, n: 4 });
    expect(k.kpis.sla_attainment!.alternatives).toEqual([
      { id: 'sla_attainment_policy', value: 1, n: 3, definition: expect.any(String), in_progress: 1 },
    ]);
    // fcr: no ticket carries the first-contact flag (rank 1, n 0), so first-assignment (rank 2) is chosen: INC1,
    // INC5, INC3 of the 4 resolved had no reassignment = 3/4
    // export flag against policy, ticket by ticket: INC1 met/met, INC2 breached/met, INC5 met/met (INC3 has no
    // target, INC4 is running)
    expect(k.kpis.sla_attainment!.reconciliation).toEqual({ compared: 3, agree: 2, export_met_policy_breached: 0, export_breached_policy_met: 1 });
    expect(k.kpis.fcr).toMatchObject({ id: 'fcr_first_assignment', value: 0.75, n: 4 });
    const alts = k.kpis.fcr!.alternatives!;
    expect(alts.map((a) => [a.id, a.value, a.n])).toEqual([['fcr_flag', null, 0], ['fcr_first_group', null, 0]]);
    for (const a of alts) expect(a.reason, a.id).toEqual(expect.any(String));
    expect(alts.every((a) => !('in_progress' in a))).toBe(true);
    // a KPI with one query has no alternatives
    expect('alternatives' in k.kpis.mttr!).toBe(false);
    // a KPI with data carries no reason field (the query's NULL reason is dropped)
    expect('reason' in k.kpis.mttr!).toBe(false);
    expect(k.kpis.mttr!.reason).toBeUndefined();
    // March alone: INC1 met, INC2 breached, INC5 met = 2/3, rounded to 6 decimals: 0.666667
    const march = await computeKpis(store, resolvePeriod({ month: '2024-03' }));
    expect(march.kpis.sla_attainment).toMatchObject({ value: 0.666667, n: 3 });
    // March under the policy: nothing running (INC4 was opened in April), so no in_progress beside it
    const marchPolicy = await computeKpis(store, resolvePeriod({ month: '2024-03' }), { config: configFrom(POLICY) });
    expect(marchPolicy.kpis.sla_attainment!.alternatives![0]).toEqual({ id: 'sla_attainment_policy', value: 1, n: 3, definition: expect.any(String) });
    expect(march.period).toMatchObject({ from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' });
    // the KPIs come sorted by id
    const ids = Object.keys(k.kpis);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    // data_from: the first opened time; data_to: the latest opened/resolved/closed time (INC4 opened 3 Apr 09:00)
    expect(String(k.period.data_from)).toMatch(/^2024-03-04[ T]09:00:00/);
    expect(String(k.period.data_to)).toMatch(/^2024-04-03[ T]09:00:00/);
    expect(k.period).toMatchObject({ from: null, to: null });
    expect(k.breakdowns).toEqual({});
    // no policy: no policy figures, and the export's flag has no reconciliation
    const plain = await computeKpis(store, ALL);
    expect(plain.kpis.sla_attainment!.alternatives![0]).toMatchObject({ id: 'sla_attainment_policy', n: 0, value: null });
    expect('in_progress' in plain.kpis.sla_attainment!.alternatives![0]!).toBe(false);
    expect(plain.kpis.sla_attainment!.reconciliation).toBeUndefined();
    store.close();
  });

  it('a two-dimension breakdown: members sorted (numbers as numbers, no group last), overall row apart, groups with figures only', async () => {
    const store = await storeWith({ ticket: TICKETS });
    const k = await computeKpis(store, ALL, { by: ['priority', 'group'] });
    const b = k.breakdowns['priority,group']!;
    expect(b.dimensions).toEqual(['priority', 'group']);
    // priority 10 after 3 (numbers, not text); within P2: Net, Zed, then the tickets with no group. The backlog
    // (the first KPI by id with groups) holds only INC4, so P2/Zed is the first member met: the order is the sort's
    expect(b.groups.map((g) => [g.priority, g.group])).toEqual([[2, 'Net'], [2, 'Zed'], [2, null], [3, null], [10, 'App']]);
    // volume counts opened tickets per member; the overall volume is all 5 (not a group's)
    expect(b.groups.map((g) => (g.kpis.volume as any)?.tickets)).toEqual([1, 1, 1, 1, 1]);
    expect(k.kpis.volume).toMatchObject({ id: 'volume', tickets: 5 });
    // mttr per member: P2/Net 2 h (INC1), P2/none 0.5 h (INC5), P3/none 1 h, P10/App 4 h; overall median of
    // 0.5, 1, 2, 4 = (1 + 2) / 2 = 1.5
    expect(b.groups.map((g) => g.kpis.mttr?.median ?? null)).toEqual([2, null, 0.5, 1, 4]);
    expect(k.kpis.mttr).toMatchObject({ n: 4, median: 1.5 });
    // no breakdown column leaks into a figure, overall or grouped
    expect(Object.keys(k.kpis.mttr!).filter((f) => f.startsWith('__'))).toEqual([]);
    for (const g of b.groups) for (const f of Object.values(g.kpis)) expect(Object.keys(f).filter((x) => x.startsWith('__'))).toEqual([]);
    // change and problem records have a priority and group; asset records do not, and availability answers
    // service, ci and month only
    expect(b.skipped).toEqual({
      assets: 'asset records have no priority, group',
      availability: 'ticket records have no priority, group',
      warranty_expiring: 'asset records have no priority, group',
    });
    store.close();
  });

  it('leaves out the KPIs a breakdown cannot answer, saying why', async () => {
    const store = await storeWith({ ticket: TICKETS });
    const k = await computeKpis(store, ALL, { by: ['month', 'channel', 'location'] });
    const b = k.breakdowns['month,channel,location']!;
    expect(b.skipped).toMatchObject({
      change_success_rate: 'change records have no channel, location',
      problems_opened: 'problem records have no channel, location',
      backlog: 'a snapshot at the period end: it has no month (run it per --month instead)',
    });
    // the month of the anchor: March (INC1, INC2, INC5 opened) and April (INC3, INC4); tickets without a channel
    // or location as null members, sorted last
    const vol = b.groups.filter((g) => g.kpis.volume).map((g) => [g.month, g.channel, g.location, (g.kpis.volume as any).tickets]);
    expect(vol).toEqual([['2024-03', 'email', null, 1], ['2024-03', 'phone', null, 2], ['2024-04', 'phone', null, 1], ['2024-04', null, null, 1]]);
    store.close();
  });

  it('rebuilds the derived tables when the SLA policies or the calendars change on the same read-only connection', async () => {
    // a read-only connection keeps its derived tables between runs (Store.once) unless what they were built for
    // changes: the same five tickets in a database file, opened read-only as report and check open it
    const db = join(tempDir(), 'kpi.duckdb');
    const writer = await Store.open(db);
    const v = (x: unknown) => (x === null ? 'NULL' : typeof x === 'string' ? `'${x}'` : String(x));
    for (const t of TICKETS) {
      const row: Record<string, unknown> = { ticket_key: `t:${t.source_id}`, ...t };
      await writer.run(`INSERT INTO ticket (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).map(v).join(', ')})`);
    }
    writer.close();
    const store = await Store.open(db, { readOnly: true });
    expect(await metric(store, 'sla_attainment_policy', ALL, configFrom(POLICY))).toMatchObject({ value: 1, n: 3 });
    // 1 h targets: INC1 (2 h) breached; INC2 (1 h, at the target) and INC5 (0.5 h) met = 2/3
    const oneHour = POLICY.replace('{ 2: 8h, 3: 8h }', '{ 2: 1h, 3: 1h }');
    expect(await metric(store, 'sla_attainment_policy', ALL, configFrom(oneHour))).toMatchObject({ value: 0.666667, n: 3 });
    // business hours 10–17: INC1 Mon 10–11 = 1 h, INC2 Tue 09–10 = 0, INC5 Wed 09:00–09:30 = 0, INC3 Tue 10–13 = 3 h:
    // median of 0, 0, 1, 3 = 0.5 h; on 09–17 they are 2, 1, 0.5, 4 h: median 1.5 h
    const cal = (from: string) => `calendars:\n  default: office\n  office:\n    timezone: UTC\n    hours:\n      mon-fri: "${from}-17:00"\n`;
    expect(await metric(store, 'mttr_business', ALL, configFrom(cal('10:00')))).toMatchObject({ n: 4, median: 0.5 });
    expect(await metric(store, 'mttr_business', ALL, configFrom(cal('09:00')))).toMatchObject({ n: 4, median: 1.5 });
    await expect(metric(store, 'no_such_metric', ALL)).rejects.toThrow("no query with id 'no_such_metric'");
    store.close();
  });

  it('availability: the period starts at its own start, the rule and weights say they are defaults, a month breakdown keeps the whole period overall', async () => {
    // one major incident (P1, impact 1) on Mail, Mon 4 Mar 00:00 → 12:00 = 720 min down. March has
    // 31 × 1,440 = 44,640 min: 1 − 720 / 44,640 = 0.983871 (weighted the same: impact 1 weighs 1)
    const store = await storeWith({
      ticket: [{ source_id: 'M1', kind: 'incident', priority: 1, impact: 1, service: 'Mail', status: 'resolved', opened_at: '2024-03-04 00:00:00+00', resolved_at: '2024-03-04 12:00:00+00' }],
    });
    const march = resolvePeriod({ month: '2024-03' });
    const k = await computeKpis(store, march, { by: ['month'] });
    expect(k.kpis.availability).toMatchObject({
      value: 0.983871,
      value_weighted: 0.983871,
      rule: 'incidents of priority 1 (the default; set metrics.major_incident_max_priority in the project config)',
      weights: 'impact 1..3 weighs 1, 0.5, 0.25 of a minute (higher impacts 0.25, no impact 1) (the default; set metrics.availability_impact_weights in the project config)',
    });
    expect(k.breakdowns.month!.groups.map((g) => [g.month, g.kpis.availability?.value])).toEqual([['2024-03', 0.983871]]);
    // March and April by month: the overall figure is the whole period's, 1 − 720 / (44,640 + 43,200) =
    // 1 − 720 / 87,840 = 0.991803, not March's; April has no member (no span touches it)
    const two = await computeKpis(store, { from: '2024-03-01T00:00:00Z', to: '2024-05-01T00:00:00Z' }, { by: ['month'] });
    expect(two.kpis.availability!.value).toBe(0.991803);
    expect(two.breakdowns.month!.groups.map((g) => [g.month, g.kpis.availability?.value])).toEqual([['2024-03', 0.983871]]);
    // the project's own weights are said to be its own
    const own = await computeKpis(store, march, { config: configFrom('metrics:\n  availability_impact_weights: [1, 0.5]\n') });
    expect(own.kpis.availability!.weights).toBe('impact 1..2 weighs 1, 0.5 of a minute (higher impacts 0.5, no impact 1) (metrics.availability_impact_weights in the project config)');
    store.close();
  });

  it('the cost model per team is stated with its amounts', async () => {
    const store = await storeWith({ ticket: TICKETS });
    const k = await metric(store, 'cost_per_ticket', resolvePeriod({ month: '2024-03' }), configFrom('metrics:\n  cost:\n    per_team_month: { Net: 1000, App: 2500.5 }\n    currency: EUR\n'));
    expect(k.model).toBe("monthly cost per team (Net 1,000, App 2,500.5 EUR), shared evenly among the team's tickets");
    store.close();
  });

  it('resolveBreakdown: names trimmed and split at commas; unknown or repeated dimensions refused', () => {
    expect(resolveBreakdown(undefined)).toEqual([]);
    expect(resolveBreakdown(' month , priority,')).toEqual(['month', 'priority']);
    expect(resolveBreakdown(['month', 'group,service'])).toEqual(['month', 'group', 'service']);
    expect(() => resolveBreakdown('month,colour,size')).toThrow(/^--by colour,size: unknown dimension; use any of month, priority, group, category, service, ci, kind, channel, assignee, location, class, status, department$/);
    expect(() => resolveBreakdown(['month', 'month'])).toThrow(/^--by names a dimension twice$/);
  });
});

describe('periodWarning', () => {
  it('says when the period selects nothing or reaches past the data, and nothing when it lies inside', async () => {
    const store = await storeWith({ ticket: TICKETS });
    const warn = async (p: Parameters<typeof periodWarning>[1]) => (await metric(store, 'volume', p), periodWarning(store, p));
    expect(await warn(ALL)).toBeNull();
    const span = "the data's opened times run from 4 Mar 2024 to 3 Apr 2024";
    expect(await warn(resolvePeriod({ month: '2024-05' }))).toBe(`warning: nothing was opened in 2024-05 (1 May 2024 – 31 May 2024, UTC): ${span}`);
    // March begins before the first opened time (4 Mar)
    expect(await warn(resolvePeriod({ month: '2024-03' }))).toBe(`warning: the data covers 2024-03 (1 Mar 2024 – 31 Mar 2024, UTC) only in part: ${span}`);
    // 5 Mar – 2 Apr lies inside 4 Mar – 3 Apr and INC2, INC5, INC3 were opened in it
    expect(await warn(resolvePeriod({ from: '2024-03-05', to: '2024-04-03' }))).toBeNull();
    // 10 – 31 Mar lies inside too, but nothing was opened in it
    expect(await warn(resolvePeriod({ from: '2024-03-10', to: '2024-04-01' }))).toBe(`warning: nothing was opened in 10 Mar 2024 – 31 Mar 2024 (UTC): ${span}`);
    // a period with one end only is a period
    expect(await warn({ from: '2024-05-01T00:00:00Z', to: null })).toBe(`warning: nothing was opened in from 1 May 2024 (UTC): ${span}`);
    expect(await warn({ from: null, to: '2024-03-01T00:00:00Z' })).toBe(`warning: nothing was opened in until 29 Feb 2024 (UTC): ${span}`);
    const empty = await storeWith({ ticket: [{ source_id: 'X', kind: 'incident' }] });
    // no period: no warning, even with no opened time at all
    await metric(empty, 'volume', ALL);
    expect(await periodWarning(empty, ALL)).toBeNull();
    await metric(empty, 'volume', resolvePeriod({ month: '2024-03' }));
    expect(await periodWarning(empty, resolvePeriod({ month: '2024-03' }))).toBe(
      'warning: no record in the database has an opened time, so the period 2024-03 (1 Mar 2024 – 31 Mar 2024, UTC) selects none',
    );
    store.close();
    empty.close();
  });
});
