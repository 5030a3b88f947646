import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dimensionSql, type MetricTable } from './dimensions.js';
import { loadSqlFile, sqlFragment, sqlOf } from '../store/sql-file.js';

/** The `base` view templates and the breakdown's GROUP BY (kpi.sql). */
const KPI_SQL = loadSqlFile('metrics/kpi.sql');

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
 * dimension: the dimension's text, but `__d_month` the UTC month's first instant, a TIMESTAMP, which the result
 * shows as 'YYYY-MM': compare it with a timestamp, not with text) and places `{{dims}}` where the breakdown columns go and `{{group_by}}` after the FROM/WHERE;
 * `{{by:ci}}` is TRUE when the breakdown includes that dimension, else FALSE (availability measures CIs
 * rather than services when broken down by ci).
 *
 * One query, several KPIs (issue 20: calendar and business time are a parameter, not twin files):
 *
 *   -- with: basis = 'business'; no_data = '…'
 *                                     the query's parameters: each `{{name}}` of the body is replaced by its
 *                                     SQL value (`;` separates them)
 *   -- body: mttr.sql                 (optional) the KPI has no SQL of its own: it runs that file's body with
 *                                     its own `with:` values, under its own id, title and definition
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
  /** the file whose body the query runs (header `body:`), else its own */
  body?: string;
  /** the header's `with:` parameters as written (`name = SQL; …`) */
  with?: string;
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
    ...(meta.body ? { body: meta.body } : {}),
    ...(meta.with ? { with: meta.with } : {}),
    // a query that runs another file's body gets it in loadQueries
    // (a trailing `;` dropped: the body is wrapped in a month breakdown's labelling query)
    sql: meta.body ? (parseWith(meta.with, file), '') : fillWith(lines.slice(i).join('\n').replace(/;\s*$/, ''), meta.with, file),
    file,
  };
}

/** The header's `with:` parameters, `name = SQL; …`. */
function parseWith(text: string | undefined, file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (text ?? '').split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z_]+)\s*=\s*(.+)$/s.exec(part);
    if (!m) throw new Error(`${file}: '-- with:' needs name = value pairs separated by ';' (got '${part}')`);
    out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

/**
 * The body with the `{{name}}` parameters of `with:` filled; a parameter the body lacks is an error. Other
 * placeholders are the runner's ({{dims}}, {{group_by}}, a report query's period bounds), left as they are.
 */
function fillWith(body: string, text: string | undefined, file: string): string {
  const params = parseWith(text, file);
  const used = new Set<string>();
  const out = body.replace(/\{\{([a-z_]+)\}\}/g, (all, k: string) => {
    if (!params.has(k)) return all;
    used.add(k);
    return params.get(k)!;
  });
  const unused = [...params.keys()].filter((k) => !used.has(k));
  if (unused.length) throw new Error(`${file}: '-- with:' names ${unused.join(', ')}, which the body does not use`);
  return out;
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
  // a query that runs another file's body takes that body with its own parameters
  const byFile = new Map(out.map((q) => [q.file, q]));
  for (const q of out) {
    if (!q.body) continue;
    const src = byFile.get(q.body);
    if (!src || src.body) throw new Error(`${q.file}: '-- body: ${q.body}' names no query file with a body of its own`);
    const text = readFileSync(join(dir, q.body), 'utf8').split('\n');
    const start = text.findIndex((l) => !/^--\s*([a-z_]+):\s*(.*)$/.test(l));
    q.sql = fillWith(text.slice(start).join('\n'), q.with, q.file);
  }
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
 * touches inside the period, the slice clipped to both (kpi.sql span_base / span_base_months).
 */
function spanBase(q: MetricQuery, dims: string[]): string {
  const { start, end } = q.spans!;
  const other = dims.filter((d) => d !== 'month').map((d) => `, ${dimensionSql(q.table as MetricTable, null, d)} AS __d_${d}`).join('');
  const table = `"${q.table}"`;
  if (!dims.includes('month')) return sqlOf(KPI_SQL, 'span_base', { dims: other, table });
  return sqlOf(KPI_SQL, 'span_base_months', { dims: other, table, start, end });
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
    .replaceAll('{{group_by}}', cols.length ? sqlOf(KPI_SQL, 'grouping_sets', { cols: cols.join(', ') }) : '');
  if (q.table === 'none') return { base: null, sql };
  // month: grouped on the month's first instant (kpi.sql month_key; span_base_months), labelled 'YYYY-MM' after
  // grouping (month_label). A snapshot (no anchor, no spans) has no month: unsupportedDims leaves it out.
  const labelled = dims.includes('month') ? sqlFragment(KPI_SQL, 'month_label', { query: sql }) : sql;
  if (q.spans) return { base: spanBase(q, dims), sql: labelled };
  const dimSql = (d: string) => (d === 'month' && q.anchor ? sqlFragment(KPI_SQL, 'month_key', { anchor: q.anchor }) : dimensionSql(q.table as MetricTable, q.anchor, d));
  const dimSelect = dims.map((d) => `, ${dimSql(d)} AS __d_${d}`).join('');
  const table = `"${q.table}"`;
  return { base: q.anchor ? sqlOf(KPI_SQL, 'base', { dims: dimSelect, table, anchor: q.anchor }) : sqlOf(KPI_SQL, 'snapshot_base', { dims: dimSelect, table }), sql: q.anchor ? labelled : sql };
}
