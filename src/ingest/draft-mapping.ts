import { lstatSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Store, ident, lit } from '../store/db.js';
import { FIELDS, type CanonicalTable, type FieldDef } from '../store/schema.js';
import { ADAPTERS } from '../sources/index.js';
import { COMMON_VOCAB } from '../sources/common.js';
import type { ObjectMapping, SourceAdapter, Vocab } from '../sources/types.js';
import { UserError } from '../errors.js';
import { convertInput } from './convert/index.js';
import { withoutExtension } from './formats.js';
import { schemaRef } from '../config/schema.js';
import { sniffFile } from './sniff.js';
import { readRaw } from './read-raw.js';
import { cleanExpr } from './compile.js';
import { sniffDateFormats } from './dates.js';
import { normaliseHeader } from './headers.js';
import { columnsOf } from './rules.js';
import { variantMatch } from './header-match.js';
import type { Limits } from './limits.js';
import { readSqlFile } from '../store/sql-file.js';

/**
 * `itsm-lens map FILE` (issue 17.4): a draft mapping file for an export no adapter knows, from its header
 * and its values. The values are profiled in SQL (draft-profile.sql, draft-values.sql over one row per
 * cell); the header words come from every built-in tool's aliases and vocabularies, so a column that some
 * tool calls `opened_at`, `Open Time` or `Created` is a candidate for opened_at, and a status value that
 * some tool's vocabulary knows gets that tool's canonical word. Each guess is written with its evidence.
 */

export interface DraftColumn {
  index: number;
  name: string;
  n: number;
  distinct_n: number;
  unique: boolean;
  avg_len: number;
  ints: number;
  nums: number;
  datey: number;
  bools: number;
  top: { v: string; c: number }[];
  date_format?: string;
  date_problem?: string;
}

export interface Draft {
  path: string;
  rows: number;
  object: 'ticket' | 'change' | 'problem' | 'asset' | 'event_log';
  table: CanonicalTable;
  null_values: { value: string; cells: number }[];
  /** canonical field → column (or a constant for kind) */
  fields: Record<string, { column?: string; value?: string; vocab?: string; parse?: 'present'; /** divide by */ scale?: number; evidence: string }>;
  event_log?: { seq: string; time?: string; actor?: string; evidence: string };
  vocab: Record<string, { map: Record<string, string | number>; unmatched: string[] }>;
  /** columns no field takes, with their evidence */
  extra: { column: string; evidence: string }[];
  notes: string[];
  yaml: string;
}

const sqlFile = (name: string) => readSqlFile(`ingest/${name}`);

/** Cell texts that mean "no value" in exports (ServiceNow's audit log writes `?`). */
const NULL_MARKERS = ['?', 'NULL', 'null', 'N/A', 'n/a', '#N/A', '#N/B', '(null)', 'None', 'nan', 'NaN', '(empty)', '-'];

interface Knowledge {
  /** normalised header → `table.field` (or `table.@seq|@time|@actor` for event-log columns) → tools naming it */
  aliases: Map<string, Map<string, number>>;
  /** `table.field` → the vocabularies built-in tools translate it with */
  vocabs: Map<string, Vocab[]>;
  /** id prefix → kind, from the tools' objects (IM → incident, SD → interaction, RITM → service_request) */
  kindByPrefix: [string, string][];
}

function mappingsOf(a: SourceAdapter): ObjectMapping[] {
  return a.objects.flatMap((o) => [o, ...(o.routes ?? []).map((r) => r.mapping)]);
}

/**
 * What the built-in tools know, gathered afresh on each call (14–35 ms; one draft per `map` run). It was cached
 * in the module, which only repeated calls in one process (tests) gained from, and which left a test after the
 * first unable to see a wrong word here.
 */
function learn(): Knowledge {
  const aliases = new Map<string, Map<string, number>>();
  const vocabs = new Map<string, Vocab[]>();
  const kindByPrefix: [string, string][] = [];
  const add = (alias: string, key: string) => {
    const h = normaliseHeader(alias);
    const m = aliases.get(h) ?? new Map<string, number>();
    m.set(key, (m.get(key) ?? 0) + 1);
    aliases.set(h, m);
  };
  for (const a of ADAPTERS) {
    for (const m of mappingsOf(a)) {
      for (const [field, rule] of Object.entries(m.fields)) {
        new Set(columnsOf(rule).map(normaliseHeader)).forEach((c) => add(c, `${m.table}.${field}`));
        const name = typeof rule === 'object' && !Array.isArray(rule) ? rule.vocab : undefined;
        const v = name ? (a.vocab[name] ?? COMMON_VOCAB[name]) : undefined;
        if (v) vocabs.set(`${m.table}.${field}`, [...(vocabs.get(`${m.table}.${field}`) ?? []), v]);
        if (field === 'kind' && typeof rule === 'object' && !Array.isArray(rule) && typeof rule.value === 'string') {
          for (const p of m.idPrefixes ?? []) kindByPrefix.push([p.toUpperCase(), rule.value]);
        }
      }
      for (const k of ['seq', 'time', 'actor'] as const) {
        const r = m.eventLog?.[k];
        if (r) columnsOf(r).forEach((c) => add(c, `${m.table}.@${k}`));
      }
    }
  }
  // longest prefix first, so that `C` (HPSM change) does not claim `CHG…`
  kindByPrefix.sort((x, y) => y[0].length - x[0].length);
  return { aliases, vocabs, kindByPrefix };
}

const pct = (a: number, b: number) => (b === 0 ? '0 %' : `${(Math.round((1000 * a) / b) / 10).toLocaleString('en-US')} %`);
const short = (v: string) => (v.length > 24 ? `${v.slice(0, 22)}…` : v);
const samples = (c: DraftColumn, k = 3) => c.top.slice(0, k).map((t) => JSON.stringify(short(t.v))).join(', ');

/** Whether a column's values can fill a field of this type. */
function fits(def: FieldDef, c: DraftColumn, hasVocab: boolean): boolean {
  if (c.n === 0) return false;
  switch (def.type) {
    case 'timestamp':
    case 'date':
      return dated(c);
    case 'int':
      return c.ints / c.n >= 0.95 || (hasVocab && c.distinct_n <= 60 && !dated(c));
    case 'number':
      return c.nums / c.n >= 0.95;
    case 'bool':
      return c.bools / c.n >= 0.95 && c.distinct_n <= 4;
    case 'enum':
      return c.distinct_n <= 60 && !dated(c);
    default:
      return !dated(c);
  }
}

/** A column of dates, whether or not the data decides their format: one whose day/month order nothing decides is
 * still the dates of its header (`Opened`), never a text field (`opened_by`) or the id. */
const dated = (c: DraftColumn) => c.date_format !== undefined || c.date_problem !== undefined;

/** A value's canonical word by majority of the built-in vocabularies that know it, or undefined. */
function canonicalOf(value: string, vocabs: Vocab[]): string | number | undefined {
  const votes = new Map<string | number, number>();
  const low = value.trim().toLowerCase();
  for (const v of vocabs) {
    let hit: string | number | boolean | undefined = v.map?.[low];
    if (hit === undefined) {
      for (const [pattern, canon] of v.patterns ?? []) {
        const m = new RegExp(pattern).exec(low);
        if (m) {
          hit = String(canon) === '$1' ? m[1] : canon;
          break;
        }
      }
    }
    if (hit === undefined || typeof hit === 'boolean' || hit === '') continue;
    const k = typeof hit === 'string' && /^\d+$/.test(hit) ? Number(hit) : hit;
    votes.set(k, (votes.get(k) ?? 0) + 1);
  }
  return [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
}

interface Profile {
  rows: number;
  columns: DraftColumn[];
  nulls: { value: string; cells: number }[];
  /** for each of `cands`, the share of rows whose (id, that column) pair is distinct */
  uniqueWith: (id: DraftColumn, cands: DraftColumn[]) => Promise<{ col: DraftColumn; share: number }[]>;
}

/**
 * Reads the export as the ingest does (convert, sniff, read raw) into an in-memory scratch database,
 * profiles every column in SQL and hands the profile to `use` while the raw rows are still there.
 */
async function withProfile<T>(path: string, opts: { sheet?: string; limits?: Limits }, use: (p: Profile) => Promise<T>): Promise<T> {
  const converted = await convertInput(path, { sheet: opts.sheet, limits: opts.limits });
  const store = await Store.open(':memory:', { migrate: false });
  try {
    await store.run("SET TimeZone = 'UTC'");
    const head = await sniffFile(converted?.csvPath ?? path, opts.limits);
    head.source = path;
    const raw = await readRaw(store, head);
    try {
      const names = raw.columns;
      const index = new Map(names.map((c, i) => [c, i]));
      await store.run(`CREATE TEMP TABLE draft_raw AS SELECT name, raw FROM (UNPIVOT (SELECT ${names.map(ident).join(', ')} FROM ${raw.view} WHERE NOT __empty)
        ON COLUMNS(*) INTO NAME name VALUE raw)`);
      // a marker counts when it fills cells of at least two columns: one column's '-' may be a value
      const markers = await store.all<{ m: string; cells: number; cols: number }>(
        `SELECT trim(raw) AS m, count(*)::INTEGER AS cells, count(DISTINCT name)::INTEGER AS cols FROM draft_raw
         WHERE trim(raw) IN (${NULL_MARKERS.map(lit).join(', ')}) GROUP BY 1 HAVING count(DISTINCT name) >= 2 ORDER BY cells DESC`,
      );
      const nulls = markers.map((m) => ({ value: m.m, cells: Number(m.cells) }));
      const clean = (c: string) => cleanExpr(c, nulls.map((m) => m.value));
      await store.run(`CREATE TEMP TABLE draft_cells AS SELECT CASE name ${names.map((c, i) => `WHEN ${lit(c)} THEN ${i}`).join(' ')} END AS col, name, v
        FROM (SELECT name, ${clean('raw')} AS v FROM draft_raw) WHERE v IS NOT NULL`);
      await store.run('DROP TABLE draft_raw');
      const rows = Number((await store.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${raw.view} WHERE NOT __empty`))!.n);
      await store.run(`CREATE TEMP TABLE draft_rows AS SELECT ${rows} AS n`);
      const stats = await store.all<Record<string, unknown>>(sqlFile('draft-profile.sql'));
      const values = await store.all<{ col: number; v: string; c: number }>(sqlFile('draft-values.sql'));
      const columns: DraftColumn[] = names.map((name, i) => ({ index: i, name, n: 0, distinct_n: 0, unique: false, avg_len: 0, ints: 0, nums: 0, datey: 0, bools: 0, top: [] }));
      for (const s of stats) {
        const c = columns[Number(s.col)]!;
        Object.assign(c, {
          n: Number(s.n), distinct_n: Number(s.distinct_n), unique: Boolean(s.unique), avg_len: Number(s.avg_len),
          ints: Number(s.ints), nums: Number(s.nums), datey: Number(s.datey), bools: Number(s.bools),
        });
      }
      for (const v of values) columns[Number(v.col)]!.top.push({ v: v.v, c: Number(v.c) });
      // date formats, sniffed as the ingest will sniff them; a column whose day/month order nothing decides says so
      const dateCols = columns.filter((c) => c.n > 0 && c.datey / c.n >= 0.9).map((c) => c.name);
      const cleanCol = (c: string) => cleanExpr(ident(c), nulls.map((m) => m.value));
      const sniff = (cols: string[]) => sniffDateFormats(store, raw.view, cols, cleanCol, undefined, path);
      const formats = await sniff(dateCols).catch(async () => {
        const one = new Map<string, { format: string }>();
        for (const c of dateCols) {
          await sniff([c]).then(
            (f) => f.forEach((v, k) => one.set(k, v)),
            (e: unknown) => (columns[index.get(c)!]!.date_problem = e instanceof UserError ? e.message.replace(`${path}: `, '') : String(e)),
          );
        }
        return one;
      });
      for (const [c, f] of formats) columns[index.get(c)!]!.date_format = f.format;
      const uniqueWith = async (id: DraftColumn, cands: DraftColumn[]) => {
        const list = cands.slice(0, 40);
        if (!list.length) return [];
        const col = (c: DraftColumn) => ident(names[c.index]!);
        const r = (await store.one<Record<string, number>>(
          `SELECT ${list.map((c, i) => `count(DISTINCT (${col(id)}, ${col(c)}))::INTEGER AS p${i}`).join(', ')} FROM ${raw.view} WHERE NOT __empty`,
        ))!;
        return list.map((c, i) => ({ col: c, share: Number(r[`p${i}`]) / Math.max(rows, 1) }));
      };
      return await use({ rows, columns, nulls, uniqueWith });
    } finally {
      await raw.drop();
    }
  } finally {
    store.close();
    await converted?.cleanup();
  }
}

const TABLES: CanonicalTable[] = ['ticket', 'change', 'problem', 'asset'];

/** `out`: where the draft will be written (default: mapping.yaml here), for its schema line's relative path */
export async function draftMapping(path: string, opts: { sheet?: string; limits?: Limits; out?: string } = {}): Promise<Draft> {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new UserError(`${path}: no such file`);
  if (st.isDirectory()) throw new UserError(`${path}: is a folder; map one export file at a time`);
  const draft = await withProfile(path, opts, (p) => draftFrom(path, p));
  // editors with the YAML language server complete and check the keys from it
  return { ...draft, yaml: `# yaml-language-server: $schema=${schemaRef('mapping', opts.out ?? 'mapping.yaml')}\n${draft.yaml}` };
}

async function draftFrom(path: string, { rows, columns, nulls, uniqueWith }: Profile): Promise<Draft> {
  const k = learn();
  const headerOf = (c: DraftColumn) => normaliseHeader(c.name);
  const notes: string[] = [];

  // The table: the one whose fields the most headers name (a tie goes to ticket).
  const named = (t: CanonicalTable) => new Set(columns.flatMap((c) => [...(k.aliases.get(headerOf(c))?.keys() ?? [])].filter((key) => key.startsWith(`${t}.`) && !key.includes('@')))).size;
  const table = TABLES.reduce((best, t) => (named(t) > named(best) ? t : best), 'ticket' as CanonicalTable);
  const defs = new Map(FIELDS[table].map((d) => [d.name, d]));

  // Candidate (column, field) pairs: a header some tool uses for the field (5), or a close variant of one (≤ 4).
  const tableAliases = [...k.aliases].filter(([, m]) => [...m.keys()].some((key) => key.startsWith(`${table}.`)));
  type Pair = { col: DraftColumn; field: string; strength: number; votes: number; reason: string };
  const pairs: Pair[] = [];
  for (const c of columns) {
    const h = headerOf(c);
    for (const [alias, fields] of tableAliases) {
      const exact = alias === h;
      const variant = exact ? undefined : variantMatch(alias, h);
      if (!exact && !variant) continue;
      for (const [key, votes] of fields) {
        if (!key.startsWith(`${table}.`)) continue;
        const field = key.slice(table.length + 1);
        const def = defs.get(field);
        if (def && !fits(def, c, k.vocabs.has(key))) continue;
        const tools = `${votes} built-in tool${votes > 1 ? 's' : ''}`;
        pairs.push(exact ? { col: c, field, strength: 5, votes, reason: `header used by ${tools}` } : { col: c, field, strength: variant!.strength, votes, reason: `header ${variant!.reason} (${tools})` });
      }
    }
  }
  pairs.sort((x, y) => y.strength - x.strength || y.votes - x.votes || x.col.index - y.col.index);

  const fields: Draft['fields'] = {};
  const taken = new Set<number>();
  const evidence = (c: DraftColumn) => {
    const parts = [c.distinct_n <= 100 ? `${c.distinct_n} distinct value${c.distinct_n === 1 ? '' : 's'}` : `${pct(c.distinct_n, c.n)} unique`];
    if (c.n < rows) parts.push(`${pct(c.n, rows)} filled`);
    if (c.date_format) parts.push(`dates ${c.date_format}`);
    else if (c.date_problem) parts.push('dates whose day/month order the data cannot decide (see the note above)');
    parts.push(`e.g. ${samples(c)}`);
    return parts.join('; ');
  };

  // The id, in this order: a unique column some tool names as the id; a column some tool names as the id that
  // repeats (an event log, or superseded rows: handled below); a unique column named like an id; any other
  // unique column; an id-like column with the most distinct values. A column of dates or of a measure (a
  // duration, a count, a cost) is never the id, even when unique: `Opened` or `Handle Time (secs)` could be.
  const toolId = (c: DraftColumn) => Boolean(k.aliases.get(headerOf(c))?.has(`${table}.source_id`));
  const idLike = (c: DraftColumn) => /\b(id|key|number|no|nr|num|ticket|case|ref|#)\b/.test(headerOf(c)) || toolId(c);
  const measure = (c: DraftColumn) => /\b(s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|duration|time|count|cost|amount|price|score)\b/.test(headerOf(c));
  const idCands = columns.filter((c) => c.n > 0 && !dated(c) && c.avg_len <= 40 && (idLike(c) || (c.unique && !measure(c))));
  idCands.sort((x, y) => Number(y.unique) - Number(x.unique) || Number(toolId(y)) - Number(toolId(x)) || y.distinct_n - x.distinct_n);
  const enough = (c: DraftColumn) => c.distinct_n / Math.max(c.n, 1) >= 0.01;
  const id =
    idCands.find((c) => c.unique && toolId(c)) ??
    idCands.find((c) => toolId(c) && enough(c)) ??
    idCands.find((c) => c.unique && idLike(c)) ??
    idCands.find((c) => c.unique) ??
    idCands.find((c) => idLike(c) && enough(c));
  let object: Draft['object'] = table;
  let eventLog: Draft['event_log'];
  if (id) {
    taken.add(id.index);
    fields.source_id = { column: id.name, evidence: `${id.unique ? 'unique on every row' : `${id.distinct_n.toLocaleString('en-US')} distinct in ${rows.toLocaleString('en-US')} rows`}; e.g. ${samples(id)}` };
  } else {
    notes.push('no column is unique, and none is named like an id: records are numbered by file and line (stable for this file only)');
  }

  const take = (p: Pair) => {
    taken.add(p.col.index);
    fields[p.field] = { column: p.col.name, evidence: `${p.reason}; ${evidence(p.col)}` };
  };

  // No unique id: one row per update of a record (an event log) when the id and an update counter are
  // unique together; else a composite key is named and the last row of a repeated id is kept.
  if (id && !id.unique) {
    const seqCands = pairs.filter((p) => p.field === '@seq' && p.col.ints / Math.max(p.col.n, 1) >= 0.95).map((p) => p.col);
    // an update counter: one tools name so, else a whole-number column that is not a measure (a duration in
    // seconds is unique per row as often as not)
    const others = [...new Set([...seqCands, ...columns.filter((c) => c !== id && c.n === rows && c.ints === c.n && !measure(c))])];
    const shares = await uniqueWith(id, [...others, ...columns.filter((c) => c !== id && !others.includes(c))]);
    const composite = shares.filter((s) => s.share === 1).map((s) => s.col);
    // an update counter may repeat now and then (the UCI audit log: 5 pairs in 119,998 rows); ties are
    // ordered by the update time, then the line
    const seqShare = shares.find((s) => seqCands.includes(s.col) && s.share >= 0.99) ?? shares.find((s) => s.share === 1 && others.includes(s.col));
    const seq = seqShare?.col;
    if (seq) {
      object = 'event_log';
      taken.add(seq.index);
      // the update time: a column tools use for it, else the date column with the most distinct values that
      // no opened/resolved/closed header claims
      const claimed = new Set(pairs.filter((p) => ['opened_at', 'resolved_at', 'closed_at'].includes(p.field)).map((p) => p.col));
      const named = pairs.find((p) => (p.field === '@time' || p.field === 'updated_at') && p.col.date_format !== undefined)?.col;
      const time = named ?? columns.filter((c) => c.date_format !== undefined && !claimed.has(c)).sort((a, b) => b.distinct_n - a.distinct_n)[0];
      if (time && !named) fields.updated_at = { column: time.name, evidence: `guess: the update time is the date column with the most distinct values; ${evidence(time)}` };
      const actor = pairs.find((p) => p.field === '@actor' && !taken.has(p.col.index))?.col;
      eventLog = {
        seq: seq.name,
        ...(time ? { time: time.name } : {}),
        ...(actor ? { actor: actor.name } : {}),
        evidence: `'${id.name}' repeats (${id.distinct_n.toLocaleString('en-US')} distinct in ${rows.toLocaleString('en-US')} rows); '${id.name}' + '${seq.name}' is unique${seqShare!.share < 1 ? ` but for ${Math.round((1 - seqShare!.share) * rows)} rows` : ''}: one row per update, the latest kept`,
      };
      if (actor) taken.add(actor.index);
    } else {
      const pair = composite[0];
      notes.push(
        `'${id.name}' is not unique (${id.distinct_n.toLocaleString('en-US')} distinct in ${rows.toLocaleString('en-US')} rows)` +
          (pair ? `; '${id.name}' + '${pair.name}' is: one row per record and ${pair.name}` : '; no second column makes it unique') +
          `; the last row of each id is loaded and the rows before it are rejected as superseded`,
      );
    }
  }

  for (const p of pairs) {
    if (p.field.startsWith('@') || p.field === 'source_id' || fields[p.field] || taken.has(p.col.index)) continue;
    take(p);
  }
  // hours from a column in seconds or minutes, as its header says (HPSM's 'Handle Time (secs)')
  const hours = fields.handle_time_hours;
  if (hours?.column) {
    const unit = /\b(s|secs?|seconds?)\b/.test(normaliseHeader(hours.column)) ? 3600 : /\b(mins?|minutes?)\b/.test(normaliseHeader(hours.column)) ? 60 : undefined;
    if (unit) Object.assign(hours, { scale: unit, evidence: `${unit === 3600 ? 'seconds' : 'minutes'} by its header, divided by ${unit}; ${hours.evidence}` });
  }
  // a reopen time and no counter: reopened at least once when the time is there (as HPSM's adapter reads it)
  if (fields.reopened_at && !fields.reopen_count && defs.has('reopen_count')) {
    fields.reopen_count = { column: fields.reopened_at.column, parse: 'present', evidence: `1 when '${fields.reopened_at.column}' has a time (reopened at least once), else 0` };
  }
  // a time column the event log reads is the update time too
  if (eventLog?.time && !fields.updated_at) fields.updated_at = { column: eventLog.time, evidence: 'the event log\'s update time' };

  // Vocabularies: each distinct value of an enum-like column, translated by the built-in tools' words.
  const vocab: Draft['vocab'] = {};
  for (const [field, f] of Object.entries(fields)) {
    const def = defs.get(field)!;
    const c = columns.find((x) => x.name === f.column);
    if (!c || f.parse || f.scale) continue;
    if (def.type === 'bool') {
      f.vocab = 'bool';
      continue;
    }
    const needs = def.type === 'enum' || (def.type === 'int' && c.ints < c.n);
    if (!needs) continue;
    const map: Record<string, string | number> = {};
    const unmatched: string[] = [];
    for (const { v } of c.top) {
      const canon = canonicalOf(v, k.vocabs.get(`${table}.${field}`) ?? []);
      if (canon === undefined || (def.type === 'int' && typeof canon !== 'number')) unmatched.push(v);
      else map[v] = canon;
    }
    if (c.distinct_n > c.top.length) unmatched.push(`… ${c.distinct_n - c.top.length} rarer values`);
    vocab[field] = { map, unmatched };
    f.vocab = field;
  }

  // The kind: a column that holds it, else the object the id prefixes or the id's name point to.
  if (table === 'ticket' && !fields.kind) {
    const values = id?.top ?? [];
    const total = values.reduce((a, t) => a + t.c, 0);
    const hits = new Map<string, number>();
    for (const t of values) {
      const hit = k.kindByPrefix.find(([p]) => t.v.toUpperCase().startsWith(p) && /^[0-9]/.test(t.v.slice(p.length)));
      if (hit) hits.set(hit[1], (hits.get(hit[1]) ?? 0) + t.c);
    }
    const [byPrefix, n] = [...hits].sort((a, b) => b[1] - a[1])[0] ?? [undefined, 0];
    const byName = id && /interaction/.test(headerOf(id)) ? 'interaction' : id && /request/.test(headerOf(id)) ? 'service_request' : undefined;
    const kind = byPrefix && n / Math.max(total, 1) >= 0.5 ? byPrefix : byName ?? 'incident';
    fields.kind = {
      value: kind,
      evidence: byPrefix && kind === byPrefix
        ? `${pct(n, total)} of the most frequent ids start with a prefix tools use for ${kind}`
        : byName ? `the id column is named '${id!.name}'`
        : 'assumed: no type column and no known id prefix; set service_request, interaction or other if that is what the file holds',
    };
  }

  const extra = columns.filter((c) => c.n > 0 && !taken.has(c.index) && !Object.values(fields).some((f) => f.column === c.name)).map((c) => ({ column: c.name, evidence: evidence(c) }));
  for (const c of columns) if (c.date_problem) notes.push(`'${c.name}' holds dates but ${c.date_problem}`);
  const draft: Omit<Draft, 'yaml'> = { path, rows, object, table, null_values: nulls, fields, ...(eventLog ? { event_log: eventLog } : {}), vocab, extra, notes };
  return { ...draft, yaml: renderYaml(draft, columns.length) };
}

const q = (s: string) => JSON.stringify(s);

function renderYaml(d: Omit<Draft, 'yaml'>, ncols: number): string {
  const file = basename(d.path);
  const out: string[] = [
    `# Draft mapping for ${file}, written by \`itsm-lens map\` from its header and values`,
    `# (${d.rows.toLocaleString('en-US')} rows, ${ncols} columns). Each line says why; check the guesses, then run:`,
    `#   itsm-lens ingest ${q(d.path)} --mapping <this file>`,
    ...d.notes.map((n) => `# note: ${n}`),
    `tool: custom`,
    `object: ${d.object}${d.event_log ? `   # ${d.event_log.evidence}` : ''}`,
    `source_table: ${q(withoutExtension(file))}`,
  ];
  if (d.null_values.length) out.push(`null_values: [${d.null_values.map((n) => q(n.value)).join(', ')}]   # ${d.null_values.map((n) => `${q(n.value)} fills ${n.cells.toLocaleString('en-US')} cells`).join('; ')}`);
  out.push('fields:');
  if (!d.fields.source_id) out.push(`  source_id: { value: "" }   # no id column: records are numbered by file and line`);
  const order = FIELDS[d.table].map((f) => f.name);
  for (const name of order) {
    const f = d.fields[name];
    if (!f) continue;
    const body = f.value !== undefined ? `{ value: ${q(f.value)} }`
      : f.vocab ? `{ from: ${q(f.column!)}, vocab: ${f.vocab} }`
      : f.parse ? `{ from: ${q(f.column!)}, parse: ${f.parse} }`
      : f.scale ? `{ from: ${q(f.column!)}, scale: ${1 / f.scale} }`
      : q(f.column!);
    out.push(`  ${name}: ${body}   # ${f.evidence.replace(/\n/g, ' ')}`);
  }
  if (d.event_log) {
    const e = d.event_log;
    out.push(`event_log: { seq: ${q(e.seq)}${e.time ? `, time: ${q(e.time)}` : ''}${e.actor ? `, actor: ${q(e.actor)}` : ''} }`);
  }
  const vocabs = Object.entries(d.vocab);
  if (vocabs.length) {
    out.push('vocab:   # each distinct value, translated with the words of the built-in tools; values not listed become other (text) or unknown (numbers)');
    for (const [name, v] of vocabs) {
      out.push(`  ${name}:`);
      out.push(`    map:${Object.keys(v.map).length ? '' : ' {}'}`);
      for (const [raw, canon] of Object.entries(v.map)) out.push(`      ${q(raw)}: ${typeof canon === 'number' ? canon : q(canon)}`);
      if (v.unmatched.length) out.push(`    # not matched: ${v.unmatched.slice(0, 12).map((u) => (u.startsWith('… ') ? u : q(short(u)))).join(', ')}${v.unmatched.length > 12 ? ', …' : ''}`);
    }
  }
  if (d.extra.length) {
    out.push('# columns kept in extra (no field guessed); name one under fields to use it:');
    for (const e of d.extra) out.push(`#   ${q(e.column)}: ${e.evidence}`);
  }
  return out.join('\n') + '\n';
}

/**
 * Writes the draft to `out`: an existing file is kept unless `force` (a draft replaces a mapping the user
 * has edited only when asked), and the file appears whole or not at all (a temporary file renamed).
 */
export function writeDraft(out: string, yaml: string, force: boolean): void {
  let exists = false;
  try {
    const st = lstatSync(out);
    if (st.isDirectory()) throw new UserError(`--out ${out}: is a folder; name a file such as ${join(out, 'mapping.yaml')}`);
    exists = true;
  } catch (e) {
    if (e instanceof UserError) throw e;
  }
  if (exists && !force) throw new UserError(`--out ${out}: the file exists; pass --force to replace it, or name another file`);
  if (!statSync(dirname(out), { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`--out ${out}: the folder ${dirname(out)} does not exist`);
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, yaml, { flag: 'wx' });
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
