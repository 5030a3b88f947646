import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { UserError } from '../errors.js';
import { loadQueries, type MetricQuery } from './queries.js';

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

/** Defines the `in_period(ts)` macro every query filters with; no period = everything. */
async function definePeriod(store: Store, p: Period): Promise<void> {
  const conds = [
    p.from ? `ts >= TIMESTAMPTZ ${lit(p.from)}` : null,
    p.to ? `ts < TIMESTAMPTZ ${lit(p.to)}` : null,
  ].filter(Boolean);
  await store.run(`CREATE OR REPLACE TEMP MACRO in_period(ts) AS (${conds.length ? conds.join(' AND ') : 'TRUE'})`);
}

const META_KEYS = ['reason'];

async function runMetric(store: Store, q: MetricQuery): Promise<Record<string, unknown>> {
  const row = (await store.one<Record<string, unknown>>(q.sql)) ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (META_KEYS.includes(k) && v === null) continue;
    out[k] = typeof v === 'number' && !Number.isInteger(v) ? round(v) : v;
  }
  if ('value' in out && out.value === null && !out.reason) out.reason = 'no data';
  return { ...out, definition: q.definition, variant: q.variant, denominator: q.denominator, query: q.file };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** The kpi@1 document (DESIGN.md contract). */
export async function computeKpis(store: Store, period: Period): Promise<Record<string, unknown>> {
  await definePeriod(store, period);
  const queries = loadQueries();
  const results = new Map<string, Record<string, unknown>>();
  for (const q of queries) results.set(q.id, await runMetric(store, q));
  const counts = results.get('counts') ?? {};
  for (const k of ['definition', 'variant', 'denominator', 'query']) delete counts[k];
  const kpis: Record<string, unknown> = {};
  // Several queries may feed one KPI (FCR variants): the best-ranked one with data wins, the rest are listed.
  const byKpi = new Map<string, MetricQuery[]>();
  for (const q of queries) if (q.id !== 'counts') byKpi.set(q.kpi, [...(byKpi.get(q.kpi) ?? []), q]);
  for (const [kpi, qs] of [...byKpi].sort(([a], [b]) => a.localeCompare(b))) {
    const ranked = [...qs].sort((a, b) => a.rank - b.rank);
    const withData = ranked.find((q) => (results.get(q.id)!.n as number) > 0) ?? ranked[0]!;
    const chosen: Record<string, unknown> = { ...results.get(withData.id)!, id: withData.id };
    if (ranked.length > 1) {
      chosen.alternatives = ranked
        .filter((q) => q !== withData)
        .map((q) => {
          const r = results.get(q.id)!;
          return { id: q.id, value: r.value ?? null, n: r.n, definition: q.definition, ...(r.reason ? { reason: r.reason } : {}) };
        });
    }
    kpis[kpi] = chosen;
  }
  const span = await store.one<{ first: string | null; last: string | null }>(
    `SELECT min(opened_at) AS first, max(greatest(opened_at, resolved_at, closed_at)) AS last FROM ticket`,
  );
  return {
    schema: 'itsm-lens/kpi@1',
    period: { from: period.from, to: period.to, data_from: span?.first ?? null, data_to: span?.last ?? null },
    counts,
    kpis,
    breakdowns: {},
  };
}
