import { FIELDS, sqlType, type FieldDef } from '../store/schema.js';
import { ident, lit } from '../store/db.js';
import { COMMON_VOCAB } from '../sources/common.js';
import type { FieldRule, ObjectMapping, SourceAdapter, Vocab } from '../sources/types.js';
import { normaliseHeader } from './headers.js';
import { columnsOf } from './rules.js';
import { parseExpr, type ColumnDateFormat } from './dates.js';

/**
 * Compiles a declarative mapping into SQL over the raw (all-VARCHAR) table: one expression per canonical
 * field, its raw companion, and the checks that make a row a reject. No row-by-row work happens in JS.
 */

export interface ResolvedField {
  def: FieldDef;
  rule: FieldRule;
  /** raw-table columns read, in preference order (present in the file) */
  columns: string[];
}

export interface CompiledMapping {
  /** SELECT list producing the canonical columns (without key/provenance) */
  select: string[];
  /** SQL for the record's id (clean text) */
  idExpr: string;
  /** [condition, reason SQL] pairs; the first true one rejects the row */
  rejectChecks: [string, string][];
  /** raw columns that some field reads */
  used: Set<string>;
  fields: ResolvedField[];
  /** date columns and the fields that read them */
  dateColumns: string[];
  /**
   * SQL true where `kind` came from the rule's constant (the file's object) because its column gave none (an
   * id without a recognised prefix); undefined when the kind has no such fallback.
   */
  kindFromObject?: { expr: string; kind: string; column: string };
  /**
   * Fields whose value is a vocabulary's translation of their text (see `lookups`): the field, the raw columns its
   * text reads, the text and the typed value as SQL.
   */
  vocabFields: { name: string; columns: string[]; text: string; value: string }[];
}

/** Per field, the texts seen in the file and each one's value (as VARCHAR, NULL for none): see compileMapping's `lookups`. */
export type VocabLookups = Map<string, [string, string | null][]>;

/**
 * SQL for a cell as clean text: trimmed, empty strings and the tool's null markers as NULL. (NUL characters
 * are already gone: read-raw removes them from the raw rows when a file has any.)
 */
export function cleanExpr(col: string, nullValues: string[] = []): string {
  return ['', ...nullValues].reduce((e, marker) => `nullif(${e}, ${lit(marker)})`, trimExpr(col));
}

/**
 * trim(col), with trim only run on a cell it may change: DuckDB's trim strips Unicode space separators (a
 * space, NBSP, U+2000…, U+3000; not tab or line breaks), so an all-ASCII cell that neither starts below '!'
 * nor ends with a space is already trimmed. trim copies every cell it sees, and was ~0.2 s of CPU per 1M
 * cells: a third of the mapping of a 70-column export; the test costs a tenth of that. (`col` is a column.)
 */
function trimExpr(col: string): string {
  return `CASE WHEN ${col} < '!' OR ends_with(${col}, ' ') OR strlen(${col}) <> length(${col}) THEN trim(${col}) ELSE ${col} END`;
}

/** Finds the raw columns a rule names (after header normalisation), in the rule's order. */
export function resolveColumns(rule: FieldRule, rawColumns: string[]): string[] {
  const byNorm = new Map<string, string>();
  for (const c of rawColumns) if (!byNorm.has(normaliseHeader(c))) byNorm.set(normaliseHeader(c), c);
  const out: string[] = [];
  for (const alias of columnsOf(rule)) {
    const c = byNorm.get(normaliseHeader(alias));
    if (c && !out.includes(c)) out.push(c);
  }
  return out;
}

export function vocabFor(adapter: SourceAdapter, name: string): Vocab {
  const v = adapter.vocab[name] ?? COMMON_VOCAB[name];
  if (!v) throw new Error(`adapter ${adapter.id}: vocabulary '${name}' is not defined`);
  return v;
}

function literal(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return lit(v);
}

/** CASE expression translating clean text through a vocabulary; result is text (cast by the caller). */
export function vocabExpr(text: string, vocab: Vocab, otherwiseDefault: string): string {
  const parts: string[] = [];
  for (const [raw, canon] of Object.entries(vocab.map ?? {})) parts.push(`WHEN ${lit(raw.toLowerCase())} THEN ${lit(String(canon))}`);
  const lower = `lower(${text})`;
  let fallback =
    vocab.otherwise === undefined ? otherwiseDefault : vocab.otherwise === null ? 'NULL' : lit(String(vocab.otherwise));
  for (const [pattern, canon] of [...(vocab.patterns ?? [])].reverse()) {
    const value = String(canon) === '$1' ? `regexp_extract(${lower}, ${lit(pattern)}, 1)` : lit(String(canon));
    fallback = `CASE WHEN regexp_matches(${lower}, ${lit(pattern)}) THEN ${value} ELSE ${fallback} END`;
  }
  // NULL stays NULL: no WHEN matches a NULL, so the test sits in the ELSE. (Wrapped around the whole CASE, as
  // it was, it made DuckDB evaluate the chain 4× slower: ServiceNow's '3 - Moderate' priority, which passes
  // every WHEN, 0.72 instead of 0.17 CPU-s per 1M values, for each of priority, impact, urgency and state.)
  const guarded = `CASE WHEN ${text} IS NULL THEN NULL ELSE ${fallback} END`;
  return parts.length ? `CASE ${lower} ${parts.join(' ')} ELSE ${guarded} END` : guarded;
}

function cast(textExpr: string, def: FieldDef): string {
  switch (def.type) {
    case 'int':
      return `TRY_CAST(TRY_CAST(${textExpr} AS DOUBLE) AS INTEGER)`;
    case 'number':
      // Decimal comma (3871,69) as European exports write it; thousands separators are not guessed.
      return `TRY_CAST(CASE WHEN regexp_matches(${textExpr}, '^-?[0-9]+,[0-9]+$') THEN replace(${textExpr}, ',', '.') ELSE ${textExpr} END AS DOUBLE)`;
    case 'bool':
      return `TRY_CAST(${textExpr} AS BOOLEAN)`;
    default:
      return textExpr;
  }
}

/**
 * Seconds from a duration cell (time worked, time spent), NULL when the text is none of the forms real exports
 * write: a number of seconds (Jira's Time Spent), `[d ]h:mm:ss` (ServiceNow's duration value), the stored
 * ServiceNow value (`1970-01-01 01:30:00`: the epoch plus the duration), or words (`2 Days 3 Hours 4 Minutes`,
 * `1h 30m`). Days only as the word: Jira's `1d`/`1w` are working days of the instance's own length, not guessed.
 */
export function durationSeconds(text: string): string {
  const t = `trim(${text})`;
  const l = `lower(${t})`;
  const num = (re: string) => `coalesce(TRY_CAST(nullif(regexp_extract(${l}, '${re}', 1), '') AS DOUBLE), 0)`;
  const units = '(days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)';
  return `CASE WHEN ${text} IS NULL THEN NULL
    WHEN regexp_full_match(${t}, '[0-9]+([.,][0-9]+)?') THEN TRY_CAST(replace(${t}, ',', '.') AS DOUBLE)
    WHEN regexp_full_match(${t}, '([0-9]+ )?[0-9]+:[0-9]{2}:[0-9]{2}') THEN ${num('^([0-9]+) ')} * 86400 + ${num('([0-9]+):[0-9]{2}:[0-9]{2}$')} * 3600 + ${num(':([0-9]{2}):[0-9]{2}$')} * 60 + ${num(':([0-9]{2})$')}
    WHEN starts_with(${t}, '1970-01-') THEN epoch(TRY_CAST(${t} AS TIMESTAMP))
    WHEN regexp_full_match(${l}, '([0-9]+([.][0-9]+)? *${units}[ ,]*)+') THEN ${num('([0-9]+(?:[.][0-9]+)?) *days?\\b')} * 86400 + ${num('([0-9]+(?:[.][0-9]+)?) *h(?:rs?|ours?)?\\b')} * 3600 + ${num('([0-9]+(?:[.][0-9]+)?) *m(?:ins?|inutes?)?\\b')} * 60 + ${num('([0-9]+(?:[.][0-9]+)?) *s(?:ecs?|econds?)?\\b')}
  END`;
}

export function compileMapping(
  adapter: SourceAdapter,
  mapping: ObjectMapping,
  rawColumns: string[],
  dateFormats: Map<string, ColumnDateFormat>,
  timezone: string,
  /**
   * The rows the SQL reads are already clean (each column once, under its own name: see loadRecords), and
   * `parsed` names, per date column, a column holding its parsedExpr. `lookups`: per vocabulary field, texts
   * the file holds with their values (computed by the field's own expression over a sample of the rows).
   */
  pre?: { parsed: Map<string, string>; lookups?: VocabLookups },
): CompiledMapping {
  const nulls = adapter.nullValues ?? [];
  const clean = (c: string) => (pre ? ident(c) : cleanExpr(ident(c), nulls));
  const parsedOf = (c: string) => pre?.parsed.get(c);
  const select: string[] = [];
  const rejectChecks: [string, string][] = [];
  const used = new Set<string>();
  const fields: ResolvedField[] = [];
  const dateColumns: string[] = [];
  const vocabFields: CompiledMapping['vocabFields'] = [];
  let kindFromObject: CompiledMapping['kindFromObject'];

  for (const def of FIELDS[mapping.table]) {
    const rule = mapping.fields[def.name];
    const columns = rule === undefined ? [] : resolveColumns(rule, rawColumns);
    columns.forEach((c) => used.add(c));
    if (rule !== undefined) fields.push({ def, rule, columns });
    const obj = rule !== undefined && typeof rule === 'object' && !Array.isArray(rule) ? rule : undefined;
    const text = columns.length === 0 ? 'NULL' : columns.length === 1 ? clean(columns[0]!) : `coalesce(${columns.map(clean).join(', ')})`;
    let value: string;
    // the value is a vocabulary's translation of the text alone
    let translated = false;
    if (columns.length === 0) {
      value = obj?.value !== undefined ? literal(obj.value) : 'NULL';
      if (obj?.parse === 'present' && obj.from) value = 'NULL';
    } else if (def.type === 'timestamp' || def.type === 'date') {
      const parsed = columns.map((c) => {
        const f = dateFormats.get(c);
        return f ? parseExpr(clean(c), f, timezone, def.type === 'date', parsedOf(c)) : 'NULL';
      });
      value = parsed.length === 1 ? parsed[0]! : `coalesce(${parsed.join(', ')})`;
      for (const c of columns) {
        if (!dateColumns.includes(c)) dateColumns.push(c);
        const f = dateFormats.get(c);
        if (!f) continue;
        rejectChecks.push([
          `${clean(c)} IS NOT NULL AND ${parsedOf(c) ?? parseExpr(clean(c), f, timezone, true)} IS NULL`,
          `'column ' || ${lit(`'${c}'`)} || ': ''' || ${clean(c)} || ''' is not a date in the column''s format ${f.format.replace(/'/g, "''")}'`,
        ]);
      }
    } else if (obj?.parse === 'present') {
      value = def.type === 'bool' ? `(${text} IS NOT NULL)` : `CASE WHEN ${text} IS NULL THEN 0 ELSE 1 END`;
    } else if (obj?.parse === 'signed_duration') {
      value = `CASE WHEN ${text} IS NULL THEN NULL WHEN starts_with(${text}, '-') THEN FALSE ELSE TRUE END`;
    } else if (obj?.parse === 'duration') {
      value = durationSeconds(text);
      if (obj.scale !== undefined) value = `(${value}) * ${obj.scale}`;
    } else if (obj?.vocab) {
      translated = true;
      const otherwise = def.type === 'enum' || def.type === 'text' ? "'other'" : 'NULL';
      value = cast(vocabExpr(text, vocabFor(adapter, obj.vocab), otherwise), def);
      if (def.name === 'kind' && obj.value !== undefined) kindFromObject = { expr: `(${value}) IS NULL`, kind: String(obj.value), column: columns[0]! };
      if (obj.value !== undefined) value = `coalesce(${value}, ${literal(obj.value)})`;
    } else if (def.type === 'bool') {
      translated = true;
      value = cast(vocabExpr(text, vocabFor(adapter, 'bool'), 'NULL'), def);
    } else {
      value = cast(text, def);
      if (obj?.scale !== undefined) value = `(${value}) * ${obj.scale}`;
    }
    const type = sqlType(def);
    if (translated) vocabFields.push({ name: def.name, columns, text, value: `CAST(${value} AS ${type})` });
    const seen = translated ? pre?.lookups?.get(def.name) : undefined;
    if (seen?.length) {
      // The texts the file holds, matched exactly, before the vocabulary's chain of lower(), WHENs and regular
      // expressions: each text's value is the one that chain gave it (any other text still takes the chain).
      // ServiceNow's '3 - Moderate' passes every WHEN to a regexp_extract: 0.15 CPU-s per 1M values, 0.02 so.
      const whens = seen.map(([v, m]) => `WHEN ${lit(v)} THEN ${m === null ? 'NULL' : `CAST(${lit(m)} AS ${type})`}`);
      value = `CASE ${text} ${whens.join(' ')} ELSE CAST(${value} AS ${type}) END`;
    }
    // Typed, so that a field no column fills still compares and inserts as its canonical type.
    select.push(`CAST(${value} AS ${type}) AS ${def.name}`);
    if (def.raw) select.push(`CAST(${columns.length ? text : 'NULL'} AS VARCHAR) AS ${def.name}_raw`);
  }
  const idCols = resolveColumns(mapping.fields.source_id ?? [], rawColumns);
  const idExpr = idCols.length ? `coalesce(${idCols.map(clean).join(', ')})` : 'NULL';
  return { select, idExpr, rejectChecks, used, fields, dateColumns, vocabFields, ...(kindFromObject ? { kindFromObject } : {}) };
}

