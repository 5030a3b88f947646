import { Store, ident } from '../store/db.js';
import { cleanExpr, compileMapping } from './compile.js';
import { sniffDateFormats } from './dates.js';
import type { IngestPlan } from './index.js';
import { dateColumnsOf, targetsOf } from './ingest-file.js';
import { bookkeepingColumns } from './load-records.js';
import { readRaw } from './read-raw.js';
import type { HeaderMatch } from './header-match.js';

/** What `ingest --dry-run` shows for one file: how it would be read, without writing anything. */
export interface DryRunReport {
  path: string;
  tool: string;
  object: string;
  source_table: string;
  score: number;
  confidence: number;
  candidates: { tool: string; score: number; strong: number }[];
  encoding: string;
  delimiter: string;
  rows: number;
  empty_rows: number;
  /** canonical field → the export column(s) it would read, per target table */
  mapping: { table: string; field: string; columns: string[] }[];
  /** columns with data that no field reads (they would be kept in `extra`) */
  unmapped: string[];
  date_formats: Record<string, string>;
  /** columns a field reads other than by the tool's own name, with the reason (alias, localised, variant, duplicate) */
  column_matches: HeaderMatch[];
  /** key fields the tool normally has that no column fills, with the nearest column */
  header_warnings: string[];
}

/** Reads each planned file into a scratch in-memory database to sniff its dates; the store is never opened. */
export async function dryRun(plan: IngestPlan): Promise<DryRunReport[]> {
  const out: DryRunReport[] = [];
  const scratch = await Store.open(':memory:', { migrate: false });
  try {
    await scratch.run("SET TimeZone = 'UTC'");
    for (const { head, detection } of plan.files) {
      const raw = await readRaw(scratch, head);
      try {
        const targets = targetsOf(detection, raw.columns);
        const clean = (c: string) => cleanExpr(ident(c), detection.adapter.nullValues ?? []);
        const formats = await sniffDateFormats(scratch, raw.view, dateColumnsOf(targets.map((t) => t.mapping), raw.columns), clean, plan.dateFormat, head.source);
        const mapping: DryRunReport['mapping'] = [];
        const used = new Set<string>();
        for (const t of targets) {
          const compiled = compileMapping(t.adapter, t.mapping, raw.columns, formats, plan.timezone);
          for (const f of compiled.fields) {
            if (f.columns.length) mapping.push({ table: t.mapping.table, field: f.def.name, columns: f.columns });
          }
          [...compiled.used, ...bookkeepingColumns(t.mapping, raw.columns)].forEach((c) => used.add(c));
        }
        out.push({
          path: head.source,
          tool: detection.adapter.id,
          object: detection.mapping.object,
          source_table: detection.mapping.sourceTable,
          score: detection.score,
          confidence: detection.confidence,
          candidates: detection.candidates,
          encoding: head.encoding,
          delimiter: head.delimiter,
          rows: raw.total - raw.empty + raw.readerRejects,
          empty_rows: raw.empty,
          mapping,
          unmapped: raw.columns.filter((c) => !used.has(c) && raw.nonEmptyColumns.has(c)),
          date_formats: Object.fromEntries([...formats].map(([c, f]) => [c, f.format])),
          column_matches: detection.headerMatches ?? [],
          header_warnings: detection.headerWarnings ?? [],
        });
      } finally {
        await raw.drop();
      }
    }
  } finally {
    scratch.close();
    await plan.dispose();
  }
  return out;
}

export function renderDryRun(r: DryRunReport): string {
  const lines = [
    `${r.path}: ${r.tool} ${r.object} (${r.source_table}) · score ${r.score} · confidence ${r.confidence.toFixed(2)} · ${r.rows} rows` +
      (r.empty_rows ? ` (+${r.empty_rows} empty)` : '') + ` · ${r.encoding}, delimiter ${r.delimiter === '\t' ? 'tab' : r.delimiter}`,
    `  candidates: ${r.candidates.map((c) => `${c.tool} ${c.score}`).join(' · ') || '(forced)'}`,
    '  mapping:',
    ...r.mapping.map((m) => `    ${`${m.table}.${m.field}`.padEnd(30)} ← ${m.columns.map((c) => `'${c}'`).join(', then ')}${r.date_formats[m.columns[0]!] ? `  [${r.date_formats[m.columns[0]!]}]` : ''}`),
    `  unmapped (kept in extra): ${r.unmapped.length ? keptInExtra(r.unmapped.map((c) => `'${c}'`)) : 'none'}`,
    ...renderHeaderMatches(r.column_matches, r.header_warnings),
  ];
  return lines.join('\n');
}

/** The lines that show each non-exact column match with its reason, and each key field left without a column. */
export function renderHeaderMatches(matches: HeaderMatch[] = [], warnings: string[] = []): string[] {
  const lines = matches.length ? ['  columns matched by alias, label or variant:', ...matches.map((m) => `    '${m.column}' ← ${m.table === 'ticket' ? '' : `${m.table}.`}${m.field}: ${m.reason}`)] : [];
  return [...lines, ...warnings.map((w) => `  warning: ${w}`)];
}

/**
 * The unmapped columns, the first 30 named (the ingest summary and --dry-run): a 10,000-column export printed a
 * 10,000-name line. Every name stays a key of the records' extra (and in --dry-run --json, all of them).
 */
export function keptInExtra(columns: string[], shown = 30): string {
  if (columns.length <= shown) return columns.join(', ');
  return `${columns.slice(0, shown).join(', ')} and ${(columns.length - shown).toLocaleString('en-US')} more (${columns.length.toLocaleString('en-US')} in all, each a key of extra)`;
}
