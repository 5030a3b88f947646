/**
 * The inverse of ingest: rewrites every export file loaded into a database with the values its records have
 * now, in the file's own layout (its header, in its column order), so that ingesting the rewritten files gives
 * the same canonical values. `generate --maturity` plants a profile on canonical data (src/maturity/
 * profiles.yaml, the terms the rubric reads) and writes it back as the tool's export with this.
 *
 * Per column of the original header: the canonical field whose rule reads it (the adapter's vocabularies
 * inverted: canonical value → the first raw value that maps to it), else the value kept in `extra`. A field
 * whose rule names no column of the original file but that now holds values (a knowledge article the
 * generator's layout has no column for) gets the rule's first column name, appended. One COPY per file.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { COMMON_VOCAB } from '../sources/common.js';
import { ADAPTERS } from '../sources/index.js';
import type { FieldRule, ObjectMapping, SourceAdapter, Vocab } from '../sources/types.js';
import { FIELDS, type CanonicalTable, type FieldDef } from '../store/schema.js';
import { ident, lit, type Store } from '../store/db.js';
import { resolveColumns } from '../ingest/compile.js';
import { columnsOf } from '../ingest/rules.js';
import { normaliseHeader, uniqueColumnNames } from '../ingest/headers.js';
import { sniffFile } from '../ingest/sniff.js';

const TABLES: CanonicalTable[] = ['ticket', 'change', 'problem', 'asset'];

function vocabOf(adapter: SourceAdapter, rule: FieldRule, def: FieldDef): Vocab | undefined {
  const name = typeof rule === 'object' && !Array.isArray(rule) ? rule.vocab : undefined;
  if (name) return adapter.vocab[name] ?? COMMON_VOCAB[name];
  return def.type === 'bool' ? COMMON_VOCAB.bool : undefined;
}

/** SQL text for a canonical column as the export would write it. */
function rawExpr(adapter: SourceAdapter, rule: FieldRule, def: FieldDef): string {
  const col = ident(def.name);
  const obj = typeof rule === 'object' && !Array.isArray(rule) ? rule : {};
  if (obj.parse === 'present') return def.type === 'bool' ? `CASE WHEN ${col} THEN 'yes' END` : `CASE WHEN ${col} > 0 THEN '1' END`;
  if (obj.parse === 'signed_duration') return `CASE WHEN ${col} THEN '0:00' WHEN NOT ${col} THEN '-0:01' END`;
  if (def.type === 'timestamp') return `strftime(timezone('UTC', ${col}), '%Y-%m-%d %H:%M:%S')`;
  if (def.type === 'date') return `strftime(${col}, '%Y-%m-%d')`;
  const text = obj.scale !== undefined ? `CAST(${col} / ${obj.scale} AS VARCHAR)` : `CAST(${col} AS VARCHAR)`;
  const vocab = vocabOf(adapter, rule, def);
  if (!vocab?.map) return text;
  // first raw value per canonical value; values no key gives are written as they are (patterns, `otherwise`)
  const inverse = new Map<string, string>();
  for (const [raw, canon] of Object.entries(vocab.map)) if (!inverse.has(String(canon))) inverse.set(String(canon), raw);
  const whens = [...inverse].map(([canon, raw]) => `WHEN ${lit(canon)} THEN ${lit(raw)}`).join(' ');
  return `CASE ${text} ${whens} ELSE ${text} END`;
}

function mappingFor(adapter: SourceAdapter, sourceTable: string): ObjectMapping | undefined {
  return adapter.objects.find((m) => m.sourceTable === sourceTable && !m.activityLog && !m.routes && !m.perRowCi);
}

/**
 * Writes one file per loaded export into `out` (same base name), from the canonical rows that came from it.
 * Returns the written paths (by original path). Event logs, routed and per-CI-row layouts
 * are not rewritable (one record spread over several rows) and stop with an error naming the file.
 */
export async function rewriteExports(store: Store, out: string): Promise<string[]> {
  const sources = await store.all<{ file_id: string; path: string; tool: string; source_table: string; object_kind: string }>(
    `SELECT file_id, path, tool, source_table, object_kind FROM source_file ORDER BY path`,
  );
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  for (const src of sources) {
    const adapter = ADAPTERS.find((a) => a.id === src.tool);
    const mapping = adapter && mappingFor(adapter, src.source_table);
    if (!adapter || !mapping || !TABLES.includes(mapping.table) || src.object_kind !== mapping.object) throw new Error(`cannot rewrite ${src.path}: ${src.tool}/${src.source_table} is not a one-row-per-record layout`);
    const table = mapping.table;
    const header = uniqueColumnNames((await sniffFile(src.path)).header);
    const rows = `(SELECT * FROM ${ident(table)} WHERE file_id = ${lit(src.file_id)})`;

    // A column goes to the field that reads it first (asset `display_name`: the name, not the id's fallback),
    // then to a field that reads it as a later alternative (ServiceNow `number`: the id, and by prefix the kind).
    const byColumn = new Map<string, string>();
    const appended: [string, string][] = [];
    const resolved: { cols: string[]; expr: string }[] = [];
    for (const def of FIELDS[table]) {
      const rule = mapping.fields[def.name];
      if (rule === undefined || columnsOf(rule).length === 0) continue;
      const cols = resolveColumns(rule, header);
      const expr = rawExpr(adapter, rule, def);
      if (cols.length) {
        resolved.push({ cols, expr });
        continue;
      }
      const has = await store.one<{ n: number }>(`SELECT count(${ident(def.name)})::INT AS n FROM ${rows}`);
      const name = columnsOf(rule)[0]!;
      const clash = [...header, ...appended.map(([n]) => n)].some((h) => normaliseHeader(h) === normaliseHeader(name));
      if ((has?.n ?? 0) > 0 && !clash) appended.push([name, expr]);
    }
    for (const r of resolved) if (!byColumn.has(r.cols[0]!)) byColumn.set(r.cols[0]!, r.expr);
    for (const r of resolved) for (const c of r.cols.slice(1)) if (!byColumn.has(c)) byColumn.set(c, r.expr);
    const select = [
      ...header.map((c) => `${byColumn.get(c) ?? `json_extract_string(extra, ${lit(`$."${c.replace(/"/g, '\\"')}"`)})`} AS ${ident(c)}`),
      ...appended.map(([n, e]) => `${e} AS ${ident(n)}`),
    ];
    const dest = join(out, basename(src.path));
    await store.run(`COPY (SELECT ${select.join(', ')} FROM ${rows} ORDER BY source_row) TO ${lit(dest)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"')`);
    written.push(dest);
  }
  return written;
}
