/**
 * The per-ticket frame every findings test reads: `fx_ticket`, one row per ticket of the population in the
 * analysis window, with its month (also as the number `mo` = year · 12 + month) and ISO week, the dimension values, and the metrics a ticket carries:
 *
 * - `dur_h`: resolution time in hours, capped at the horizon H (the 90th percentile of resolution times,
 *   1 day … 90 days); still-open tickets count as H. Tickets opened after the coverage model's settled end
 *   (the export's end less H) are not judged (null): their resolution times are not known yet, and counting only the fast ones would make
 *   every last month look faster (right-censoring). Cancelled tickets are not judged.
 * - `sla`: the export's SLA flag, judged on the same tickets; `reopened`: reopened at least once, among
 *   judged resolved tickets that carry reopen information (kpi's reopen_rate rule; the findings anchor on
 *   the opened month, kpi on the resolved time).
 *
 * Also `fx_exposure(month, exposure)`: the weekday-weighted number of covered days of each month (a month
 * with more working days or a partial first month gets a smaller or larger expected volume).
 */
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { monthOverlaps, monthPeriod, monthStart, periodSql } from '../period/period.js';
import type { Frame } from './types.js';
import { DIMENSION_COLUMNS } from './thresholds.js';
import { defineMetricMacros } from '../metrics/macros.js';
import { loadSqlFile, sqlFragment, sqlOf } from '../store/sql-file.js';
import { COMPARABLE_SHARE, loadCoverage, loadSpans, primaryKind, shareWords, undersized, type CoverageMonth } from '../coverage/index.js';

/** The frame's statements (frame.sql says what each holds). */
export const FRAME_SQL = loadSqlFile('findings/frame.sql');
const REPRODUCE_SQL = loadSqlFile('findings/reproduce.sql');

/**
 * A reproduction query or fragment of reproduce.sql, filled: without the statement's comment lines, as the reader
 * gets it in a finding's `query`.
 */
export function reproduceSql(name: string, params: Record<string, string | number>): string {
  return sqlFragment(REPRODUCE_SQL, name, params);
}
const SQL = FRAME_SQL;

/** the opening time as a UTC wall-clock timestamp: what months and weeks are taken from */
const OPENED_UTC = 'make_timestamp(epoch_us(opened_at))';
export const MONTH_SQL = `strftime(${OPENED_UTC}, '%Y-%m')`;
/** MONTH_SQL's month as the number year · 12 + month: what the rank statements sort and join on. */
const MONTH_NUMBER_SQL = `(year(${OPENED_UTC}) * 12 + month(${OPENED_UTC}))::UINTEGER`;
export const WEEK_SQL = `date_trunc('week', ${OPENED_UTC})::DATE`;

export interface Window {
  /** analysis window (trends, change-point baselines) */
  from: string | null;
  to: string | null;
  /** reporting period (change-point months, outliers, imbalance, concentration) */
  periodFrom: string | null;
  periodTo: string | null;
}

const range = (col: string, from: string | null, to: string | null) => periodSql(col, { from, to });

type Prepared = { frame: Frame } | { reason: string };
/** What a session builds once and caches: the frame without a caller's numbering of the people not named. */
type Built = { frame: Omit<Frame, 'unnamed'> } | { reason: string };

/**
 * Builds fx_ticket and fx_exposure; returns the frame, or a reason when there is nothing to test. Built once per
 * session and window (a read-only connection reuses them); `coverage` is the coverage model's rows when the
 * caller has them already (the report), so coverage.sql does not run again.
 */
export async function prepareFrame(store: Store, w: Window, share = COMPARABLE_SHARE, coverage?: CoverageMonth[]): Promise<Prepared> {
  const prep = await store.once('findings-frame', JSON.stringify({ w, share }), () => buildFrame(store, w, share, coverage));
  // each caller gets its own notes (the tests append to them) and its own numbering of the people not named
  return 'frame' in prep ? { frame: { ...prep.frame, notes: [...prep.frame.notes], unnamed: numbering() } } : prep;
}

/** Neutral keys `#1`, `#2`, … in the order the values are first asked for. */
function numbering(): (value: string) => string {
  const keys = new Map<string, number>();
  return (value) => {
    if (!keys.has(value)) keys.set(value, keys.size + 1);
    return `#${keys.get(value)}`;
  };
}

async function buildFrame(store: Store, w: Window, share: number, coverageRows: CoverageMonth[] | undefined): Promise<Built> {
  const notes: string[] = [];
  const kinds = await store.one<{ inc: number; all: number; resolved: number; closed: number }>(sqlOf(SQL, 'kinds'));
  if (!kinds || kinds.all === 0) return { reason: 'no tickets with an opening time are loaded' };
  const kindFilter = kinds.inc > 0 ? `kind = 'incident'` : `TRUE`;
  const population = kinds.inc > 0 ? 'incidents' : 'tickets';
  if (kinds.inc === 0) notes.push('no ticket is marked as an incident: all tickets are analysed together');
  let durationEnd: Frame['durationEnd'] = 'resolved_at';
  if (kinds.inc > 0 && kinds.resolved === 0) {
    durationEnd = 'closed_at';
    notes.push('the export has no resolution time: time to close (closed_at − opened_at) stands in for resolution time');
  }
  // The horizon H and the settled end come from the coverage model (coverage-span.sql: the 90th percentile of
  // the same durations, and the export's end from its opened span), not from the latest timestamp in the data:
  // a close stamped a year after the export would otherwise let the last weeks' open tickets be judged.
  const spans = await loadSpans(store);
  const coverage = coverageRows ?? (await loadCoverage(store, spans));
  const kind = primaryKind(coverage);
  const exportSpan = spans.find((x) => x.kind === kind);
  const horizon = exportSpan?.horizon_hours ?? 24 * 7;
  const cutoff = exportSpan?.settled_end ?? new Date(Date.parse(exportSpan?.export_end ?? new Date().toISOString()) - horizon * 3600_000).toISOString();
  // Exports cover a span: months before or after it hold only the odd ticket (the long-lived ones still
  // open when the export was cut), whose durations and rates are not the period's. Leading and trailing
  // months under the coverage model's share of a typical month are left out (never the reporting period):
  // the same months report tiles and check regressions refuse to compare against (src/coverage). Partial
  // months stay: the weekday-weighted exposure below weighs their covered days.
  const monthly = await store.all<{ m: string; n: number }>(
    sqlOf(SQL, 'monthly', { month: MONTH_SQL, kind_filter: kindFilter, window: range('opened_at', w.from, w.to) }),
  );
  const cov = new Map(coverage.filter((r) => r.kind === kind).map((r) => [r.month, r]));
  const typical = Math.round(cov.values().next().value?.typical ?? 0);
  const explicit = w.periodFrom !== null || w.periodTo !== null;
  const inPeriod = (m: string) => monthOverlaps(m, { from: w.periodFrom, to: w.periodTo });
  const keep = (r: { m: string; n: number }) => {
    const c = cov.get(r.m);
    return !c || !undersized(c, share) || (explicit && inPeriod(r.m));
  };
  let lo = 0;
  let hi = monthly.length - 1;
  while (lo < hi && !keep(monthly[lo]!)) lo++;
  while (hi > lo && !keep(monthly[hi]!)) hi--;
  let from = w.from;
  let to = w.to;
  if (monthly.length && (lo > 0 || hi < monthly.length - 1)) {
    const start = monthStart(monthly[lo]!.m);
    const end = monthPeriod(monthly[hi]!.m).to;
    if (lo > 0) from = !from || start > from ? start : from;
    if (hi < monthly.length - 1) to = !to || end < to ? end : to;
    const cut = [...monthly.slice(0, lo), ...monthly.slice(hi + 1)];
    notes.push(
      `${cut.length} month${cut.length === 1 ? '' : 's'} at the edges of the export (${cut[0]!.m}${cut.length > 1 ? ` … ${cut.at(-1)!.m}` : ''}, ${cut.reduce((a, r) => a + r.n, 0)} ${population}) ` +
        `${cut.length === 1 ? 'holds' : 'hold'} less than ${shareWords(share)} of a typical month's ${typical} and ${cut.length === 1 ? 'is' : 'are'} left out: outside the export's coverage`,
    );
  }
  const coverageWindow = { from, to };
  // An export of ended tickets only lacks, after complete_until, the tickets still open when it was taken: its
  // volumes fall and its durations shrink there (HPSM March 2014), so no test looks past it
  const missingAfter = exportSpan?.closed_only ? exportSpan.complete_until : null;
  if (missingAfter && (!to || missingAfter < to)) {
    to = missingAfter;
    notes.push(
      `the export holds ended ${population} only (none is open; the last ended ${exportSpan!.last_end!.slice(0, 16).replace('T', ' ')} UTC): ` +
        `${population} opened after ${missingAfter.slice(0, 16).replace('T', ' ')} UTC are left out, as those still open when it was taken are missing (95 % are resolved within ${Math.round((Date.parse(exportSpan!.last_end!) - Date.parse(missingAfter)) / 86_400_000 * 10) / 10} days)`,
    );
  }
  const baseFilter = `${kindFilter} AND opened_at IS NOT NULL AND ${range('opened_at', from, to)}`;
  const periodFilter = `${baseFilter} AND ${range('opened_at', w.periodFrom, w.periodTo)}`;
  const judged = `(opened_at < TIMESTAMPTZ ${lit(cutoff)} AND coalesce(status, '') <> 'cancelled')`;
  const end = durationEnd;
  const dims = Object.entries(DIMENSION_COLUMNS).map(([d, c]) => `nullif(trim(${c}::VARCHAR), '') AS "${d}"`).join(', ');
  await defineMetricMacros(store);
  await store.run(
    sqlOf(SQL, 'fx_ticket', {
      month: MONTH_SQL,
      mo: MONTH_NUMBER_SQL,
      week: WEEK_SQL,
      in_period: range('opened_at', w.periodFrom, w.periodTo),
      dims,
      judged,
      end,
      horizon,
      base_filter: baseFilter,
    }),
  );
  const c = await store.one<{ n: number; np: number; sla: number; reo: number; dur: number; first: string; last: string }>(sqlOf(SQL, 'counts'));
  if (!c || c.n === 0) return { reason: `no ${population} opened in the period` };
  if (c.sla === 0) notes.push('SLA attainment not tested: the export carries no SLA flag');
  if (c.reo === 0) notes.push('reopen rate not tested: the export carries no reopen count or reopen time');
  if (c.dur === 0) notes.push(`resolution time not tested: no ${population} old enough to judge (opened before ${cutoff.slice(0, 10)}: the export's end less ${Math.round(horizon)} h)`);
  // Weekday profile of the whole window, then each month's covered days weighted by it.
  await store.run(sqlOf(SQL, 'fx_exposure', { first: `DATE ${lit(c.first)}`, last: `DATE ${lit(c.last)}` }));
  const months = await store.all<{ m: string }>(sqlOf(SQL, 'period_months'));
  const span = await store.one<{ months: number }>(sqlOf(SQL, 'span_months'));
  return {
    frame: {
      store,
      population,
      unit: (span?.months ?? 0) >= 6 ? 'month' : 'week',
      periodMonths: months.map((m) => m.m),
      durationEnd,
      baseFilter,
      periodFilter,
      horizonHours: horizon,
      settledEnd: cutoff,
      settledBy: missingAfter && cutoff === missingAfter ? 'closed_only' : 'horizon',
      notes,
      judgedSql: judged,
      coverageWindow,
      firstDay: c.first,
      lastDay: c.last,
      coveredUntil: coveredUntil(c.last, to),
      // no one named unless computeFindings is given another people policy
      person: () => null,
      memberTables: new Map(),
    },
  };
}

/**
 * The end of the data's coverage of the window (exclusive, ISO 8601): the window's end `to` when the last ticket
 * was opened on its last day (a month's window, or the closed-only cut at complete_until), else the start of the
 * last opening day: an export taken that day holds only part of it.
 */
export function coveredUntil(lastDay: string, to: string | null): string {
  const dayAfter = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString();
  if (to && Date.parse(to) <= Date.parse(dayAfter)) return new Date(Date.parse(to)).toISOString();
  return `${lastDay}T00:00:00.000Z`;
}

/**
 * The frame's dur_h in plain SQL, for reproduction queries a reader runs over `ticket` without our macros: the
 * same rule as fx_ticket (frame.sql) and kpi's resolution_hours (reproduce.sql duration).
 */
export function durationSql(f: Frame): string {
  return reproduceSql('duration', { end: f.durationEnd, horizon: f.horizonHours });
}

/** SQL of the per-ticket metric (for reproduction queries over `ticket`). */
export function metricSql(f: Frame, metric: string): string {
  const judged = f.judgedSql;
  switch (metric) {
    case 'resolution_time':
      return reproduceSql('resolution_time', { duration: durationSql(f), judged });
    case 'sla_attainment':
      return reproduceSql('sla_attainment', { judged });
    case 'reopen_rate':
      return reproduceSql('reopen_rate', { judged, end: f.durationEnd });
    default:
      return 'count(*)';
  }
}
