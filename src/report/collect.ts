import type { ProjectConfig } from '../config/project.js';
import { effectiveTarget, type EffectiveTarget } from '../config/targets.js';
import { computeBreakdown, computeKpis } from '../metrics/kpi.js';
import { loadQueries, renderQuery, type MetricQuery } from '../metrics/queries.js';
import { lit, type Store } from '../store/db.js';
import { type ChartDef, type ReportDefinition, type TableDef, type TileDef } from './definition.js';
import { monthLabel, type ReportPeriods } from './periods.js';
import { monthPeriod } from '../period/period.js';
import { formatChange, formatValue } from './format.js';
import { collectExtras, type Extras } from './extras.js';
import { reportQuerySql } from './report-queries.js';
import { LOWER_BOUND_NOTE, reasonFor, type KpiBreakdown, type KpiDocument } from '../metrics/kpi-document.js';
import { applyChartRules } from './chart-rules.js';
import { peopleFor } from '../privacy/people.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** kpi's statements, for a snapshot KPI's monthly series (src/metrics/kpi.sql as_of_macros, base_view). */
const KPI_SQL = loadSqlFile('metrics/kpi.sql');

/** Every chart's data has these columns, fixed by us (never field names taken from the data). */
export interface ChartRow {
  x: string;
  series: string;
  value: number | null;
  n: number | null;
  /** the series' place in the legend and the stack (definition order, or members in their natural order) */
  order?: number;
}

export interface ChartData {
  def: ChartDef;
  rows: ChartRow[];
  /** why there is no chart (the section says it in one line instead) */
  reason: string | null;
  note: string | null;
  /** the values are lower bounds (queries/backlog.sql on an export of closed tickets only): no change is stated */
  lowerBound?: true;
}

/** Why a change between two lower bounds is not stated (each misses a different share of the open tickets). */
export const lowerBoundReason = (which: string) =>
  `no ${which} comparison: both figures are lower bounds (the export holds closed tickets only, and misses more of the open tickets the later the month)`;

export interface TileData {
  def: TileDef;
  value: number | null;
  n: number | null;
  /** what n counts when not tickets (availability: "services", "configuration items"), from the KPI's n_of */
  nOf: string | null;
  reason: string | null;
  /** one value per month of the trend window (the last = the report month) */
  series: Array<number | null>;
  previous: number | null;
  lastYear: number | null;
  rag: 'green' | 'amber' | 'red' | null;
  /** the target and amber threshold the status is measured against, and whose they are (the organisation's or the definition's default) */
  target: EffectiveTarget;
  /** why there is no status though a target is set (the month is not one the data covers fully) */
  ragReason: string | null;
  /** the changes the tile states, leading one first: the text ("up 3 %"), or why there is none */
  changes: TileChange[];
  query: string | null;
  /** what the figure is of, when the KPI says (the worst service it names; the major-incident rule it applied; the cost model) */
  detail: string | null;
  /** the currency a `currency` tile's amounts are in (the KPI's `currency` field), or null when none is set */
  unit: string | null;
}

export interface TileChange {
  against: 'previous' | 'year';
  month: string;
  /** "up 3 %", "down 1.2 pts", "unchanged"; null when not shown */
  text: string | null;
  /** why no change is shown: "no comparison: …" (coverage), or no figure in that month */
  reason: string | null;
}

export interface ReportData extends Extras {
  definition: ReportDefinition;
  periods: ReportPeriods;
  organisation: string | null;
  kpis: KpiDocument;
  tiles: TileData[];
  charts: Map<string, ChartData>;
  tables: Map<string, Array<Record<string, unknown>>>;
  /** the report's own queries (reports/queries/), for the appendix */
  reportQueries: MetricQuery[];
  metricQueries: MetricQuery[];
}

type Row = Record<string, any>;

const memberLabel = (dim: string, v: unknown): string => (v === null || v === undefined ? '(none)' : dim === 'priority' ? `P${String(v)}` : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/**
 * A field of a KPI row; null when the KPI itself has no value there (its value is null with a reason), so
 * that its component counts (age buckets, failure causes) read "no data", not 0.
 */
const field = (row: Row | undefined, f: string): number | null => (row && 'value' in row && row.value === null ? null : num(row?.[f]));

/**
 * Everything the page shows, computed in DuckDB: the KPI engine for the month (kpis.json), month
 * breakdowns over the trend window, member breakdowns for the month, snapshot KPIs at each month end, the
 * report's own queries, and the extras (clusters, findings, lint, rejects, sources).
 */
export async function collectReport(
  store: Store,
  def: ReportDefinition,
  periods: ReportPeriods,
  config: ProjectConfig,
  /** called once every chart's data is final, before the extras' SQL: the caller may start drawing them meanwhile */
  chartsReady?: (charts: Map<string, ChartData>) => void,
): Promise<ReportData> {
  const kpis = await computeKpis(store, periods.period, { config });

  // One engine run per breakdown: month breakdowns over the trend window, others over the report month. Each
  // runs only the KPIs read from it (the charts' of that breakdown; the month's also the tiles'): the page reads
  // a group's figures of one KPI at a time, so the other ~30 KPIs' queries per breakdown were work thrown away.
  const needed = new Map<string, Set<string>>([['month', new Set(def.tiles.map((t) => t.kpi))]]);
  for (const c of def.sections.flatMap((s) => s.charts)) {
    if (c.data.type !== 'kpi') continue;
    const key = c.data.by.join(',');
    needed.set(key, (needed.get(key) ?? new Set()).add(c.data.kpi));
  }
  // Only the breakdown is read (the overall figures are the month's run above): computeBreakdown skips the
  // overall rows that take passes of their own.
  const runs = new Map<string, KpiBreakdown>();
  const breakdown = async (by: string[]) => {
    const key = by.join(',');
    if (!runs.has(key)) runs.set(key, await computeBreakdown(store, by.includes('month') ? periods.trend : periods.period, { by, config, kpis: [...(needed.get(key) ?? [])] }));
    return runs.get(key)!;
  };

  const charts = new Map<string, ChartData>();
  const tables = new Map<string, Array<Record<string, unknown>>>();
  const reportQueries = new Map<string, MetricQuery>();
  const snapshotCharts: ChartDef[] = [];
  for (const section of def.sections) {
    for (const c of section.charts) {
      const d = c.data;
      if (d.type === 'snapshot') {
        snapshotCharts.push(c);
        continue;
      }
      if (d.type === 'query') {
        const { query, sql } = reportQuerySql(d.query, periods);
        reportQueries.set(query.file, query);
        const rows = (await store.all<Row>(sql)).map((r) => ({ x: String(r.x ?? '(none)'), series: String(r.series ?? ''), value: num(r.value), n: num(r.n) }));
        const filled = c.x_title === 'month' ? fillMonths(rows, periods.months) : rows;
        charts.set(c.id, { def: c, rows: filled, reason: rows.length ? null : `no records for ${query.title.toLowerCase()} in the period`, note: null });
        continue;
      }
      const b = await breakdown(d.by);
      const skipped = b.skipped?.[d.kpi];
      const overall = kpis.kpis[d.kpi] as Row | undefined;
      if (!overall) {
        charts.set(c.id, { def: c, rows: [], reason: `no KPI named ${d.kpi} (see queries/)`, note: null });
        continue;
      }
      if (skipped) {
        charts.set(c.id, { def: c, rows: [], reason: skipped, note: null });
        continue;
      }
      charts.set(c.id, shapeBreakdown(c, d, b.groups, periods, overall));
    }
    for (const t of section.tables) tables.set(t.id, await runTable(store, t, periods, reportQueries));
  }

  // Snapshot KPIs (backlog): the engine's own query at each month end; tiles of snapshot KPIs use them too.
  const monthRun = await breakdown(['month']);
  const snapshotKpis = new Set<string>(snapshotCharts.map((c) => (c.data as { kpi: string }).kpi));
  for (const t of def.tiles) if (monthRun.skipped?.[t.kpi]) snapshotKpis.add(t.kpi);
  const snapshots = new Map<string, Row[]>();
  for (const kpi of snapshotKpis) snapshots.set(kpi, await snapshotSeries(store, kpi, periods.months));
  for (const c of snapshotCharts) {
    const d = c.data as { kpi: string; fields: Record<string, string> };
    const series = snapshots.get(d.kpi) ?? [];
    const rows = periods.months.flatMap((m, i) =>
      Object.entries(d.fields).map(([f, label]) => ({ x: m, series: label, value: field(series[i], f), n: num(series[i]?.n) })),
    );
    const any = rows.some((r) => r.value !== null);
    const lower = series.some((r) => r?.lower_bound === true);
    charts.set(c.id, {
      def: c, rows: any ? rows : [], reason: any ? null : String(kpis.kpis[d.kpi]?.reason ?? 'no data at any month end'),
      note: any && lower ? 'lower bounds: the export holds closed tickets only, so the tickets still open when it was taken are missing' : null,
      ...(lower ? { lowerBound: true as const } : {}),
    });
  }

  const people = await peopleFor(store, config.people);
  for (const c of charts.values()) {
    applyChartRules(c, people.person);
    numberSeries(c.rows);
  }
  const metricQueries = loadQueries();
  const titles = new Map(metricQueries.map((q) => [q.id, q.title]));
  const tiles = def.tiles.map((t) => buildTile(t, effectiveTarget(t, config.targets, config.path), kpis, monthRun.groups, snapshots.get(t.kpi), periods, titles));
  chartsReady?.(charts);
  const extras = await collectExtras(store, def, periods, config);
  return {
    definition: def,
    periods,
    organisation: config.organisation,
    kpis,
    tiles,
    charts,
    tables,
    reportQueries: [...reportQueries.values()],
    metricQueries,
    ...extras,
  };
}

/** Series are numbered in order of first appearance (rows come in definition or natural order). */
function numberSeries(rows: ChartRow[]): void {
  const seen = new Map<string, number>();
  for (const r of rows) {
    if (!seen.has(r.series)) seen.set(r.series, seen.size);
    r.order = seen.get(r.series)!;
  }
}

/** Months with no row get explicit nulls, so that a gap shows as a gap. */
function fillMonths(rows: ChartRow[], months: string[]): ChartRow[] {
  const series = [...new Set(rows.map((r) => r.series))];
  const have = new Set(rows.map((r) => `${r.x}\u0000${r.series}`));
  const out = [...rows.filter((r) => months.includes(r.x))];
  for (const m of months) for (const s of series) if (!have.has(`${m}\u0000${s}`)) out.push({ x: m, series: s, value: null, n: 0 });
  return out.sort((a, b) => a.x.localeCompare(b.x) || series.indexOf(a.series) - series.indexOf(b.series));
}

function shapeBreakdown(
  c: ChartDef,
  d: { kpi: string; by: string[]; fields: Record<string, string>; top?: number; hide_zero?: boolean },
  groups: Row[],
  periods: ReportPeriods,
  overall: Row,
): ChartData {
  const fields = Object.entries(d.fields);
  const [dim, dim2] = d.by as [string, string | undefined];
  let rows: ChartRow[];
  let note: string | null = null;
  let allZero: string | null = null;
  if (dim === 'month' && !dim2) {
    const byMonth = new Map(groups.map((g) => [String(g.month), g.kpis[d.kpi] as Row | undefined]));
    rows = periods.months.flatMap((m) => fields.map(([f, label]) => ({ x: m, series: label, value: field(byMonth.get(m), f), n: num(byMonth.get(m)?.n) })));
    // a count no month of the window has (interactions in a ServiceNow export) is absent, not a flat zero line
    if (c.format === 'count' && fields.length > 1) {
      const absent = fields.filter(([, label]) => rows.every((r) => r.series !== label || !r.value)).map(([, label]) => label);
      if (absent.length < fields.length) {
        rows = rows.filter((r) => !absent.includes(r.series));
        if (absent.length) note = `none in the data: ${absent.join(', ').toLowerCase()}`;
      }
    }
  } else if (dim === 'month' && dim2) {
    const [f] = fields[0]!;
    // members in their natural order (P1 before P2), whichever month they first appear in
    const rank = new Map([...new Set(groups.map((g) => g[dim2]))].sort(naturalOrder).map((m, i) => [m, i]));
    rows = groups
      .filter((g) => periods.months.includes(String(g.month)) && g.kpis[d.kpi])
      .sort((a, b) => rank.get(a[dim2])! - rank.get(b[dim2])!)
      .map((g) => ({ x: String(g.month), series: memberLabel(dim2, g[dim2]), value: field(g.kpis[d.kpi], f), n: num(g.kpis[d.kpi].n) }));
  } else {
    const [first] = fields[0]!;
    const members = groups
      .filter((g) => g.kpis[d.kpi] && field(g.kpis[d.kpi], first) !== null)
      .sort((a, b) => (num(b.kpis[d.kpi][first]) ?? 0) - (num(a.kpis[d.kpi][first]) ?? 0));
    // hide_zero: a member at 0 (a service with no minute down) is no bar in a "which is highest" chart; counted
    const nonZero = d.hide_zero ? members.filter((g) => num(g.kpis[d.kpi][first]) !== 0) : members;
    const zero = members.length - nonZero.length;
    const shown = d.top ? nonZero.slice(0, d.top) : nonZero;
    const notes = [shown.length < nonZero.length ? `the ${shown.length} highest of ${nonZero.length}` : null, zero ? `${zero.toLocaleString('en-US')} ${dim === 'ci' ? 'CI' : dim}${zero === 1 ? '' : 's'} at 0 left out` : null].filter(Boolean);
    if (notes.length) note = notes.join('; ');
    if (zero && !nonZero.length) allZero = `every ${dim === 'ci' ? 'CI' : dim} in the period is at 0 (${fields[0]![1].toLowerCase()}): none to show`;
    rows = shown.flatMap((g) => fields.map(([f, label]) => ({ x: memberLabel(dim, g[dim]), series: label, value: field(g.kpis[d.kpi], f), n: num(g.kpis[d.kpi].n) })));
  }
  const any = rows.some((r) => r.value !== null);
  const reason = any ? null : String(allZero ?? overall.reason ?? `no ${d.kpi} value in ${dim === 'month' ? 'any month of the window' : 'any ' + dim}`);
  return { def: c, rows: any ? rows : [], reason, note };
}

function naturalOrder(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

async function runTable(store: Store, t: TableDef, periods: ReportPeriods, seen: Map<string, MetricQuery>) {
  const { query, sql } = reportQuerySql(t.query, periods);
  seen.set(query.file, query);
  return store.all(sql);
}

/**
 * A snapshot KPI (anchor none, e.g. backlog) at each month end: the engine's query file run as is, with
 * period_end() set to the month's end. computeKpis has defined the other macros on this connection.
 */
async function snapshotSeries(store: Store, kpi: string, months: string[]): Promise<Row[]> {
  const q = loadQueries()
    .filter((x) => x.kpi === kpi && x.table !== 'none')
    .sort((a, b) => a.rank - b.rank)[0];
  if (!q || q.anchor) return months.map(() => ({}));
  const { base, sql } = renderQuery(q, []);
  const out: Row[] = [];
  for (const m of months) {
    // kpi's own statements (src/metrics/kpi.sql): the "as of" instant moved to the month's end, the query's base
    await store.run(sqlOf(KPI_SQL, 'as_of_macros', { end: `TIMESTAMPTZ ${lit(monthPeriod(m).to)}` }));
    if (base) await store.run(sqlOf(KPI_SQL, 'base_view', { base }));
    out.push((await store.one<Row>(sql)) ?? {});
  }
  return out;
}

function buildTile(t: TileDef, target: EffectiveTarget, kpis: KpiDocument, monthGroups: Row[], snapshot: Row[] | undefined, periods: ReportPeriods, titles: Map<string, string>): TileData {
  const k = kpis.kpis[t.kpi] as Row | undefined;
  const value = field(k, t.field);
  const byMonth = new Map(monthGroups.map((g) => [String(g.month), g.kpis[t.kpi] as Row | undefined]));
  const series = periods.months.map((m, i) => field(snapshot ? snapshot[i] : byMonth.get(m), t.field));
  const at = (m: string) => {
    const i = periods.months.indexOf(m);
    return i < 0 ? null : series[i] ?? null;
  };
  let rag: TileData['rag'] = null;
  const goal = target.target;
  // queries/backlog.sql's lower bound (an export of closed tickets only lacks the tickets still open when it was
  // taken, and lacks more of them the later the month): it shows a "≤" target missed, never met, and it is not
  // set against another month's lower bound, which misses a different share
  const lowerBound = k?.lower_bound === true && value !== null;
  const boundReason = lowerBound && goal !== null && t.better === 'lower' && value <= goal
    ? `no status: ${formatValue(value, t.format)} is a lower bound (the export holds closed tickets only), which cannot show the target met`
    : null;
  const ragReason = value !== null && goal !== null && t.better ? periods.noStatus ?? boundReason : null;
  if (value !== null && goal !== null && t.better && !ragReason) {
    const meets = (x: number) => (t.better === 'higher' ? value >= x : value <= x);
    rag = meets(goal) ? 'green' : target.amber !== null && meets(target.amber) ? 'amber' : 'red';
  }
  const change = (against: TileChange['against'], month: string, why: string | null): TileChange => {
    if (why) return { against, month, text: null, reason: why };
    const c = value === null ? null : formatChange(value, at(month), t.format);
    return { against, month, text: c?.text ?? null, reason: c ? null : `no ${monthLabel(month)} figure` };
  };
  const lowerWhy = (which: string) => (lowerBound ? lowerBoundReason(which) : null);
  const changes = [
    change('previous', periods.previous, periods.noPrevious ?? lowerWhy('month-on-month')),
    change('year', periods.lastYear, periods.noLastYear ?? lowerWhy('year-ago')),
  ];
  // a figure of one member, or one under a rule the organisation may not have chosen, says which (the HPSM
  // export has no major-incident mark: its "availability" is priority-1 incident time, and the pack must say so)
  const unit = t.format === 'currency' && typeof k?.currency === 'string' && k.currency.trim() ? k.currency.trim() : null;
  const detail = value === null ? null : [
    // a KPI that picks one of its variants (fcr: the agent's flag, else a proxy) says which one the figure is:
    // "First-contact resolution 54.6 %" from first-assignment resolution overstates FCR, and its title says so
    typeof k?.id === 'string' && k.id !== t.kpi && titles.has(k.id) ? `measured as ${titles.get(k.id)!.replace(/^./, (c) => c.toLowerCase())}` : null,
    // the business-hours figure's worst service may be another one
    ((w) => (typeof w === 'string' ? `worst: ${w}` : null))(t.field?.startsWith('value_business') ? k?.worst_service_business : k?.worst_service),
    t.field?.startsWith('value_business') && typeof k?.business_calendar === 'string' ? `calendar ${k.business_calendar}` : null,
    k?.lower_bound === true ? LOWER_BOUND_NOTE : null,
    // the rule without its how-to-change hint (the KPI's JSON and the definitions appendix keep it)
    typeof k?.rule === 'string' ? `major incidents: ${k.rule.replace(/\s*\(the default;[^)]*\)/, ' (default rule)')}` : null,
    // the cost model without its list of teams or channels (the KPI's JSON keeps it): 594.11 alone does not say
    // whether it is a desk budget per head count or logged hours × a rate
    // first, right under the bare amount it qualifies
    t.format === 'currency' && !unit ? 'no currency set (metrics.cost.currency in the project config)' : null,
    typeof k?.model === 'string' ? `model: ${k.model.replace(/\s*\([^)]*\)/, '')}` : null,
    num(k?.uncosted) ? `${num(k?.uncosted)!.toLocaleString('en-US')} ticket${num(k?.uncosted) === 1 ? '' : 's'} not costed` : null,
  ].filter(Boolean).join(' · ') || null;
  return {
    detail,
    unit,
    def: t,
    value,
    n: num(k?.n),
    nOf: typeof k?.n_of === 'string' ? k.n_of : null,
    reason: value === null ? (reasonFor(k, t.field) ?? (k ? 'no data in the month' : `no KPI named ${t.kpi}`)) : null,
    series,
    previous: at(periods.previous),
    lastYear: at(periods.lastYear),
    rag,
    target,
    ragReason,
    changes: periods.compare === 'year' ? changes.reverse() : changes,
    query: k?.query ?? null,
  };
}
