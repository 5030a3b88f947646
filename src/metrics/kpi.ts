import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { UserError } from '../errors.js';
import type { ProjectConfig } from '../config/project.js';
import { ALL_DIMENSIONS } from './dimensions.js';
import { LATEST_TICKET_TIME, prepareDerived } from './prepare.js';
import { reconcileSummary } from '../sla/reconcile.js';
import { loadQueries, renderQuery, unsupportedDims, type MetricQuery } from './queries.js';
import { day, periodSql, periodWords, reachesOutside, type Period } from '../period/period.js';
import { defineMetricMacros } from './macros.js';
import type { KpiBreakdown, KpiDocument, KpiEntry, KpiGroup } from './kpi-document.js';
import { round } from '../stats/round.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** kpi's own statements: the period and settings macros, the data's span (kpi.sql says what each holds). */
const SQL = loadSqlFile('metrics/kpi.sql');

// the period's home is src/period; re-exported for the many callers (and tests) that take it with computeKpis
export { resolvePeriod, type Period } from '../period/period.js';

/** `--by month,priority` → validated dimension names. */
export function resolveBreakdown(by: string | string[] | undefined): string[] {
  const dims = (Array.isArray(by) ? by : by ? [by] : []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = dims.filter((d) => !ALL_DIMENSIONS.includes(d));
  if (unknown.length) throw new UserError(`--by ${unknown.join(',')}: unknown dimension; use any of ${ALL_DIMENSIONS.join(', ')}`);
  if (new Set(dims).size !== dims.length) throw new UserError(`--by names a dimension twice`);
  return dims;
}

/** Settings a metric may read through macros; from the project config, with these defaults. */
export interface MetricSettings {
  /** days after a change's end within which an incident on the same CI counts as caused by it */
  changeFailureWindowDays: number;
  /** an incident of this priority or higher (1 = highest) is a major incident */
  majorIncidentMaxPriority: number;
  /** impact (1 = highest) → share of an outage minute counted by weighted availability; higher impacts take the last */
  impactWeights: number[];
  /** the settings the project config left at their defaults (outputs say "default" for them) */
  defaulted: string[];
  /**
   * service name → the calendar (under `calendars:`) its business-hours availability is measured on
   * (metrics.availability_calendars); a service not listed uses the default calendar
   */
  availabilityCalendars?: Record<string, string>;
  /** the service desk's cost (metrics.cost): a monthly total, a monthly cost per team (assignment group) or per channel, or an hourly rate × time worked */
  cost?: { perMonth?: number; perTeamMonth?: Record<string, number>; perChannelMonth?: Record<string, number>; hourlyRate?: number; currency?: string };
}
export const DEFAULT_SETTINGS: MetricSettings = {
  changeFailureWindowDays: 7,
  majorIncidentMaxPriority: 1,
  // full outage, partial, degraded: a stated default, not a standard (issue 24)
  impactWeights: [1, 0.5, 0.25],
  defaulted: ['change_failure_window_days', 'major_incident_max_priority', 'availability_impact_weights'],
};

/**
 * Macros every query may use: those of macros.sql (reopen rules, duration statistics), `in_period(ts)` (no period = everything), `period_end()` (the period's end,
 * else the latest time in the data: the "as of" instant for backlog and ages), and the settings.
 */
async function defineMacros(store: Store, p: Period, settings: MetricSettings): Promise<string> {
  await defineMetricMacros(store);
  // one scan for both ends of the data: the "as of" instant, and availability's start
  // (the data's, not the period's: a read-only session, e.g. a report's dozen KPI runs, scans for them once)
  const latest = await store.once('kpi-data-ends', '', () => store.one<{ t: string | null; first: string | null }>(sqlOf(SQL, 'data_ends', { latest: LATEST_TICKET_TIME })));
  const end = p.to ?? latest?.t ?? new Date().toISOString();
  const ts = (t: string) => `TIMESTAMPTZ ${lit(t)}`;
  await store.run(sqlOf(SQL, 'period_macros', { in_period: periodSql('ts', p), start: ts(p.from ?? latest?.first ?? end) }));
  await store.run(sqlOf(SQL, 'as_of_macros', { end: ts(end) }));
  const w = settings.impactWeights;
  const dflt = (k: string) => (settings.defaulted.includes(k) ? ' (the default; set metrics.' + k + ' in the project config)' : ' (metrics.' + k + ' in the project config)');
  const byPriority = `incidents of priority ${settings.majorIncidentMaxPriority === 1 ? '1' : `1-${settings.majorIncidentMaxPriority}`}${dflt('major_incident_max_priority')}`;
  await store.run(
    sqlOf(SQL, 'settings_macros', {
      change_failure_window_days: Math.trunc(settings.changeFailureWindowDays),
      major_incident_max_priority: Math.trunc(settings.majorIncidentMaxPriority),
      // the rule as stated in the output: `marked` = some record in the result carries the tool's mark
      major_rule_marked: lit(`the tool's own mark where the record has one (ServiceNow major_incident_state accepted; Freshservice Major incident type set; TOPdesk majorCall; every Statuspage incident), else ${byPriority}`),
      major_rule: lit(byPriority),
      impact_weights: w.map((x, i) => `WHEN impact <= ${i + 1} THEN ${x}`).join(' '),
      last_weight: w.at(-1)!,
      impact_weights_rule: lit(`impact 1..${w.length} weighs ${w.join(', ')} of a minute (higher impacts ${w.at(-1)}, no impact 1)${dflt('availability_impact_weights')}`),
    }),
  );
  const cost = settings.cost;
  const teams = Object.entries(cost?.perTeamMonth ?? {});
  const channels = Object.entries(cost?.perChannelMonth ?? {});
  const caseOf = (arg: string, pairs: [string, number][]) => (pairs.length ? `CASE ${pairs.map(([k, v]) => `WHEN ${arg} = ${lit(k)} THEN ${v}`).join(' ')} END` : 'NULL::DOUBLE');
  const cur = cost?.currency ? ` ${cost.currency}` : '';
  const amount = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  const list = (pairs: [string, number][]) => pairs.map(([k, v]) => `${k} ${amount(v)}`).join(', ');
  const model = cost?.hourlyRate !== undefined
    ? `hourly rate ${amount(cost.hourlyRate)}${cur} × the time worked logged on each ticket`
    : teams.length
    ? `monthly cost per team (${list(teams)}${cur}), shared evenly among the team's tickets`
    : channels.length
    ? `monthly cost per channel (${list(channels)}${cur}), shared evenly among the tickets opened through the channel`
    : cost?.perMonth !== undefined
      ? `monthly cost ${amount(cost.perMonth)}${cur}, shared evenly among the period's tickets`
      : null;
  await store.run(
    sqlOf(SQL, 'cost_macros', {
      per_month: cost?.perMonth ?? 'NULL::DOUBLE',
      by_team: teams.length ? 'TRUE' : 'FALSE',
      team_cost: caseOf('team', teams),
      by_channel: channels.length ? 'TRUE' : 'FALSE',
      channel_cost: caseOf('channel', channels),
      per_hour: cost?.hourlyRate ?? 'NULL::DOUBLE',
      model: model ? lit(model) : 'NULL::VARCHAR',
      currency: cost?.currency ? lit(cost.currency) : 'NULL::VARCHAR',
    }),
  );
  return end;
}

/**
 * The derived per-ticket tables (prepare.ts), built once per session: a read-only connection reuses them
 * while the calendars, SLA policies and "as of" instant (recomputed SLAs run to it) are the same, so a report's
 * dozen KPI runs build them once.
 */
async function ensureDerived(store: Store, config: ProjectConfig | undefined, asOf: string): Promise<void> {
  const key = JSON.stringify({ sla: config?.sla ?? null, calendars: config?.calendars ?? null, byService: config?.settings.availabilityCalendars ?? null, asOf });
  await store.once('metrics-derived', key, () => prepareDerived(store, config));
}

type Row = Record<string, unknown>;


/** Runs one metric for a breakdown; rows carry `__d_<dim>` columns and the metric's fields. */
async function runMetric(store: Store, q: MetricQuery, dims: string[]): Promise<Row[]> {
  const { base, sql } = renderQuery(q, dims);
  if (base) await store.run(sqlOf(SQL, 'base_view', { base }));
  const rows = await store.all(sql);
  return rows.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) if (!(k === 'reason' && v === null)) out[k] = typeof v === 'number' && !Number.isInteger(v) ? round(v) : v;
    if ('value' in out && out.value === null && !out.reason) out.reason = 'no data';
    return out;
  });
}

/**
 * One metric's overall row, as computeKpis would give it (same macros, derived tables and rounding), without
 * running the others: for value tests of a single query file.
 */
export async function computeMetric(store: Store, id: string, period: Period, opts: KpiOptions = {}): Promise<Row> {
  const q = loadQueries().find((m) => m.id === id);
  if (!q) throw new Error(`no query with id '${id}'`);
  const asOf = await defineMacros(store, period, opts.config?.settings ?? DEFAULT_SETTINGS);
  await ensureDerived(store, opts.config, asOf);
  return (await runMetric(store, q, []))[0] ?? {};
}

const describe = (q: MetricQuery) => ({ unit: q.unit, definition: q.definition, variant: q.variant, denominator: q.denominator, query: q.file });

export interface KpiOptions {
  by?: string[];
  /** the project config: calendars, SLA policies, settings */
  config?: ProjectConfig;
  /**
   * Only these KPIs (every variant query of each; `counts` always): for callers that read a few figures, such
   * as tests comparing the generator's truth.json (~0.06 CPU-s a month instead of ~0.17 for all 37 queries).
   */
  kpis?: readonly string[];
}

/** The KPI ids of the kpi@1 document, in its order (the keys of `kpis` when all are computed). */
export function kpiIds(): string[] {
  return [...new Set(loadQueries().filter((q) => q.table !== 'none').map((q) => q.kpi))].sort((a, b) => a.localeCompare(b));
}

/** The kpi@1 document (DESIGN.md contract), with `breakdowns` when dimensions are asked for. */
export async function computeKpis(store: Store, period: Period, opts: KpiOptions = {}): Promise<KpiDocument> {
  const { queries, metrics, dims, overall, grouped } = await runMetrics(store, period, opts, false);
  const countsQuery = queries.find((q) => q.id === 'counts');
  const counts = countsQuery ? (await runMetric(store, countsQuery, []))[0] ?? {} : {};

  // Several queries may feed one KPI (FCR variants): the best-ranked one with data wins, the rest are listed.
  const chosen = pickQueries(metrics, overall);
  const ranks = rankedByKpi(metrics);
  const kpis: Record<string, KpiEntry> = {};
  for (const [kpi, pick] of chosen) {
    const entry: KpiEntry = { ...describe(pick), ...overall.get(pick.id)!, id: pick.id };
    const ranked = ranks.get(kpi)!;
    if (ranked.length > 1) {
      entry.alternatives = ranked
        .filter((q) => q !== pick)
        .map((q) => {
          const r = overall.get(q.id)!;
          return {
            id: q.id, value: r.value ?? null, n: r.n, definition: q.definition,
            // tickets whose policy SLA is still running: an all-open policy shows them here, not nowhere
            ...(typeof r.in_progress === 'number' && r.in_progress > 0 ? { in_progress: r.in_progress } : {}),
            ...(r.reason ? { reason: r.reason } : {}),
          };
        });
    }
    kpis[kpi] = entry;
  }
  const reconciliation = await reconcileSummary(store);
  if (reconciliation && kpis.sla_attainment) kpis.sla_attainment.reconciliation = reconciliation;

  const breakdowns: Record<string, KpiBreakdown> = {};
  if (dims.length) breakdowns[dims.join(',')] = buildBreakdown(chosen, grouped, dims);

  // the data's span, not the period's: scanned once per read-only session (as data_ends)
  const span = await store.once('kpi-data-span', '', () => store.one<{ first: string | null; last: string | null }>(sqlOf(SQL, 'data_span')));
  return {
    schema: 'itsm-lens/kpi@1',
    period: { from: period.from, to: period.to, data_from: span?.first ?? null, data_to: span?.last ?? null },
    counts,
    kpis,
    breakdowns,
  };
}

/**
 * The breakdown alone, as computeKpis(store, period, opts).breakdowns[by] gives it, for a caller that reads
 * nothing else (the report's charts): the overall rows a breakdown's own passes do not give are not computed
 * (a snapshot's at the period end, a month-sliced span metric's second pass: ~0.5 CPU-s of a 1M report's trend
 * run), nor the counts and the SLA reconciliation. Only where a KPI has one query: with several, the overall
 * rows pick the variant whose groups are shown, and they run as in computeKpis.
 */
export async function computeBreakdown(store: Store, period: Period, opts: KpiOptions & { by: string[] }): Promise<KpiBreakdown> {
  const { metrics, dims, overall, grouped } = await runMetrics(store, period, opts, true);
  return buildBreakdown(pickQueries(metrics, overall), grouped, dims);
}

/**
 * Runs the metrics: each one's overall row and, with a breakdown, its groups. `breakdownOnly`: a KPI of a
 * single query gets no pass for its overall row alone (computeBreakdown).
 */
async function runMetrics(store: Store, period: Period, opts: KpiOptions, breakdownOnly: boolean) {
  const asOf = await defineMacros(store, period, opts.config?.settings ?? DEFAULT_SETTINGS);
  await ensureDerived(store, opts.config, asOf);
  const queries = loadQueries();
  const metrics = queries.filter((q) => q.table !== 'none' && (!opts.kpis || opts.kpis.includes(q.kpi)));
  const dims = opts.by ?? [];
  const overallBits = 2 ** dims.length - 1;
  const variants = rankedByKpi(metrics);
  const alone = (q: MetricQuery) => breakdownOnly && variants.get(q.kpi)!.length === 1;
  // Each metric runs once: with a breakdown its query returns the overall row and the groups together.
  const overall = new Map<string, Row>();
  const grouped = new Map<string, Row[]>();
  for (const q of metrics) {
    const useDims = dims.length && unsupportedDims(q, dims).length === 0 ? dims : [];
    if (!useDims.length && alone(q)) continue;
    const rows = await runMetric(store, q, useDims);
    if (!useDims.length) {
      overall.set(q.id, rows[0] ?? {});
      continue;
    }
    const strip = ({ __g, ...rest }: Row) => (void __g, rest);
    // the overall row's breakdown columns are NULL (grouping set ()); they are not fields of the KPI. A span
    // metric sliced by month has no overall row among its groups (the worst service-month is not the
    // period's worst service): it runs once more over the whole period.
    const sliced = q.spans && useDims.includes('month');
    if (!(sliced && alone(q))) {
      const overallRow = sliced ? (await runMetric(store, q, []))[0] ?? {} : strip(rows.find((r) => r.__g === overallBits) ?? {});
      for (const k of Object.keys(overallRow)) if (k.startsWith('__d_')) delete overallRow[k];
      overall.set(q.id, overallRow);
    }
    grouped.set(q.id, rows.filter((r) => r.__g === 0).map(strip));
  }
  return { queries, metrics, dims, overall, grouped };
}

/** Per KPI, in id order, the query it shows: the best-ranked one with data (a KPI of one query: that one). */
function pickQueries(metrics: MetricQuery[], overall: Map<string, Row>): Map<string, MetricQuery> {
  const chosen = new Map<string, MetricQuery>();
  for (const [kpi, ranked] of rankedByKpi(metrics)) chosen.set(kpi, ranked.find((q) => Number(overall.get(q.id)?.n ?? 0) > 0) ?? ranked[0]!);
  return chosen;
}

/** Each KPI's queries, best-ranked first, the KPIs in id order. */
function rankedByKpi(metrics: MetricQuery[]): Map<string, MetricQuery[]> {
  const byKpi = new Map<string, MetricQuery[]>();
  for (const q of metrics) byKpi.set(q.kpi, [...(byKpi.get(q.kpi) ?? []), q]);
  return new Map([...byKpi].sort(([a], [b]) => a.localeCompare(b)).map(([kpi, qs]) => [kpi, [...qs].sort((a, b) => a.rank - b.rank)]));
}

function buildBreakdown(chosen: Map<string, MetricQuery>, grouped: Map<string, Row[]>, dims: string[]): KpiBreakdown {
  const groups = new Map<string, KpiGroup>();
  const skipped: Record<string, string> = {};
  for (const [kpi, q] of chosen) {
    const missing = unsupportedDims(q, dims);
    if (missing.length) {
      skipped[kpi] =
        q.table !== 'none' && !q.anchor && missing.includes('month')
          ? 'a snapshot at the period end: it has no month (run it per --month instead)'
          : `${q.table} records have no ${missing.join(', ')}`;
      continue;
    }
    for (const r of grouped.get(q.id) ?? []) {
      const keyVals = dims.map((d) => r[`__d_${d}`] ?? null);
      const key = JSON.stringify(keyVals);
      if (!groups.has(key)) groups.set(key, { ...Object.fromEntries(dims.map((d, i) => [d, keyVals[i]])), kpis: {} });
      const fields: Row = {};
      for (const [k, v] of Object.entries(r)) if (!k.startsWith('__d_')) fields[k] = v;
      groups.get(key)!.kpis[kpi] = fields;
    }
  }
  const sorted = [...groups.values()].sort((a, b) => compareKeys(dims.map((d) => a[d]), dims.map((d) => b[d])));
  return { dimensions: dims, groups: sorted, ...(Object.keys(skipped).length ? { skipped } : {}) };
}

/**
 * A line for stderr when the period lies outside the data or reaches past it (else null), with the data's
 * span of opened times (tickets, changes, problems), so a page of n/a is not mistaken for a quiet month.
 * Call after computeKpis (it reads the in_period macro).
 */
export async function periodWarning(store: Store, period: Period): Promise<string | null> {
  if (!period.from && !period.to) return null;
  const r = await store.one<{ first: string | null; last: string | null; inside: number }>(sqlOf(SQL, 'opened_span'));
  const what = periodWords(period);
  if (!r?.first || !r.last) return `warning: no record in the database has an opened time, so the period ${what} selects none`;
  const span = `the data's opened times run from ${day(r.first)} to ${day(r.last)}`;
  if (!r.inside) return `warning: nothing was opened in ${what}: ${span}`;
  if (reachesOutside(period, { first: r.first, last: r.last })) return `warning: the data covers ${what} only in part: ${span}`;
  return null;
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return 0;
}
