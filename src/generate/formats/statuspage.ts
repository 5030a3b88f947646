/**
 * Atlassian Statuspage (adapter src/sources/statuspage.ts): incidents as the status API writes them, in the
 * three shapes the adapter reads — the v2 list `{"page": {…}, "incidents": […]}` (statuspage_incidents.json),
 * the v2 maintenances list `{"page": {…}, "scheduled_maintenances": […]}`
 * (statuspage_scheduled_maintenances.json) and one incident per file (the unresolved one,
 * statuspage_incident_<id>.json). Times ISO 8601 UTC with milliseconds, as real v2 pages write them.
 *
 * A status page is not a ticket queue: it holds tens of incidents, not thousands, so this format does not
 * use the ticket tables of the other formats. `--tickets N` gives max(8, N/100) random incidents (1 or 2
 * components, 15 min – 8 h, every impact) over the months, each with investigating → identified →
 * monitoring → resolved updates (a quarter with a postmortem; the first sets the components to the impact's
 * status, the resolution back to operational), and one completed maintenance a month.
 * Planted (unless --null), in the second month (the first when there is one), which holds no random incident:
 * - overlapping outages on one service: Checkout critical 10th 10:00–12:00 and Checkout minor 11:00–13:00
 *   (merged: 180 min down, weighted 60 × 1 + 60 × max(1, 0.25) + 60 × 0.25 = 135);
 * - one incident on two components: API and Website major, 12th 08:00–09:30 (90 min on each);
 * - a scheduled maintenance on Checkout, 15th 01:00–05:00, listed among the incidents (as the manage API
 *   lists them): a change, never an outage;
 * - a component whose status changes within one incident: Mobile app, major, 20th 14:00–16:00, degraded from
 *   the first update (14:05), major outage at 14:40, operational at 15:20 (120 min down; weighted 5 × 0.5 +
 *   35 × 0.25 + 40 × 1 + 40 × 0 = 51.25, not the incident-level 60), its updates naming it "Apps - Mobile app";
 * and, in the last month, an incident still open at the export time (Email delivery, from 6 h before the
 * end), down until each period's end.
 * truth.json: counts, MTTR, and by month availability (per service: merged outage minutes, worst service,
 * weighted with the default weights) and major_incidents, computed here in JS from the planted intervals —
 * a path independent of queries/availability.sql.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedOptions } from '../options.js';
import type { Kpis, Mttr, Truth } from '../truth.js';
import { seededRandom as rng } from '../../stats/seeded-random.js';

const SERVICES = ['API', 'Checkout', 'Email delivery', 'Mobile app', 'Website'];
const IMPACTS = ['critical', 'major', 'minor', 'none'] as const;
type Impact = (typeof IMPACTS)[number];
/** the adapter's impact levels (critical 1 … none 4) through the default weights [1, 0.5, 0.25] (none: the last) */
const WEIGHT: Record<Impact, number> = { critical: 1, major: 0.5, minor: 0.25, none: 0.25 };
const PAGE = { id: 'gen0page0001', name: 'Acme Status', url: 'https://status.acme.example', time_zone: 'Etc/UTC' };

interface Inc {
  id: string;
  name: string;
  services: string[];
  impact: Impact;
  /** epoch seconds */
  start: number;
  end: number | null;
  created: number;
  /** first update's display time */
  firstComm: number;
  postmortem: boolean;
  /**
   * the components' statuses set by each update (index into the updates: investigating, identified,
   * monitoring, resolved); default: the impact's status at the first, operational at the resolution
   */
  statuses?: Record<number, string>;
  /** the component group an update's affected_components name carries ("Apps - Mobile app") */
  group?: string;
}
interface Maint {
  id: string;
  name: string;
  service: string;
  created: number;
  from: number;
  to: number;
}


const iso = (s: number) => new Date(s * 1000).toISOString();
const id12 = (prefix: string, n: number) => `${prefix}${String(n).padStart(12 - prefix.length, '0')}`;

function monthStarts(o: ResolvedOptions): number[] {
  const [y, m] = o.start.split('-').map(Number) as [number, number];
  return Array.from({ length: o.months + 1 }, (_, k) => Date.UTC(y, m - 1 + k, 1) / 1000);
}

/** the component status an incident's impact shows (Statuspage derives the impact from it the other way round) */
const STATUS_OF: Record<Impact, string> = { critical: 'major_outage', major: 'partial_outage', minor: 'degraded_performance', none: 'degraded_performance' };
/** the share of a minute availability counts for a component status (the default weights: impact 1, 2, 3) */
const STATUS_WEIGHT: Record<string, number> = { major_outage: 1, partial_outage: 0.5, degraded_performance: 0.25, operational: 0, under_maintenance: 0 };

/** the updates' statuses and display times: investigating, identified, monitoring, resolved (postmortem) */
function stepsOf(i: Inc, t1: number): [string, number][] {
  const steps: [string, number][] = [['investigating', i.firstComm]];
  if (i.end !== null && i.end <= t1) {
    const d = i.end - i.start;
    steps.push(['identified', i.start + Math.floor(d / 3 / 60) * 60], ['monitoring', i.start + Math.floor((2 * d) / 3 / 60) * 60], ['resolved', i.end]);
    if (i.postmortem) steps.push(['postmortem', i.end + 86400]);
  } else steps.push(['identified', i.firstComm + 1800]);
  return steps;
}

/** the status each update gives the components (k → status), default: the impact's at the first, operational at the resolution */
function statusesOf(i: Inc, steps: [string, number][]): Record<number, string> {
  if (i.statuses) return i.statuses;
  const out: Record<number, string> = { 0: STATUS_OF[i.impact] };
  const r = steps.findIndex(([s]) => s === 'resolved');
  if (r > 0) out[r] = 'operational';
  return out;
}

/** every component status change: time, service, status (for the truth's weighting) */
function statusChanges(i: Inc, t1: number): { at: number; service: string; status: string }[] {
  const steps = stepsOf(i, t1);
  return Object.entries(statusesOf(i, steps)).flatMap(([k, status]) => i.services.map((service) => ({ at: steps[Number(k)]![1], service, status })));
}

function incidentJson(i: Inc, t1: number): Record<string, unknown> {
  const resolved = i.end !== null && i.end <= t1;
  const steps = stepsOf(i, t1);
  const statuses = statusesOf(i, steps);
  let current = 'operational';
  const affected = (k: number) => {
    const next = statuses[k];
    if (next === undefined) return null;
    const change = i.services.map((s) => ({ code: compId(s), name: i.group ? `${i.group} - ${s}` : s, old_status: current, new_status: next }));
    current = next;
    return change;
  };
  const updates = steps
    .map(([status, t], k) => ({
      id: `${i.id}u${k}`,
      status,
      body: `${status}: ${i.name}`,
      incident_id: i.id,
      // the first update is posted a minute after it is dated (display_at is what the page shows)
      created_at: iso(k === 0 ? t + 60 : t),
      updated_at: iso(k === 0 ? t + 60 : t),
      display_at: iso(t),
      affected_components: affected(k),
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    }))
    .reverse(); // newest first, as the API lists them
  const last = steps[steps.length - 1]![1];
  return {
    id: i.id,
    name: i.name,
    status: steps[steps.length - 1]![0],
    created_at: iso(i.created),
    updated_at: iso(last),
    monitoring_at: resolved ? iso(steps[2]![1]) : null,
    resolved_at: resolved ? iso(i.end!) : null,
    impact: i.impact,
    shortlink: `https://stspg.io/${i.id.slice(-6)}`,
    started_at: iso(i.start),
    page_id: PAGE.id,
    incident_updates: updates,
    components: i.services.map((s) => component(s, last)),
  };
}

const compId = (s: string) => `c0${s.toLowerCase().replace(/[^a-z]/g, '').padEnd(10, 'x').slice(0, 10)}`;
function component(s: string, t: number): Record<string, unknown> {
  return { id: compId(s), name: s, status: 'operational', created_at: '2020-01-01T00:00:00.000Z', updated_at: iso(t), position: SERVICES.indexOf(s) + 1, description: null, showcase: true, start_date: null, group_id: null, page_id: PAGE.id, group: false, only_show_if_degraded: false };
}

function maintJson(m: Maint): Record<string, unknown> {
  const steps: [string, number][] = [['scheduled', m.created], ['in_progress', m.from], ['completed', m.to]];
  return {
    id: m.id,
    name: m.name,
    status: 'completed',
    created_at: iso(m.created),
    updated_at: iso(m.to),
    monitoring_at: null,
    resolved_at: iso(m.to),
    impact: 'maintenance',
    shortlink: `https://stspg.io/${m.id.slice(-6)}`,
    started_at: iso(m.from),
    page_id: PAGE.id,
    incident_updates: steps.map(([status, t], k) => ({ id: `${m.id}u${k}`, status, body: `${status}: ${m.name}`, incident_id: m.id, created_at: iso(t), updated_at: iso(t), display_at: iso(t), affected_components: null })).reverse(),
    components: [component(m.service, m.to)],
    scheduled_for: iso(m.from),
    scheduled_until: iso(m.to),
  };
}

/** quantile_cont: linear interpolation between the order statistics, as DuckDB computes it */
function quantile(xs: number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!);
}

function mttrOf(incs: Inc[], from: number, to: number): Mttr {
  const hours = incs.filter((i) => i.end !== null && i.end >= from && i.end < to).map((i) => (i.end! - i.start) / 3600);
  return {
    unit: 'hours', basis: 'calendar', n: hours.length,
    mean: hours.length ? hours.reduce((a, b) => a + b, 0) / hours.length : null,
    median: quantile(hours, 0.5), p90: quantile(hours, 0.9),
    ...(hours.length ? {} : { reason: 'no incident in the period has both an opened and a resolved time' }),
  };
}

/**
 * Availability over [from, to): per service, the union of its incidents' intervals (clipped; an open one runs
 * to `to`), each minute weighted by the highest weight covering it: an incident's weight at a time is its
 * component's latest status (set by an update at or before it), else its impact's. Sweep over the sorted
 * boundaries (interval ends and status changes).
 */
function availabilityOf(incs: Inc[], from: number, to: number, t1: number): Record<string, unknown> {
  const minutes = (to - from) / 60;
  const per: { service: string; down: number; weighted: number }[] = [];
  for (const s of SERVICES) {
    const iv = incs
      .filter((i) => i.services.includes(s) && i.start < to && (i.end ?? to) > from)
      .map((i) => {
        const changes = statusChanges(i, t1).filter((c) => c.service === s).sort((x, y) => x.at - y.at);
        const w = (t: number) => {
          const last = changes.filter((c) => c.at <= t).at(-1);
          return last ? STATUS_WEIGHT[last.status]! : WEIGHT[i.impact];
        };
        return { a: Math.max(i.start, from), b: Math.min(i.end ?? to, to), w, changes: changes.map((c) => c.at) };
      });
    if (iv.length === 0) continue;
    const cuts = [...new Set(iv.flatMap((x) => [x.a, x.b, ...x.changes.filter((t) => t > x.a && t < x.b)]))].sort((x, y) => x - y);
    let down = 0;
    let weighted = 0;
    for (let k = 0; k + 1 < cuts.length; k++) {
      const cover = iv.filter((x) => x.a <= cuts[k]! && x.b >= cuts[k + 1]!);
      if (cover.length === 0) continue;
      const m = (cuts[k + 1]! - cuts[k]!) / 60;
      down += m;
      weighted += m * Math.max(...cover.map((x) => x.w(cuts[k]!)));
    }
    per.push({ service: s, down, weighted });
  }
  if (per.length === 0) return { value: null, n: 0, reason: 'no incident open in the period names a service' };
  const avail = per.map((p) => ({ ...p, a: 1 - p.down / minutes, aw: 1 - p.weighted / minutes }));
  const services = Object.fromEntries(avail.map((p) => [p.service, { value: p.a, value_weighted: p.aw, down_minutes: p.down }]));
  const worst = [...avail].sort((x, y) => x.a - y.a || x.service.localeCompare(y.service))[0]!;
  return {
    value: worst.a,
    value_weighted: Math.min(...avail.map((p) => p.aw)),
    worst_service: worst.service,
    n: per.length,
    services_with_outage: per.filter((p) => p.down > 0).length,
    down_minutes: per.reduce((a, p) => a + p.down, 0),
    period_minutes: minutes,
    services,
  };
}

function majorOf(incs: Inc[], from: number, to: number, t1: number): Record<string, unknown> {
  const opened = incs.filter((i) => i.start >= from && i.start < to);
  if (opened.length === 0) return { value: null, n: 0 };
  const hours = opened.filter((i) => i.end !== null && i.end <= t1).map((i) => (i.end! - i.start) / 3600);
  const comms = opened.map((i) => (i.firstComm - i.start) / 3600);
  return {
    value: opened.length,
    n: opened.length,
    open: opened.length - hours.length,
    marked_by_tool: opened.length,
    mttr_median_hours: quantile(hours, 0.5),
    first_communication_median_hours: quantile(comms, 0.5),
    with_first_communication: comms.length,
  };
}

export async function writeStatuspage(o: ResolvedOptions, dir: string): Promise<{ files: string[]; truth: Truth }> {
  const r = rng(o.seed * 7919 + 17);
  const starts = monthStarts(o);
  const { t0, t1 } = o;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const minute = (s: number) => Math.floor(s / 60) * 60;
  const incs: Inc[] = [];
  const nRandom = Math.max(8, Math.round(o.tickets / 100));
  // the planted month holds only the planted incidents (and no random one running into it), so its figures
  // can be derived by hand
  const pk = Math.min(1, o.months - 1);
  const quiet = (t: number) => !o.null && o.months > 1 && t >= starts[pk]! - 86400 && t < starts[pk + 1]!;
  for (let k = 0; k < nRandom; k++) {
    let start = minute(t0 + r() * (t1 - t0 - 2 * 86400));
    while (quiet(start)) start = minute(t0 + r() * (t1 - t0 - 2 * 86400));
    const dur = (15 + Math.floor(r() * 466)) * 60;
    const first = pick(SERVICES);
    const second = r() < 0.25 ? pick(SERVICES.filter((s) => s !== first)) : null;
    const services = second ? [first, second].sort() : [first];
    const delay = Math.floor(r() * 11) * 60;
    incs.push({
      id: id12('gi', k + 1), name: `${pick(['Elevated errors', 'Degraded performance', 'Outage', 'Delays'])} on ${services.join(' and ')}`,
      services, impact: pick(IMPACTS), start, end: start + dur, created: start + delay, firstComm: start + delay + Math.floor(r() * 6) * 60, postmortem: r() < 0.25,
    });
  }
  const maints: Maint[] = starts.slice(0, -1).map((ms, k) => {
    const from = ms + 19 * 86400 + 2 * 3600;
    return { id: id12('gm', k + 1), name: 'Scheduled database maintenance', service: pick(SERVICES), created: from - 5 * 86400, from, to: from + 2 * 3600 };
  });
  let planted: Record<string, unknown> = { overlap: null, multi_component: null, maintenance_in_incidents: null, unresolved: null };
  const listMaints: Maint[] = [];
  if (!o.null) {
    const pm = starts[pk]!;
    const at = (day: number, h: number, m = 0) => pm + (day - 1) * 86400 + h * 3600 + m * 60;
    const p1: Inc = { id: 'gp0000000001', name: 'Checkout unavailable', services: ['Checkout'], impact: 'critical', start: at(10, 10), end: at(10, 12), created: at(10, 10, 5), firstComm: at(10, 10, 5), postmortem: true };
    const p2: Inc = { id: 'gp0000000002', name: 'Checkout slow payments', services: ['Checkout'], impact: 'minor', start: at(10, 11), end: at(10, 13), created: at(10, 11, 2), firstComm: at(10, 11, 2), postmortem: false };
    const p3: Inc = { id: 'gp0000000003', name: 'Login failures on API and Website', services: ['API', 'Website'], impact: 'major', start: at(12, 8), end: at(12, 9, 30), created: at(12, 8, 10), firstComm: at(12, 8, 10), postmortem: false };
    incs.push(p1, p2, p3);
    const m: Maint = { id: 'gp0000000004', name: 'Checkout platform upgrade', service: 'Checkout', created: at(8, 9), from: at(15, 1), to: at(15, 5) };
    listMaints.push(m);
    const u: Inc = { id: 'gp0000000005', name: 'Email delivery delayed', services: ['Email delivery'], impact: 'major', start: t1 - 6 * 3600, end: null, created: t1 - 6 * 3600 + 300, firstComm: t1 - 6 * 3600 + 300, postmortem: false };
    incs.push(u);
    // a component whose status changes within the incident (major at the incident level): degraded from the
    // first update at 14:05, major outage at 14:40, operational again at 15:20 while monitoring until 16:00;
    // the updates name it with its group, as Statuspage does
    const p6: Inc = {
      id: 'gp0000000006', name: 'Mobile app sign-in failing', services: ['Mobile app'], impact: 'major', start: at(20, 14), end: at(20, 16),
      created: at(20, 14, 5), firstComm: at(20, 14, 5), postmortem: false, statuses: { 0: 'degraded_performance', 1: 'major_outage', 2: 'operational' }, group: 'Apps',
    };
    incs.push(p6);
    planted = {
      overlap: { service: 'Checkout', incidents: [p1.id, p2.id], month: iso(pm).slice(0, 7), merged_minutes: 180, weighted_minutes: 135, separate_minutes: 240 },
      multi_component: { incident: p3.id, services: p3.services, minutes_each: 90 },
      maintenance_in_incidents: { id: m.id, service: m.service, minutes: 240, note: 'listed among the incidents with status completed: routed to the change table, never an outage' },
      unresolved: { incident: u.id, service: 'Email delivery', since: iso(u.start), file: `statuspage_incident_${u.id}.json` },
      component_statuses: {
        incident: p6.id, service: 'Mobile app', minutes: 120, incident_impact_weighted_minutes: 60,
        // 14:00–14:05 before any status: the incident's impact (major 0.5); then degraded 0.25, major outage 1, operational 0
        weighted_minutes: 5 * 0.5 + 35 * 0.25 + 40 * 1 + 40 * 0,
        statuses: ['14:05 degraded_performance', '14:40 major_outage', '15:20 operational', '16:00 resolved'],
      },
    };
  }
  const single = incs.filter((i) => i.end === null);
  const listed = incs.filter((i) => i.end !== null).sort((a, b) => b.start - a.start || a.id.localeCompare(b.id));
  const files: string[] = [];
  const write = async (name: string, body: unknown) => {
    const p = join(dir, name);
    await writeFile(p, JSON.stringify(body, null, 2) + '\n');
    files.push(p);
  };
  const page = { ...PAGE, updated_at: iso(t1 - 60) };
  await write('statuspage_incidents.json', { page, incidents: [...listed.map((i) => incidentJson(i, t1)), ...listMaints.map(maintJson)] });
  await write('statuspage_scheduled_maintenances.json', { page, scheduled_maintenances: maints.map(maintJson) });
  for (const i of single) await write(`statuspage_incident_${i.id}.json`, incidentJson(i, t1));

  const allMaints = [...maints, ...listMaints];
  const notHere = (what: string) => ({ value: null, n: 0, reason: `a status page has no ${what}` });
  const kpis: Kpis = {
    mttr: mttrOf(incs, -Infinity, Infinity),
    sla_attainment: notHere('SLA flag'),
    fcr: notHere('assignment or first-contact data'),
    reopen_rate: notHere('reopen count'),
    change_success_rate: notHere('change outcome (maintenances carry none)'),
    major_incidents: majorOf(incs, -Infinity, Infinity, t1),
  };
  const by_month: Truth['by_month'] = {};
  const availabilityByService: NonNullable<Truth['availability_by_service']> = {};
  for (let k = 0; k < o.months; k++) {
    const [from, to] = [starts[k]!, starts[k + 1]!];
    const { services, ...availability } = availabilityOf(incs, from, to, t1);
    const m = iso(from).slice(0, 7);
    if (services) availabilityByService[m] = services as NonNullable<Truth['availability_by_service']>[string];
    by_month[m] = {
      counts: { incidents: incs.filter((i) => i.start >= from && i.start < to).length, changes: allMaints.filter((m) => m.created >= from && m.created < to).length },
      kpis: { mttr: mttrOf(incs, from, to), availability, major_incidents: majorOf(incs, from, to, t1) } as Partial<Kpis>,
    };
  }
  const truth: Truth = {
    schema: 'itsm-lens/truth@1',
    format: 'statuspage',
    seed: o.seed,
    null: o.null,
    generator: { incidents: incs.length, maintenances: allMaints.length, months: o.months, start: o.start, export_time: iso(t1).replace('.000Z', 'Z'), timezone: 'UTC', time_precision: 'minutes' },
    policy: { major_incident_rule: 'every Statuspage incident is a major incident (the tool marks it so)', availability_impact_weights: 'critical 1, major 0.5, minor 0.25, none 0.25 (the default weights [1, 0.5, 0.25])' },
    period: { from: iso(t0).replace('.000Z', 'Z'), to: iso(t1).replace('.000Z', 'Z') },
    counts: { incidents: incs.length, service_requests: 0, interactions: 0, other: 0, changes: allMaints.length, problems: 0, assets: 0 },
    kpis,
    by_month,
    availability_by_service: availabilityByService,
    planted,
    links: {},
    definitions: {
      mttr: 'incidents with resolved_at: hours = (resolved_at - started_at) / 3600 s; median and p90 interpolated (quantile_cont); month of resolved_at',
      availability: 'by month only (the overall period of kpi without --month is the data span): per service named by an incident open in the month, 1 - merged outage minutes / month minutes (an unresolved incident down to the month end); value = worst service, value_weighted = the lowest weighted one, a minute weighing the highest weight covering it: the component status an update last set (major_outage 1, partial_outage 0.5, degraded_performance 0.25, operational 0), else the incident impact',
      availability_by_service: 'month → service → value, value_weighted, down_minutes, as availability by month: what kpi --by month,service gives',
      major_incidents: 'incidents by month of started_at, all major; MTTR median over resolved ones; first communication = first update display_at - started_at',
      counts: 'incidents by started_at; changes = scheduled maintenances by created_at',
      not_available: 'sla_attainment, fcr, reopen_rate, change_success_rate: a status page carries none of them',
    },
  };
  return { files, truth };
}
