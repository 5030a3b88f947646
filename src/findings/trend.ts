/**
 * `trend`: a metric rising or falling over the analysis window, overall and per member of a dimension.
 * Volume: weekly counts over the whole weeks covered (zeros included). Resolution time (median), SLA
 * attainment and reopen rate: one value per month (per week when the window is shorter than six months)
 * from whole periods with enough tickets. Mann–Kendall tests the monotone trend, Theil–Sen measures it.
 */
import { mannKendall, theilSen } from '../stats/trend.js';
import { lit } from '../store/db.js';
import { cap, count, memberCond, metricValue, periodWords, pointsWords, ratioWords, who } from './format.js';
import { FRAME_SQL, metricSql, MONTH_SQL, reproduceSql } from './prepare.js';
import { sqlOf } from '../store/sql-file.js';
import { confidentlyLarge, DIMENSION_COLUMNS, linearStrength, logRatio, METRICS, relativeStrength, TREND, type MetricId } from './thresholds.js';
import type { Candidate, Frame } from './types.js';

interface Series {
  dimension: string | null;
  member: string | null;
  metric: MetricId;
  /** [period index, value, tickets] */
  points: Array<[number, number, number]>;
  labels: string[];
}

/**
 * A frame's members per dimension and minimum, as the members query gave them: the trend and change-point tests
 * ask for four of the same dimensions with the same minimum (one scan of the frame each, not two).
 */
const membersOf = new WeakMap<Frame, Map<string, Array<{ m: string; n: number }>>>();

/** Members of each dimension large enough to test (and the overall population as dimension null). */
export async function eligibleMembers(f: Frame, dims: string[], minTickets: number, minShare: number): Promise<Array<{ dimension: string | null; member: string | null; n: number }>> {
  const total = (await f.store.one<{ n: number }>(sqlOf(FRAME_SQL, 'frame_tickets')))!.n;
  const out: Array<{ dimension: string | null; member: string | null; n: number }> = [{ dimension: null, member: null, n: total }];
  const min = Math.max(minTickets, Math.ceil(minShare * total));
  if (!membersOf.has(f)) membersOf.set(f, new Map());
  const memo = membersOf.get(f)!;
  for (const d of dims) {
    const key = `${d}\u0000${min}`;
    if (!memo.has(key)) memo.set(key, await f.store.all<{ m: string; n: number }>(sqlOf(FRAME_SQL, 'members', { dim: `"${d}"`, min })));
    const rows = memo.get(key)!;
    // a dimension with one member says nothing the overall tests do not
    if (rows.length >= 2) for (const r of rows) out.push({ dimension: d, member: r.m, n: r.n });
  }
  return out;
}

/**
 * Whether the data covers a whole week (its Monday, YYYY-MM-DD) or month (YYYY-MM): it starts on or after
 * `firstDay` (YYYY-MM-DD) and ends (exclusive) on or before `until` (ISO 8601).
 */
export function whole(label: string, firstDay: string, until: string): boolean {
  const start = label.length === 7 ? `${label}-01` : label;
  const end = new Date(`${start}T00:00:00Z`);
  if (label.length === 7) end.setUTCMonth(end.getUTCMonth() + 1);
  else end.setUTCDate(end.getUTCDate() + 7);
  return start >= firstDay && end.getTime() <= Date.parse(until);
}

const key = (d: string | null, m: string | null) => `${d ?? ''}\u0000${m ?? ''}`;

/** fx_mm's period columns and table names per unit: months (the change points, monthly trends) or weeks (weekly trends) */
const PERIOD_COLUMNS = { month: { columns: 'month, mo', table: 'fx_mm' }, week: { columns: 'week', table: 'fx_mw' } } as const;

/**
 * The temp table of a dimension's members by month or week (frame.sql fx_mm, `fx_mm_<dimension>` / `fx_mw_<dimension>`;
 * `filter` keeps the eligible members), built once per frame (its memberTables): the change points and the monthly
 * trends read the same monthly one.
 */
export async function memberPeriods(f: Frame, d: string | null, filter: string, unit: Frame['unit']): Promise<string> {
  const p = PERIOD_COLUMNS[unit];
  const name = `${p.table}_${d ?? 'all'}`;
  let t = f.memberTables.get(name);
  if (!t) {
    t = { filter, built: f.store.run(sqlOf(FRAME_SQL, 'fx_mm', { name, col: d ? `"${d}"` : `'*'`, period: p.columns, member_filter: filter })) };
    f.memberTables.set(name, t);
  }
  // one table per dimension and unit: the trends and the change points share their minimum, so the same filter
  if (t.filter !== filter) throw new Error(`${name} was built for other members than asked for`);
  await t.built;
  return name;
}

/**
 * SQL condition on fx_ticket: a dimension's eligible members only (at most 1 / minimum share of them), so that the
 * per-member aggregates of the others (50,000 CIs × 104 weeks at 1M tickets) are neither computed nor sent to JS.
 */
export function eligibleFilter(members: Array<{ dimension: string | null; member: string | null }>, d: string): string {
  const list = members.filter((m) => m.dimension === d && m.member !== null).map((m) => lit(m.member!));
  return list.length ? `"${d}" IN (${list.join(', ')})` : 'FALSE';
}

export async function trendCandidates(f: Frame): Promise<Candidate[]> {
  const members = await eligibleMembers(f, TREND.dimensions, TREND.minMemberTickets, TREND.minMemberShare);
  const wanted = new Set(members.map((m) => key(m.dimension, m.member)));
  const series: Series[] = [];
  // --- weekly volume over the whole weeks covered
  const firstMonday = new Date(`${f.firstDay}T00:00:00Z`);
  while (firstMonday.getUTCDay() !== 1) firstMonday.setUTCDate(firstMonday.getUTCDate() + 1);
  const weeks: string[] = [];
  for (let d = new Date(firstMonday); whole(d.toISOString().slice(0, 10), f.firstDay, f.coveredUntil); d.setUTCDate(d.getUTCDate() + 7)) {
    weeks.push(d.toISOString().slice(0, 10));
  }
  if (weeks.length >= TREND.minVolumePoints) {
    const idx = new Map(weeks.map((w, i) => [w, i]));
    const counts = new Map<string, number[]>();
    for (const d of [null, ...TREND.dimensions]) {
      const col = d ? `"${d}"` : 'NULL';
      const rows = await f.store.all<{ m: string | null; w: string; n: number }>(
        sqlOf(FRAME_SQL, 'weekly_volume', {
          member: col,
          first: `DATE ${lit(weeks[0]!)}`,
          last: `DATE ${lit(weeks.at(-1)!)}`,
          eligible: d ? eligibleFilter(members, d) : 'TRUE',
        }),
      );
      for (const r of rows) {
        const k = key(d, r.m);
        if (!wanted.has(k)) continue;
        if (!counts.has(k)) counts.set(k, new Array<number>(weeks.length).fill(0));
        counts.get(k)![idx.get(r.w)!] = r.n;
      }
    }
    for (const m of members) {
      const c = counts.get(key(m.dimension, m.member)) ?? new Array<number>(weeks.length).fill(0);
      series.push({ dimension: m.dimension, member: m.member, metric: 'volume', points: c.map((v, i) => [i, v, v]), labels: weeks });
    }
  }
  // --- monthly (or weekly) medians and rates
  const unitSql = f.unit === 'month' ? 'month' : `strftime(week, '%Y-%m-%d')`;
  const periods = (await f.store.all<{ t: string }>(sqlOf(FRAME_SQL, 'periods', { unit: unitSql }))).map((r) => r.t);
  // Only whole weeks (months) enter these series: a partial one (the window starting on a Tuesday, the settled
  // end on a Tuesday at 22:27) holds other weekdays and a fraction of the tickets, so its value is not the
  // period's (ServiceNow: 44.1 % SLA over the whole first week, 41.5 % over its 1–6 Mar). Left out of the fit as
  // well as the sentence: at the ends of the series it would steer the Theil–Sen line's ends and the first and
  // last values the sentence states. Durations, SLA and reopens are judged only before the settled end.
  const judgedUntil = Date.parse(f.settledEnd) < Date.parse(f.coveredUntil) ? new Date(Date.parse(f.settledEnd)).toISOString() : f.coveredUntil;
  const wholePeriod = (t: string) => whole(t, f.firstDay, judgedUntil);
  const pIdx = new Map(periods.map((t, i) => [t, i]));
  for (const d of [null, ...TREND.dimensions]) {
    const eligible = d ? eligibleFilter(members, d) : 'TRUE';
    // from the members' periods (by month, the table the change points read too)
    const rows = await f.store.all<{ m: string | null; t: string; n_dur: number; dur: number | null; n_sla: number; sla: number | null; n_reo: number; reo: number | null }>(
      sqlOf(FRAME_SQL, 'member_periods', { member: d ? 'm' : 'NULL::VARCHAR', t: unitSql, mm: await memberPeriods(f, d, eligible, f.unit) }),
    );
    const by = new Map<string, typeof rows>();
    for (const r of rows) {
      const k = key(d, r.m);
      if (!wanted.has(k)) continue;
      if (!by.has(k)) by.set(k, []);
      by.get(k)!.push(r);
    }
    for (const [k, rs] of by) {
      const [dimension, member] = k.split('\u0000');
      const sorted = rs.sort((a, b) => pIdx.get(a.t)! - pIdx.get(b.t)!);
      const mk = (metric: MetricId, n: (r: (typeof rs)[number]) => number, v: (r: (typeof rs)[number]) => number | null) =>
        series.push({
          dimension: dimension || null,
          member: dimension ? member! : null,
          metric,
          points: sorted.filter((r) => n(r) >= TREND.minPointTickets && v(r) !== null && wholePeriod(r.t)).map((r) => [pIdx.get(r.t)!, v(r)!, n(r)]),
          labels: periods,
        });
      mk('resolution_time', (r) => r.n_dur, (r) => r.dur);
      mk('sla_attainment', (r) => r.n_sla, (r) => r.sla);
      mk('reopen_rate', (r) => r.n_reo, (r) => r.reo);
    }
  }
  const out: Candidate[] = [];
  for (const s of series) {
    const minPts = s.metric === 'volume' ? TREND.minVolumePoints : TREND.minPoints;
    if (s.points.length < minPts) continue;
    const ys = s.points.map((p) => p[1]);
    const xs = s.points.map((p) => p[0]);
    if (ys.every((y) => y === ys[0])) continue;
    const mk = mannKendall(ys);
    const m = METRICS[s.metric];
    const rate = m.unit === 'proportion';
    // durations change multiplicatively: fit them on the log scale (a straight line would run below zero)
    const logScale = s.metric === 'resolution_time';
    const fitY = logScale ? ys.map((y) => Math.log(Math.max(y, 1 / 60))) : ys;
    const ts = theilSen(xs, fitY);
    const at = (x: number) => (logScale ? Math.exp(ts.intercept + ts.slope * x) : ts.intercept + ts.slope * x);
    const clamp = (v: number) => (rate ? Math.min(1, Math.max(0, v)) : Math.max(0, v));
    const start = clamp(at(xs[0]!));
    const end = clamp(at(xs.at(-1)!));
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    const effect = rate ? end - start : logScale ? end / start - 1 : mean > 0 ? (end - start) / Math.max(start, mean / 2) : 0;
    const n = s.points.reduce((a, p) => a + p[2], 0);
    const direction = effect > 0 ? 'up' : effect < 0 ? 'down' : mk.s > 0 ? 'up' : 'down';
    const column = s.dimension ? DIMENSION_COLUMNS[s.dimension]! : null;
    const cond = column ? ` AND ${memberCond(column, s.member!)}` : '';
    const unitName = s.metric === 'volume' ? 'week' : f.unit;
    const tExpr = s.metric === 'volume' || f.unit === 'week' ? `date_trunc('week', opened_at)::DATE` : MONTH_SQL;
    const firstLabel = s.labels[xs[0]!]!;
    const lastLabel = s.labels[xs.at(-1)!]!;
    const perUnit = s.metric === 'volume' ? ' a week' : '';
    const test = s.metric === 'volume' ? TREND.test.volume : TREND.test.other.replace('{unit}', f.unit);
    out.push({
      id: `trend:${s.metric}:${s.dimension ?? 'all'}=${s.member ?? '*'}`,
      kind: 'trend',
      metric: s.metric,
      dimension: s.dimension,
      member: s.member,
      at: null,
      direction,
      effect,
      effect_kind: m.effectKind,
      value: end,
      baseline: start,
      unit: m.unit,
      p_value: mk.p,
      n,
      test,
      query: reproduceSql('per_period', { period: tExpr, unit: unitName, metric: metricSql(f, s.metric), name: s.metric, tickets: '', filter: `${f.baseFilter}${cond}` }),
      large: rate ? confidentlyLarge(effect, m.minEffect, mk.p) : confidentlyLarge(logRatio(1 + effect), Math.log(1 + m.minEffect), mk.p),
      strength: rate ? linearStrength(effect, m.minEffect) : relativeStrength(1 + effect, 1 + m.minEffect),
      series: { unit: unitName as 'week' | 'month', points: s.points.map(([x, v, k]) => ({ at: s.labels[x]!, value: v, n: k })) },
      // the observed first and last points, and the fitted line's ends (what value and baseline hold) named as fitted
      describe: () =>
        `${cap(m.label)} of ${f.population}${who(s.dimension, s.member)} ${direction === 'up' ? 'rose' : 'fell'} from ${periodWords(firstLabel)} to ${periodWords(lastLabel)}: ` +
        `${metricValue(m.unit, ys[0]!)}${perUnit} observed in the first ${unitName}, ${metricValue(m.unit, ys.at(-1)!)} in the last; ` +
        // the change is the fitted line's: said next to it, as the observed ends may differ (HPSM: 2.5× observed, 20× fitted)
        `the fitted trend went from ${metricValue(m.unit, start)} to ${metricValue(m.unit, end)} over ${count(s.points.length, unitName)} (fitted: ${rate ? pointsWords(effect) : ratioWords(end / start, s.metric === 'volume' ? 'count' : 'time')}).`,
    });
  }
  return out;
}
