import { FIELDS, type CanonicalTable, type FieldDef } from '../store/schema.js';
import type { FieldRule, ObjectMapping, SourceAdapter } from '../sources/types.js';
import { translations } from '../sources/i18n.js';
import { normaliseHeader } from './headers.js';
import { columnsOf } from './rules.js';
import { resolveColumns } from './compile.js';

/**
 * Headers that drift (issue 17.3): an export re-published by an analyst or a database client renames,
 * truncates or repeats columns. After the exact pass (a known alias or localised label, as before), a field
 * whose columns are all missing takes a close variant of one of its aliases: a prefix or suffix dropped
 * (`inc_opened_at`, `opened`), words reordered, a truncated name, or a small edit distance relative to the
 * length. A fuzzy match never takes a column an exact one uses, and one column fills at most one field of a
 * table. Every non-exact match is reported with its reason, so the user sees each guess.
 */

export interface HeaderMatch {
  table: CanonicalTable;
  field: string;
  column: string;
  how: 'alias' | 'localised' | 'variant' | 'duplicate';
  reason: string;
}

export interface FittedMapping {
  /** the mapping with each fuzzy match added to its field's columns (downstream code resolves exactly) */
  mapping: ObjectMapping;
  matches: HeaderMatch[];
  /** key fields the tool normally has that no column fills, with the nearest column */
  warnings: string[];
}

/** Tokens that exports prepend or append to a field's name without changing what it holds. */
const PREFIXES = new Set(['u', 'x', 'inc', 'incident', 'sys', 'ticket', 'tkt', 'case', 'issue', 'custom', 'cf', 'fld']);
const SUFFIXES = new Set(['at', 'on', 'date', 'time', 'datetime', 'dt', 'ts', 'id', 'value', 'display', 'label', 'name']);

/** Key fields a tool normally has: when they stay unmapped, KPIs are quietly n/a, so the summary warns. */
const KEY_FIELDS = ['status', 'opened_at', 'resolved_at'];

const tokens = (h: string) => normaliseHeader(h).split(/[\s.\-/:()]+/).filter(Boolean);

function core(h: string): string {
  const t = tokens(h);
  while (t.length > 1 && PREFIXES.has(t[0]!)) t.shift();
  while (t.length > 1 && SUFFIXES.has(t[t.length - 1]!)) t.pop();
  return t.join(' ');
}

/** What variantMatch compares of a header: its normal form, core, tokens (also sorted) and squashed form. */
interface Shape {
  norm: string;
  core: string;
  tokens: string[];
  sorted: string;
  squash: string;
}
// Every alias of the open fields is compared with every column (a 10,000-column export: ~2M pairs, 5.6 CPU-s
// when each pair worked out both shapes again): each header's shape is worked out once. Bounded, like
// normaliseHeader's answers, as a process may read many files.
const shapes = new Map<string, Shape>();
function shapeOf(h: string): Shape {
  const hit = shapes.get(h);
  if (hit) return hit;
  const norm = normaliseHeader(h);
  const t = tokens(norm);
  const shape = { norm, core: core(norm), tokens: t, sorted: [...t].sort().join(' '), squash: t.join('') };
  if (shapes.size >= 100_000) shapes.clear();
  shapes.set(h, shape);
  return shape;
}

/** Optimal string alignment distance (an adjacent swap is one edit), stopping once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Edits allowed for a name of this length (letters, spaces and underscores left out): none below 5 (`ci`, `sla`, `type` collide too easily). */
const allowedEdits = (len: number) => (len >= 12 ? 2 : len >= 5 ? 1 : 0);

/**
 * How a column's header is a close variant of an alias, strongest first (4 = affix or order, 3 = truncated,
 * 2 = one edit, 1 = two edits), or undefined. `edits: false` keeps to the structural variants.
 */
export function variantMatch(alias: string, column: string, edits = true): { strength: number; reason: string } | undefined {
  const a = shapeOf(alias);
  const c = shapeOf(column);
  if (a.norm === c.norm) return undefined;
  if (a.core.replace(/ /g, '').length >= 4 && a.core === c.core) return { strength: 4, reason: `variant of '${alias}' (prefix or suffix dropped)` };
  const ta = a.tokens;
  const tc = c.tokens;
  if (ta.length > 1 && ta.length === tc.length && a.sorted === c.sorted) {
    return { strength: 4, reason: `variant of '${alias}' (words reordered)` };
  }
  const sa = a.squash;
  const sc = c.squash;
  if (sc.length >= 6 && sc.length < sa.length && sc.length * 2 >= sa.length && sa.startsWith(sc)) return { strength: 3, reason: `'${alias}' truncated` };
  if (!edits) return undefined;
  const max = allowedEdits(Math.min(sa.length, sc.length));
  if (max === 0) return undefined;
  // (the bounded distance first: it stops at once for most pairs, the per-word distances below do not)
  const d = editDistance(sa, sc, max);
  if (d > max) return undefined;
  // a word replaced is another field, however short the word (resolved_at, resolved_by)
  if (ta.length === tc.length && ta.some((t, i) => editDistance(t, tc[i]!) * 2 >= Math.max(t.length, tc[i]!.length))) return undefined;
  return { strength: 3 - d, reason: `${d} edit${d > 1 ? 's' : ''} from '${alias}'` };
}

/** Whether the file's sample values could fill a field of this type (a date field takes no column of words). */
function valuesFit(def: FieldDef, values: string[]): boolean {
  if (values.length === 0) return true;
  const share = (re: RegExp) => values.filter((v) => re.test(v)).length / values.length;
  if (def.type === 'timestamp' || def.type === 'date') return share(/\d{1,4}\D\d{1,2}\D\d{1,4}|^\d{5,}(\.\d+)?$/) >= 0.8;
  if (def.type === 'int' || def.type === 'number') return share(/^-?\d+([.,]\d+)?$/) >= 0.8;
  // a yes/no column is a flag, not a reference or a name (TOPdesk's majorCall is not majorCallObject)
  if (def.type === 'text') return share(/^(true|false|yes|no)$/i) < 0.8;
  return true;
}

interface Slot {
  field: string;
  def?: FieldDef;
  rule: FieldRule;
  set: (rule: FieldRule) => void;
}

function withColumn(rule: FieldRule, column: string): FieldRule {
  if (typeof rule === 'string') return [rule, column];
  if (Array.isArray(rule)) return [...rule, column];
  const from = rule.from === undefined ? [] : Array.isArray(rule.from) ? rule.from : [rule.from];
  return { ...rule, from: [...from, column] };
}

/**
 * Fits a mapping to a file's columns: the exact matches it already makes, then close variants for the
 * fields left without a column (`fuzzy`; off for a user's own mapping file, which names its columns).
 * `header` is the file's header as written (for duplicates), `columns` the raw table's unique names.
 */
export function fitMapping(
  adapter: SourceAdapter,
  mapping: ObjectMapping,
  header: string[],
  columns: string[],
  sample: string[][],
  fuzzy: boolean,
): FittedMapping {
  const fields: Record<string, FieldRule> = { ...mapping.fields };
  let eventLog = mapping.eventLog ? { ...mapping.eventLog } : undefined;
  const slots: Slot[] = Object.entries(mapping.fields).map(([field, rule]) => ({
    field,
    def: FIELDS[mapping.table].find((d) => d.name === field),
    rule,
    set: (r) => (fields[field] = r),
  }));
  if (eventLog) {
    for (const k of ['seq', 'time', 'actor'] as const) {
      const rule = eventLog[k];
      if (rule !== undefined) slots.push({ field: `event_log.${k}`, rule, set: (r) => (eventLog = { ...eventLog!, [k]: r as string }) });
    }
  }
  const matches: HeaderMatch[] = [];
  const table = mapping.table;
  const taken = new Set<string>();
  const open: Slot[] = [];
  for (const s of slots) {
    const found = resolveColumns(s.rule, columns);
    found.forEach((c) => taken.add(c));
    if (found.length === 0) {
      if (columnsOf(s.rule).length) open.push(s);
      continue;
    }
    const c = found[0]!;
    const aliases = columnsOf(s.rule);
    const i = aliases.findIndex((a) => normaliseHeader(a) === normaliseHeader(c));
    if (i > 0) {
      const en = aliases.slice(0, i).find((a) => translations(a).includes(normaliseHeader(aliases[i]!)));
      matches.push(en ? { table, field: s.field, column: c, how: 'localised', reason: `localised label of '${en}'` } : { table, field: s.field, column: c, how: 'alias', reason: 'alias' });
    }
  }

  if (fuzzy && open.length) {
    const nulls = new Set(['', ...(adapter.nullValues ?? [])]);
    const valuesOf = (c: string) => {
      const idx = columns.indexOf(c);
      return sample.map((r) => (r[idx] ?? '').trim()).filter((v) => !nulls.has(v));
    };
    const pairs: { slot: Slot; column: string; alias: string; strength: number; reason: string; order: number }[] = [];
    for (const slot of open) {
      columnsOf(slot.rule).forEach((alias, order) => {
        for (const c of columns) {
          if (taken.has(c)) continue;
          const m = variantMatch(alias, c);
          if (m && (!slot.def || valuesFit(slot.def, valuesOf(c)))) pairs.push({ slot, column: c, alias: normaliseHeader(alias), ...m, order });
        }
      });
    }
    // strongest first; among equals the rule's preferred alias, then the file's order
    pairs.sort((x, y) => y.strength - x.strength || x.order - y.order || columns.indexOf(x.column) - columns.indexOf(y.column));
    const filled = new Set<Slot>();
    for (const p of pairs) {
      if (filled.has(p.slot) || taken.has(p.column)) continue;
      taken.add(p.column);
      // the column goes to every open slot that names the same alias: the adapter reads it twice itself
      // (ServiceNow's sys_updated_at is both updated_at and the event log's update time)
      for (const slot of open) {
        if (filled.has(slot) || !columnsOf(slot.rule).some((a) => normaliseHeader(a) === p.alias)) continue;
        filled.add(slot);
        slot.set(withColumn(slot.rule, p.column));
        matches.push({ table, field: slot.field, column: p.column, how: 'variant', reason: p.reason });
      }
    }
  }

  // A header written twice: the raw table keeps both (`category`, `category (2)`); say which one a field reads.
  const bases = header.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  for (const [field, rule] of Object.entries(fields)) {
    const c = resolveColumns(rule, columns)[0];
    if (c === undefined) continue;
    const i = columns.indexOf(c);
    const same = bases.flatMap((b, j) => (b === bases[i] && b !== '' ? [columns[j]!] : []));
    if (same.length > 1) {
      const others = same.filter((x) => x !== c).map((x) => `'${x}'`).join(', ');
      matches.push({ table, field, column: c, how: 'duplicate', reason: `${same.length} columns are named '${header[i]!.trim()}': this field reads '${c}' (column ${i + 1}); ${others} not` });
    }
  }

  const warnings: string[] = [];
  for (const key of KEY_FIELDS) {
    const rule = fields[key];
    if (rule === undefined || !columnsOf(rule).length || resolveColumns(rule, columns).length) continue;
    const aliases = columnsOf(rule);
    // the tool's own spellings, without the localised labels added to them
    const own = aliases.filter((a, i) => !aliases.slice(0, i).some((b) => translations(b).includes(normaliseHeader(a))));
    let best: { c: string; d: number } | undefined;
    for (const c of columns) {
      if (taken.has(c)) continue;
      for (const a of aliases) {
        const sa = shapeOf(a).squash;
        // (bounded at what counts as near, 0.6 of the alias: a farther column is never named, whatever its distance)
        const d = editDistance(sa, shapeOf(c).squash, Math.floor(0.6 * Math.max(sa.length, 1) + 1e-9)) / Math.max(sa.length, 1);
        if (!best || d < best.d) best = { c, d };
      }
    }
    const nearest = best && best.d <= 0.6 ? `; the nearest column is '${best.c}' (pass --mapping to use it)` : '; no column is close to it';
    warnings.push(`${table}.${key}: no column found (this tool's export calls it ${own.slice(0, 3).map((a) => `'${a}'`).join(' or ')})${nearest}`);
  }

  const routes = mapping.routes?.map((r) => ({ ...r, mapping: fitMapping(adapter, r.mapping, header, columns, sample, fuzzy) }));
  // a route reads the same columns as its parent mapping (Jira's Key): each match is shown once
  for (const r of routes ?? []) matches.push(...r.mapping.matches.filter((m) => !matches.some((x) => x.field === m.field && x.column === m.column)));
  return {
    mapping: { ...mapping, fields, ...(eventLog ? { eventLog } : {}), ...(routes ? { routes: routes.map((r) => ({ ...r, mapping: r.mapping.mapping })) } : {}) },
    matches,
    warnings,
  };
}
