import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One metric: a file in queries/ with its definition in the header comment. */
export interface MetricQuery {
  id: string;
  /** the kpi@1 key it feeds when several variants compete (fcr ← fcr_flag, fcr_first_assignment) */
  kpi: string;
  rank: number;
  title: string;
  definition: string;
  variant: string;
  unit: string;
  denominator: string;
  sql: string;
  file: string;
}

export const QUERIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'queries');

const REQUIRED = ['id', 'title', 'definition', 'variant', 'unit', 'denominator'] as const;

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
    sql: lines.slice(i).join('\n'),
    file,
  };
}

let cache: MetricQuery[] | undefined;

/** Every metric in queries/, sorted by id. */
export function loadQueries(dir = QUERIES_DIR): MetricQuery[] {
  if (dir === QUERIES_DIR && cache) return cache;
  const out = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseQuery(readFileSync(join(dir, f), 'utf8'), f));
  if (dir === QUERIES_DIR) cache = out;
  return out;
}
