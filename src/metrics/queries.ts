import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dimensionSql, type MetricTable } from './dimensions.js';

/**
 * One metric: a file in queries/ with its definition in the header comment:
 *
 *   -- id: mttr                       unique id, the key in kpi@1 `kpis`
 *   -- kpi: fcr                       (optional) the kpi@1 key it feeds when variants compete; rank orders them
 *   -- title / definition / variant / unit / denominator
 *   -- table: ticket                  the canonical table it reads, as `base`
 *   -- anchor: resolved_at            the time that puts a record in a period and a month (`none`: a snapshot)
 *   -- dimensions: service            (optional) the only breakdowns the metric answers (availability is per service)
 *   -- spans: opened_at, coalesce(resolved_at, closed_at)
 *                                     (optional, with anchor none) each record covers a span of time, start and
 *                                     end (an end NULL runs to the period's end): `base` carries the slice of
 *                                     time the record is measured in, `__slice_from` and `__slice_to` (the
 *                                     period; with a month breakdown, each month the span touches, clipped to
 *                                     the period, one row per month: availability's minutes per month)
 *
 * The body reads `base` (the table, filtered to the period, with one `__d_<dim>` column per breakdown
 * dimension) and places `{{dims}}` where the breakdown columns go and `{{group_by}}` after the FROM/WHERE;
 * `{{by:ci}}` is TRUE when the breakdown includes that dimension, else FALSE (availability measures CIs
 * rather than services when broken down by ci).
 */
export interface MetricQuery {
  id: string;
  kpi: string;
  rank: number;
  title: string;
  definition: string;
  variant: string;
  unit: string;
  denominator: string;
  table: MetricTable | 'none';
  anchor: string | null;
  /** the breakdowns the metric answers, when the header restricts them */
  dimensions?: string[];
  /** a span metric's start and end expressions (header `spans:`); month breakdowns slice the span */
  spans?: { start: string; end: string };
  sql: string;
  file: string;
}

export const QUERIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'queries');

const REQUIRED = ['id', 'title', 'definition', 'variant', 'unit', 'denominator', 'table', 'anchor'] as const;

export function parseQuery(text: string, file: string): MetricQuery {
  const meta: Record<string, string> = {};
  const lines = text.split('\n');
  let i = 0;
  for (; i < lines.length; i++) {
    const m = /^--\s*([a-z_]+):\s*(.*)$/.exec(lines[i]!);
    if (!m) break;
    meta[m[1]!] = m[2]!.trim();
  }
  for (const k of REQUIRED) if (!meta[k]) throw new Error(`${file}: header lacks '-- ${k}: …'`);
  return {
    id: meta.id!,
    kpi: meta.kpi ?? meta.id!,
    rank: Number(meta.rank ?? 1),
    title: meta.title!,
    definition: meta.definition!,
    variant: meta.variant!,
    unit: meta.unit!,
    denominator: meta.denominator!,
    table: meta.table as MetricTable | 'none',
    anchor: meta.anchor === 'none' ? null : meta.anchor!,
    ...(meta.dimensions ? { dimensions: meta.dimensions.split(',').map((d) => d.trim()) } : {}),
    ...(meta.spans ? { spans: parseSpans(meta.spans, file) } : {}),
    sql: lines.slice(i).join('\n'),
    file,
  };
}

/** `start, end`: split at the top-level comma (the end is often a coalesce(…) of several columns). */
function parseSpans(text: string, file: string): { start: string; end: string } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) return { start: text.slice(0, i).trim(), end: text.slice(i + 1).trim() };
  }
  throw new Error(`${file}: '-- spans:' needs a start and an end expression, separated by a comma`);
}

let cache: MetricQuery[] | undefined;

/** Every metric in queries/, sorted by file name. */
export function loadQueries(dir = QUERIES_DIR): MetricQuery[] {
  if (dir === QUERIES_DIR && cache) return cache;
  const out = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseQuery(readFileSync(join(dir, f), 'utf8'), f));
  if (dir === QUERIES_DIR) cache = out;
  return out;
}

/** Dimensions of `dims` the query's table cannot answer (so the query sits out that breakdown). */
export function unsupportedDims(q: MetricQuery, dims: string[]): string[] {
  if (q.table === 'none') return dims;
  return dims.filter(
    (d) => (dimensionSql(q.table as MetricTable, q.anchor, d) === undefined && !(d === 'month' && q.spans)) || (q.dimensions && !q.dimensions.includes(d)),
  );
}

/**
 * A span metric's base rows: the period as the slice; with a month breakdown one row per UTC month the span
 * touches inside the period, the slice clipped to both (months through naive UTC timestamps: no ICU zone work).
 */
function spanBase(q: MetricQuery, dims: string[]): string {
  const { start, end } = q.spans!;
  const other = dims.filter((d) => d !== 'month').map((d) => `, ${dimensionSql(q.table as MetricTable, null, d)} AS __d_${d}`).join('');
  if (!dims.includes('month')) return `SELECT *${other}, period_start() AS __slice_from, period_end() AS __slice_to FROM "${q.table}"`;
  const utc = (t: string) => `make_timestamp(epoch_us(${t}))`;
  const months = `generate_series(date_trunc('month', ${utc(`greatest(${start}, period_start())`)}),
      ${utc(`least(coalesce(${end}, period_end()), period_end())`)} - INTERVAL 1 MICROSECOND, INTERVAL 1 MONTH)`;
  return `SELECT * EXCLUDE (__m), strftime(__m, '%Y-%m') AS __d_month,
      greatest(to_timestamp(epoch(__m)), period_start()) AS __slice_from,
      least(to_timestamp(epoch(__m + INTERVAL 1 MONTH)), period_end()) AS __slice_to
    FROM (SELECT *${other}, unnest(${months}) AS __m FROM "${q.table}" WHERE ${start} IS NOT NULL)`;
}

/** The `base` view definition and the body with its placeholders filled for a breakdown. */
export function renderQuery(q: MetricQuery, dims: string[]): { base: string | null; sql: string } {
  const cols = dims.map((d) => `__d_${d}`);
  // With a breakdown, one pass gives the overall row and the groups: GROUPING SETS ((), (dims)), told apart
  // by __g = GROUPING(dims) in the final SELECT (all bits set = the overall row).
  let body = q.sql;
  if (cols.length) {
    const at = body.lastIndexOf('SELECT {{dims}}');
    if (at < 0) throw new Error(`${q.file}: no 'SELECT {{dims}}' for the breakdown columns`);
    body = body.slice(0, at) + `SELECT {{dims}}GROUPING(${cols.join(', ')}) AS __g, ` + body.slice(at + 'SELECT {{dims}}'.length);
  }
  const sql = body
    .replaceAll('{{dims}}', cols.map((c) => `${c}, `).join(''))
    .replace(/\{\{by:([a-z_]+)\}\}/g, (_, d: string) => (dims.includes(d) ? 'TRUE' : 'FALSE'))
    .replaceAll('{{group_by}}', cols.length ? `GROUP BY GROUPING SETS ((), (${cols.join(', ')}))` : '');
  if (q.table === 'none') return { base: null, sql };
  if (q.spans) return { base: spanBase(q, dims), sql };
  const dimSelect = dims.map((d) => `, ${dimensionSql(q.table as MetricTable, q.anchor, d)} AS __d_${d}`).join('');
  const where = q.anchor ? `WHERE in_period(${q.anchor})` : '';
  return { base: `SELECT *${dimSelect} FROM "${q.table}" ${where}`, sql };
}
