/**
 * `change_point`: a month of the reporting period whose metric departs from the other months of the
 * analysis window (with `--month`, the preceding eleven months), overall and per member of the dimensions
 * in CHANGE_POINT. Volume: Poisson rate against the other months, exposure = covered days weighted by the
 * weekday profile; SLA attainment and reopen rate: two-proportion z; both with the variance scaled by the
 * other months' own dispersion (real months vary more than sampling noise). Resolution time: Mann–Whitney
 * of the month's tickets against the other months' tickets.
 */
import { mannWhitney } from '../stats/rank.js';
import { proportionShift, rateShift } from '../stats/counts.js';
import { cap, count, memberCond, metricValue, pointsWords, ratioWords, who } from './format.js';
import { monthName } from '../coverage/index.js';
import { monthPart } from '../period/period.js';
import { FRAME_SQL, metricSql, MONTH_SQL, reproduceSql } from './prepare.js';
import { CHANGE_POINT, confidentlyLarge, DIMENSION_COLUMNS, linearStrength, logRatio, METRICS, relativeStrength, type MetricId } from './thresholds.js';
import { eligibleFilter, eligibleMembers, memberPeriods } from './trend.js';
import type { Candidate, Frame } from './types.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

const SQL = loadSqlFile('findings/changepoint.sql');

interface MonthRow {
  m: string | null;
  month: string;
  n: number;
  n_sla: number;
  x_sla: number;
  n_reo: number;
  x_reo: number;
  n_dur: number;
  r1: number | null;
  med: number | null;
  med_rest: number | null;
  n_dur_all: number | null;
  ties: number | null;
}

export async function changePointCandidates(f: Frame): Promise<Candidate[]> {
  const members = await eligibleMembers(f, CHANGE_POINT.dimensions, CHANGE_POINT.minMemberTickets, CHANGE_POINT.minMemberShare);
  const wanted = new Set(members.map((m) => `${m.dimension ?? ''}\u0000${m.member ?? ''}`));
  const exposure = new Map(
    (await f.store.all<{ month: string; exposure: number }>(sqlOf(FRAME_SQL, 'exposure'))).map((r) => [r.month, r.exposure]),
  );
  const periodMonths = new Set(f.periodMonths);
  const out: Candidate[] = [];
  for (const d of [null, ...CHANGE_POINT.dimensions]) {
    const col = d ? `"${d}"` : `'*'`;
    // Per member and month: counts, rates, and the month's rank sum of resolution time within the member
    // (changepoint.sql: stage tables, so that the sorts of a 10M-ticket frame can spill).
    const filter = d ? eligibleFilter(members, d) : 'TRUE';
    const mm = await memberPeriods(f, d, filter, 'month');
    await f.store.run(sqlOf(SQL, 'cp_g', { mm }));
    await f.store.run(sqlOf(SQL, 'cp_rj', { col }));
    const rows = await f.store.all<MonthRow>(sqlOf(SQL, 'cp_month', { mm }));
    await f.store.run(sqlOf(SQL, 'cp_drop'));
    const by = new Map<string, MonthRow[]>();
    for (const r of rows) {
      const k = `${d ?? ''}\u0000${d ? r.m : ''}`;
      if (!wanted.has(k)) continue;
      if (!by.has(k)) by.set(k, []);
      by.get(k)!.push(r);
    }
    for (const [k, rs] of by) {
      const member = d ? k.split('\u0000')[1]! : null;
      for (const cur of rs) {
        if (!periodMonths.has(cur.month)) continue;
        // with --month the baseline is the months before it; otherwise every other month of the window
        const others = rs.filter((o) => o.month !== cur.month && (f.periodMonths.length > 1 || o.month < cur.month));
        // the member's observed monthly values of a metric, for the finding's series
        const observed = (metric: MetricId): Array<{ at: string; value: number; n: number }> =>
          [...rs].sort((a, b) => a.month.localeCompare(b.month)).flatMap((r) => {
            if (metric === 'volume') return [{ at: r.month, value: r.n, n: r.n }];
            if (metric === 'sla_attainment') return r.n_sla ? [{ at: r.month, value: r.x_sla / r.n_sla, n: r.n_sla }] : [];
            if (metric === 'reopen_rate') return r.n_reo ? [{ at: r.month, value: r.x_reo / r.n_reo, n: r.n_reo }] : [];
            return r.n_dur && r.med !== null ? [{ at: r.month, value: r.med, n: r.n_dur }] : [];
          });
        const push = (metric: MetricId, n: number, baseMonths: string[], test: { z: number; p: number }, value: number, baseline: number, testName: string) => {
          const nOthers = baseMonths.length;
          if (n < (d ? CHANGE_POINT.minMemberMonthTickets : CHANGE_POINT.minMonthTickets) || nOthers < CHANGE_POINT.minOtherMonths) return;
          const m = METRICS[metric];
          const rate = m.unit === 'proportion';
          const effect = rate ? value - baseline : baseline > 0 ? value / baseline - 1 : 0;
          const direction = effect > 0 ? 'up' : 'down';
          const column = d ? DIMENSION_COLUMNS[d]! : null;
          const cond = column ? ` AND ${memberCond(column, member!)}` : '';
          out.push({
            id: `change_point:${metric}:${d ?? 'all'}=${member ?? '*'}@${cur.month}`,
            kind: 'change_point',
            metric,
            dimension: d,
            member,
            at: cur.month,
            direction,
            effect,
            effect_kind: m.effectKind,
            value,
            baseline,
            unit: m.unit,
            p_value: test.p,
            n,
            test: testName,
            query: reproduceSql('per_period', { period: MONTH_SQL, unit: 'month', metric: metricSql(f, metric), name: metric, tickets: metric === 'volume' ? '' : ', count(*) AS tickets', filter: `${f.baseFilter}${cond}` }),
            large: rate ? confidentlyLarge(effect, m.minEffect, test.p) : confidentlyLarge(logRatio(1 + effect), Math.log(1 + m.minEffect), test.p),
            strength: rate ? linearStrength(effect, m.minEffect) : relativeStrength(1 + effect, 1 + m.minEffect),
            series: { unit: 'month', points: observed(metric) },
            // volume compares exposure-weighted rates: the sentence gives the observed count too, and names the weighting;
            // the baseline is named exactly: which months, how many
            describe: () => {
              const base = baselineMonths(cur.month, baseMonths, f.periodMonths.length > 1);
              const what = `${cap(m.label)} of ${f.population}${who(d, member)} opened ${openedIn(f, cur.month, metric)}`;
              // "2.4× as long as", "13× faster than", "down 27.1 points on": the connective follows the words
              const against = (words: string) => `${words} ${/ as (long|many)$/.test(words) ? 'as' : / faster$/.test(words) ? 'than' : 'on'}`;
              if (metric === 'volume') {
                return `${what} was ${cur.n} observed, ${metricValue(m.unit, value)} per month once weighted by its working days: ${against(ratioWords(value / baseline, 'count'))} the ${metricValue(m.unit, baseline)} per month of ${base}.`;
              }
              const change = rate ? pointsWords(effect) : ratioWords(value / baseline, 'time');
              return `${metric === 'resolution_time' ? 'Median ' + what.charAt(0).toLowerCase() + what.slice(1) : what} was ${metricValue(m.unit, value)}, ${against(change)} the ${metricValue(m.unit, baseline)} of ${base}.`;
            },
          });
        };
        // volume: per-month rate on the weekday-weighted exposure
        const e = exposure.get(cur.month) ?? 0;
        const oth = others.map((o) => ({ x: o.n, e: exposure.get(o.month) ?? 0 })).filter((o) => o.e > 0);
        if (e > 0 && oth.length) {
          const t = rateShift(cur.n, e, oth);
          const rateOthers = oth.reduce((s, o) => s + o.x, 0) / oth.reduce((s, o) => s + o.e, 0);
          // expressed per 30.4 average days' exposure so value and baseline read as monthly volumes
          const perMonth = [...exposure.values()].reduce((s, x) => s + x, 0) / Math.max(1, exposure.size);
          push('volume', cur.n, others.filter((o) => (exposure.get(o.month) ?? 0) > 0).map((o) => o.month), t, (cur.n / e) * perMonth, rateOthers * perMonth, CHANGE_POINT.test.volume);
        }
        for (const [metric, nn, xx] of [['sla_attainment', 'n_sla', 'x_sla'], ['reopen_rate', 'n_reo', 'x_reo']] as const) {
          const withData = others.filter((r) => r[nn] > 0);
          const o = withData.map((r) => ({ x: r[xx], n: r[nn] }));
          if (!cur[nn] || !o.length) continue;
          const t = proportionShift(cur[xx], cur[nn], o);
          push(metric, cur[nn], withData.map((r) => r.month), t, cur[xx] / cur[nn], o.reduce((s, r) => s + r.x, 0) / o.reduce((s, r) => s + r.n, 0), CHANGE_POINT.test.proportion);
        }
        if (cur.n_dur > 0 && cur.r1 !== null && cur.med !== null && cur.med_rest !== null && cur.n_dur_all) {
          const t = mannWhitney({ n1: cur.n_dur, n2: cur.n_dur_all - cur.n_dur, r1: cur.r1, ties: cur.ties ?? 0 });
          push('resolution_time', cur.n_dur, others.filter((o) => o.n_dur > 0).map((o) => o.month), t, cur.med, cur.med_rest, CHANGE_POINT.test.resolution_time);
        }
      }
    }
  }
  return out;
}

/**
 * "in Mar 2014", or the days of the month the metric was judged on: "1–11 Mar 2014" when the window ends inside
 * it. Volume counts tickets opened up to the window's last day; the other metrics judge only tickets opened
 * before the settled end (an export of ended tickets only: complete_until).
 */
function openedIn(f: Frame, month: string, metric: MetricId): string {
  const lastJudged = new Date(Date.parse(f.settledEnd) - 1).toISOString().slice(0, 10);
  const last = metric === 'volume' || lastJudged > f.lastDay ? f.lastDay : lastJudged;
  const part = monthPart(month, f.firstDay, last);
  return /^\d/.test(part) ? (part.includes('–') ? part : `on ${part}`) : `in ${part}`;
}

/**
 * The months a change point is set against, named exactly: "the other 11 months (Mar 2015 … Mar 2016)", or with
 * --month "the 11 months before it (…)". Each metric names its own: a month without SLA flags is not in
 * the SLA baseline.
 */
function baselineMonths(month: string, months: string[], others: boolean): string {
  const sorted = [...months].sort();
  const span = sorted.length > 1 ? ` (${monthName(sorted[0]!)} … ${monthName(sorted.at(-1)!)})` : sorted.length ? ` (${monthName(sorted[0]!)})` : '';
  const all = sorted.every((m) => m < month);
  return others && !all ? `the other ${count(sorted.length, 'month')}${span}` : `the ${count(sorted.length, 'month')} before it${span}`;
}
