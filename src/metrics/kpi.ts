import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { UserError } from '../errors.js';
import type { ProjectConfig } from '../config/project.js';
import { ALL_DIMENSIONS } from './dimensions.js';
import { prepareDerived } from './prepare.js';
import { reconcileSummary } from '../sla/reconcile.js';
import { loadQueries, renderQuery, unsupportedDims, type MetricQuery } from './queries.js';

export interface Period {
  from: string | null;
  to: string | null;
}

/** `--month 2016-03` or `--from/--to` (dates or timestamps, UTC) → a half-open period [from, to). */
export function resolvePeriod(opts: { month?: string; from?: string; to?: string }): Period {
  if (opts.month) {
    const m = /^(\d{4})-(\d{2})$/.exec(opts.month);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new UserError(`--month '${opts.month}': expected YYYY-MM`);
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
    return { from: `${opts.month}-01T00:00:00Z`, to: `${next}-01T00:00:00Z` };
  }
  const iso = (v: string | undefined, name: string) => {
    if (!v) return null;
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    if (Number.isNaN(d.getTime())) throw new UserError(`--${name} '${v}': expected a date like 2016-03-01`);
    return d.toISOString().replace('.000Z', 'Z');
  };
  const p = { from: iso(opts.from, 'from'), to: iso(opts.to, 'to') };
  if (p.from && p.to && p.from >= p.to) throw new UserError(`--from must be before --to`);
  return p;
}

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
}
export const DEFAULT_SETTINGS: MetricSettings = { changeFailureWindowDays: 7 };

/**
 * Macros every query may use: `in_period(ts)` (no period = everything), `period_end()` (the period's end,
 * else the latest time in the data: the "as of" instant for backlog and ages), and the settings.
 */
async function defineMacros(store: Store, p: Period, settings: MetricSettings): Promise<void> {
  const conds = [p.from ? `ts >= TIMESTAMPTZ ${lit(p.from)}` : null, p.to ? `ts < TIMESTAMPTZ ${lit(p.to)}` : null].filter(Boolean);
  await store.run(`CREATE OR REPLACE TEMP MACRO in_period(ts) AS (${conds.length ? conds.join(' AND ') : 'TRUE'})`);
  // period_end() is a literal, so that filters on it are constant-folded: the period's end (exclusive), else
  // just after the latest time in the data (the "as of" instant of backlog and ages): a ticket opened at that
  // very instant is open as of the data's end, and `opened_at < period_end()` must count it.
  const latest = await store.one<{ t: string | null }>(
    `SELECT strftime(max(greatest(opened_at, resolved_at, closed_at, updated_at)) + INTERVAL 1 MICROSECOND, '%Y-%m-%dT%H:%M:%S.%fZ') AS t FROM ticket`,
  );
  const end = p.to ?? latest?.t ?? new Date().toISOString();
  await store.run(`CREATE OR REPLACE TEMP TABLE period_bounds AS SELECT TIMESTAMPTZ ${lit(end)} AS period_end`);
  await store.run(`CREATE OR REPLACE TEMP MACRO period_end() AS TIMESTAMPTZ ${lit(end)}`);
  await store.run(`CREATE OR REPLACE TEMP MACRO change_failure_window_days() AS ${Math.trunc(settings.changeFailureWindowDays)}`);
}

type Row = Record<string, unknown>;

function round(v: unknown): unknown {
  return typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v;
}

/** Runs one metric for a breakdown; rows carry `__d_<dim>` columns and the metric's fields. */
async function runMetric(store: Store, q: MetricQuery, dims: string[]): Promise<Row[]> {
  const { base, sql } = renderQuery(q, dims);
  if (base) await store.run(`CREATE OR REPLACE TEMP VIEW base AS ${base}`);
  const rows = await store.all(sql);
  return rows.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) if (!(k === 'reason' && v === null)) out[k] = round(v);
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
  await defineMacros(store, period, opts.config?.settings ?? DEFAULT_SETTINGS);
  await prepareDerived(store, opts.config);
  return (await runMetric(store, q, []))[0] ?? {};
}

const describe = (q: MetricQuery) => ({ unit: q.unit, definition: q.definition, variant: q.variant, denominator: q.denominator, query: q.file });

export interface KpiOptions {
  by?: string[];
  /** the project config: calendars, SLA policies, settings */
  config?: ProjectConfig;
}

/** The kpi@1 document (DESIGN.md contract), with `breakdowns` when dimensions are asked for. */
export async function computeKpis(store: Store, period: Period, opts: KpiOptions = {}): Promise<Record<string, any>> {
  await defineMacros(store, period, opts.config?.settings ?? DEFAULT_SETTINGS);
  await prepareDerived(store, opts.config);
  const queries = loadQueries();
  const metrics = queries.filter((q) => q.table !== 'none');
  const dims = opts.by ?? [];
  const overallBits = 2 ** dims.length - 1;
  // Each metric runs once: with a breakdown its query returns the overall row and the groups together.
  const overall = new Map<string, Row>();
  const grouped = new Map<string, Row[]>();
  for (const q of metrics) {
    const useDims = dims.length && unsupportedDims(q, dims).length === 0 ? dims : [];
    const rows = await runMetric(store, q, useDims);
    if (!useDims.length) {
      overall.set(q.id, rows[0] ?? {});
      continue;
    }
    const strip = ({ __g, ...rest }: Row) => (void __g, rest);
    // the overall row's breakdown columns are NULL (grouping set ()); they are not fields of the KPI
    const overallRow = strip(rows.find((r) => r.__g === overallBits) ?? {});
    for (const k of Object.keys(overallRow)) if (k.startsWith('__d_')) delete overallRow[k];
    overall.set(q.id, overallRow);
    grouped.set(q.id, rows.filter((r) => r.__g === 0).map(strip));
  }
  const countsQuery = queries.find((q) => q.id === 'counts');
  const counts = countsQuery ? (await runMetric(store, countsQuery, []))[0] ?? {} : {};

  // Several queries may feed one KPI (FCR variants): the best-ranked one with data wins, the rest are listed.
  const chosen = new Map<string, MetricQuery>();
  const byKpi = new Map<string, MetricQuery[]>();
  for (const q of metrics) byKpi.set(q.kpi, [...(byKpi.get(q.kpi) ?? []), q]);
  const kpis: Record<string, Row> = {};
  for (const [kpi, qs] of [...byKpi].sort(([a], [b]) => a.localeCompare(b))) {
    const ranked = [...qs].sort((a, b) => a.rank - b.rank);
    const pick = ranked.find((q) => Number(overall.get(q.id)!.n ?? 0) > 0) ?? ranked[0]!;
    chosen.set(kpi, pick);
    const entry: Row = { ...describe(pick), ...overall.get(pick.id)!, id: pick.id };
    if (ranked.length > 1) {
      entry.alternatives = ranked
        .filter((q) => q !== pick)
        .map((q) => {
          const r = overall.get(q.id)!;
          return { id: q.id, value: r.value ?? null, n: r.n, definition: q.definition, ...(r.reason ? { reason: r.reason } : {}) };
        });
    }
    kpis[kpi] = entry;
  }
  const reconciliation = await reconcileSummary(store);
  if (reconciliation && kpis.sla_attainment) kpis.sla_attainment.reconciliation = reconciliation;

  const breakdowns: Record<string, unknown> = {};
  if (dims.length) {
    const groups = new Map<string, Row & { kpis: Record<string, Row> }>();
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
    breakdowns[dims.join(',')] = { dimensions: dims, groups: sorted, ...(Object.keys(skipped).length ? { skipped } : {}) };
  }

  const span = await store.one<{ first: string | null; last: string | null }>(
    `SELECT min(opened_at) AS first, max(greatest(opened_at, resolved_at, closed_at)) AS last FROM ticket`,
  );
  return {
    schema: 'itsm-lens/kpi@1',
    period: { from: period.from, to: period.to, data_from: span?.first ?? null, data_to: span?.last ?? null },
    counts,
    kpis,
    breakdowns,
  };
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
