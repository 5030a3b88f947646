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
 *
 * The body reads `base` (the table, filtered to the period, with one `__d_<dim>` column per breakdown
 * dimension) and places `{{dims}}` where the breakdown columns go and `{{group_by}}` after the FROM/WHERE.
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
    sql: lines.slice(i).join('\n'),
    file,
  };
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
  return dims.filter((d) => dimensionSql(q.table as MetricTable, q.anchor, d) === undefined || (q.dimensions && !q.dimensions.includes(d)));
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
    .replaceAll('{{group_by}}', cols.length ? `GROUP BY GROUPING SETS ((), (${cols.join(', ')}))` : '');
  if (q.table === 'none') return { base: null, sql };
  const dimSelect = dims.map((d) => `, ${dimensionSql(q.table as MetricTable, q.anchor, d)} AS __d_${d}`).join('');
  const where = q.anchor ? `WHERE in_period(${q.anchor})` : '';
  return { base: `SELECT *${dimSelect} FROM "${q.table}" ${where}`, sql };
}
