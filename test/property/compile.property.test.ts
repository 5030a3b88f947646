// The mapping compiler (src/ingest/compile.ts) over every built-in adapter (src/sources): the SQL it emits, run
// in DuckDB on random raw rows, must give what the adapter's declarative rules say — the first non-empty column
// of a rule, cleaned (trimmed, the tool's null markers as NULL; read-raw has already removed NUL characters), translated through its vocabulary
// (exact key case-insensitively, then patterns in order, then `otherwise`) and cast to the canonical type.
// The oracle below implements that reading of src/sources/types.ts in JS, independently of the SQL.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, ident, lit } from '../../src/store/db.js';
import { ADAPTERS } from '../../src/sources/index.js';
import { COMMON_VOCAB } from '../../src/sources/common.js';
import type { FieldRule, ObjectMapping, SourceAdapter, Vocab } from '../../src/sources/types.js';
import { FIELDS, type FieldDef } from '../../src/store/schema.js';
import { compileMapping } from '../../src/ingest/compile.js';
import { normaliseHeader } from '../../src/ingest/headers.js';
import { assertBatched } from './batched.js';

type Rule = Exclude<FieldRule, string | string[]>;
interface Target {
  adapter: SourceAdapter;
  mapping: ObjectMapping;
  def: FieldDef;
  rule: FieldRule;
  aliases: string[];
  vocab?: Vocab;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const asObj = (r: FieldRule): Rule | undefined => (typeof r === 'object' && !Array.isArray(r) ? r : undefined);

// Every non-date field of every mapping (routed ones included) of every adapter that reads a column.
const TARGETS: Target[] = ADAPTERS.flatMap((adapter) => {
  const mappings = adapter.objects.flatMap((m) => [m, ...(m.routes ?? []).map((r) => r.mapping)]);
  return mappings.flatMap((mapping) =>
    FIELDS[mapping.table].flatMap((def) => {
      const rule = mapping.fields[def.name];
      if (rule === undefined || def.type === 'timestamp' || def.type === 'date') return [];
      const o = asObj(rule);
      const aliases = o ? [...list(o.from), ...list(o.fallback)] : list(rule as string | string[]);
      if (!aliases.length) return [];
      const vname = o?.vocab ?? (def.type === 'bool' && o?.parse === undefined ? 'bool' : undefined);
      const vocab = vname ? (adapter.vocab[vname] ?? COMMON_VOCAB[vname]) : undefined;
      return [{ adapter, mapping, def, rule, aliases, vocab }];
    }),
  );
});

// ---- the oracle
const clean = (v: string | null, nulls: string[]): string | null => {
  if (v === null) return null;
  const t = v.replace(/^ +| +$/g, ''); // SQL trim() removes spaces only
  return t === '' || nulls.includes(t) ? null : t;
};
// RE2's \s is [\t\n\f\r ]; JS's also matches \v and Unicode spaces
const re2 = (p: string) => new RegExp(p.replace(/\\s/g, '[\\t\\n\\f\\r ]'));

function translate(text: string, vocab: Vocab, otherwiseDefault: string | null): string | null {
  const lower = text.toLowerCase();
  for (const [k, canon] of Object.entries(vocab.map ?? {})) if (k.toLowerCase() === lower) return String(canon);
  for (const [p, canon] of vocab.patterns ?? []) {
    const m = re2(p).exec(lower);
    if (m) return String(canon) === '$1' ? (m[1] ?? '') : String(canon);
  }
  if (vocab.otherwise === undefined) return otherwiseDefault;
  return vocab.otherwise === null ? null : String(vocab.otherwise);
}

// DuckDB's cast of text to DOUBLE: decimal digits (underscores between them allowed), exponent, inf/nan
const NUMERIC = /^\s*[-+]?(\d+(_\d+)*(\.(\d+(_\d+)*)?)?|\.\d+(_\d+)*)([eE][-+]?\d+)?\s*$/;
const SPECIAL = /^\s*[-+]?(inf|infinity|nan)\s*$/i;
const toDouble = (t: string): number | null =>
  NUMERIC.test(t) ? Number(t.replace(/_/g, '')) : SPECIAL.test(t) ? (/nan/i.test(t) ? NaN : t.includes('-') ? -Infinity : Infinity) : null;
/** DOUBLE → INTEGER as DuckDB casts it: half to even, NULL when out of range or not finite */
const toInt = (n: number | null): number | null => {
  if (n === null || !Number.isFinite(n)) return null;
  const r = Math.abs(n % 1) === 0.5 ? 2 * Math.round(n / 2) : Math.round(n);
  return Math.abs(r) <= 2147483647 ? r : null;
};

function castTo(text: string | null, def: FieldDef): unknown {
  if (text === null) return null;
  switch (def.type) {
    case 'int':
      return toInt(toDouble(text));
    case 'number':
      return toDouble(/^-?[0-9]+,[0-9]+$/.test(text) ? text.replace(',', '.') : text);
    case 'bool': {
      const l = text.toLowerCase();
      return ['true', 't', '1', 'yes', 'y'].includes(l) ? true : ['false', 'f', '0', 'no', 'n'].includes(l) ? false : null;
    }
    default:
      return text;
  }
}

/**
 * Seconds of a duration cell as the adapters declare them (`parse: duration`), written here from the forms real
 * exports use, not from the SQL: plain seconds (a decimal comma allowed), `[d ]h:mm:ss`, ServiceNow's stored
 * `1970-01-01 hh:mm:ss`, or number-unit words ("2 Days 3 Hours", "1h 30m"); anything else is no duration.
 */
function durationOf(text: string | null): number | null {
  if (text === null) return null;
  const t = text.trim();
  const l = t.toLowerCase();
  if (/^[0-9]+([.,][0-9]+)?$/.test(t)) return Number(t.replace(',', '.'));
  const hms = /^(?:([0-9]+) )?([0-9]+):([0-9]{2}):([0-9]{2})$/.exec(t);
  if (hms) return Number(hms[1] ?? 0) * 86400 + Number(hms[2]) * 3600 + Number(hms[3]) * 60 + Number(hms[4]);
  if (t.startsWith('1970-01-')) {
    const m = /^1970-01-([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})$/.exec(t);
    return m ? (Number(m[1]) - 1) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : null;
  }
  if (!/^([0-9]+([.][0-9]+)? *(days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)[ ,]*)+$/.test(l)) return null;
  const unit = (re: RegExp) => Number(re.exec(l)?.[1] ?? 0);
  return unit(/([0-9]+(?:[.][0-9]+)?) *days?\b/) * 86400 + unit(/([0-9]+(?:[.][0-9]+)?) *h(?:rs?|ours?)?\b/) * 3600 +
    unit(/([0-9]+(?:[.][0-9]+)?) *m(?:ins?|inutes?)?\b/) * 60 + unit(/([0-9]+(?:[.][0-9]+)?) *s(?:ecs?|econds?)?\b/);
}

function expected(t: Target, text: string | null): unknown {
  const o = asObj(t.rule);
  if (o?.parse === 'present') return t.def.type === 'bool' ? text !== null : text === null ? 0 : 1;
  if (o?.parse === 'signed_duration') return text === null ? null : !text.startsWith('-');
  if (o?.parse === 'duration') {
    const sec = durationOf(text);
    return sec === null ? null : o.scale !== undefined ? sec * o.scale : sec;
  }
  let v: unknown;
  if (t.vocab) {
    const dflt = o?.vocab && (t.def.type === 'enum' || t.def.type === 'text') ? 'other' : null;
    v = castTo(text === null ? null : translate(text, t.vocab, dflt), t.def);
    if (o?.value !== undefined && v === null) v = o.value;
  } else {
    v = castTo(text, t.def);
    if (o?.scale !== undefined && v !== null) v = (v as number) * o.scale;
  }
  return v;
}

// ---- cases: one target field, a value (or nothing) for each column its rule names
/** text with random case where that survives lower-casing, and random space padding */
const spelled = (s: string) =>
  fc.record({ flips: fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }), l: fc.nat({ max: 2 }), r: fc.nat({ max: 2 }) }).map(({ flips, l, r }) => {
    const body = [...s].map((ch, i) => (flips[i] && ch.toUpperCase().length === 1 && ch.toUpperCase().toLowerCase() === ch ? ch.toUpperCase() : ch)).join('');
    return ' '.repeat(l) + body + ' '.repeat(r);
  });

function valueArb(t: Target): fc.Arbitrary<string | null> {
  const keys = Object.keys(t.vocab?.map ?? {});
  const options: fc.Arbitrary<string | null>[] = [
    fc.constant(null),
    fc.constantFrom('', '   ', ...(t.adapter.nullValues ?? [])),
    fc.string({ maxLength: 12 }),
    fc.oneof(fc.integer({ min: -99999, max: 99999 }).map(String), fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((d) => d.toFixed(2))),
    fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom(' - High', '-Critical', ' Low', '000', 'x', '')).map(([d, s]) => `${d}${s}`),
    fc.tuple(fc.nat(999), fc.nat(99)).map(([a, b]) => `${a},${b}`), // decimal comma
    fc.constantFrom('2.5', '3.5', '-2.5', '.5', '5.', '1_000', '1e3', '+7', 'inf', '-Infinity', 'nan', '0x1F', '99999999999'),
    fc.constantFrom('-1h 20m', '2h', '- 3d', 'P1 - Critical', 'waiting for customer', 'Breached', 'within SLA'),
  ];
  if (keys.length) options.push(fc.constantFrom(...keys).chain(spelled), fc.constantFrom(...keys).chain(spelled));
  return fc.oneof(...options);
}

interface Case {
  target: number;
  values: (string | null)[]; // per alias
}
const caseArb: fc.Arbitrary<Case> = fc
  .integer({ min: 0, max: TARGETS.length - 1 })
  .chain((target) => fc.record({ target: fc.constant(target), values: fc.tuple(...TARGETS[target]!.aliases.map(() => valueArb(TARGETS[target]!))) }));

const sqlText = (s: string | null) => (s === null ? 'NULL' : lit(s));

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:');
});
afterAll(() => store?.close());

/** Runs every case: one raw table and one compiled query per mapping. Returns [value, raw text] per case. */
async function evaluate(cases: Case[]): Promise<[unknown, unknown][]> {
  const out: [unknown, unknown][] = cases.map(() => [undefined, undefined]);
  const groups = new Map<ObjectMapping, number[]>();
  cases.forEach((c, i) => groups.set(TARGETS[c.target]!.mapping, [...(groups.get(TARGETS[c.target]!.mapping) ?? []), i]));
  for (const [mapping, idx] of groups) {
    const adapter = TARGETS[cases[idx[0]!]!.target]!.adapter;
    // raw columns: each alias the cases' rules name, one per normalised spelling (as a header row would have it)
    const byNorm = new Map<string, string>();
    for (const i of idx) for (const a of TARGETS[cases[i]!.target]!.aliases) if (!byNorm.has(normaliseHeader(a))) byNorm.set(normaliseHeader(a), a);
    const raw = [...byNorm.values()];
    const rows = idx.map((i, r) => {
      const c = cases[i]!;
      const t = TARGETS[c.target]!;
      const cells = raw.map(() => 'NULL');
      // an alias that normalises like an earlier one names the same column: the earlier alias's value is the cell
      const filled = new Set<number>();
      t.aliases.forEach((a, k) => {
        const col = raw.indexOf(byNorm.get(normaliseHeader(a))!);
        if (!filled.has(col)) cells[col] = sqlText(c.values[k]!);
        filled.add(col);
      });
      return `(${r}, ${cells.join(', ')})`;
    });
    // all-VARCHAR, as read-raw.ts loads an export
    await store.run(`CREATE OR REPLACE TEMP TABLE raw_rows (__r INTEGER, ${raw.map((c) => `${ident(c)} VARCHAR`).join(', ')})`);
    await store.run(`INSERT INTO raw_rows VALUES ${rows.join(', ')}`);
    const compiled = compileMapping(adapter, mapping, raw, new Map(), 'UTC');
    const got = await store.all<Record<string, unknown>>(`SELECT __r, ${compiled.select.join(', ')} FROM raw_rows ORDER BY __r`);
    idx.forEach((i, r) => {
      const def = TARGETS[cases[i]!.target]!.def;
      out[i] = [got[r]![def.name], def.raw ? got[r]![`${def.name}_raw`] : undefined];
    });
  }
  return out;
}

/** the text a rule reads: its first alias column whose clean value is not NULL (aliases of one column count once) */
function ruleText(t: Target, values: (string | null)[]): string | null {
  const seen = new Set<string>();
  for (const [k, a] of t.aliases.entries()) {
    const n = normaliseHeader(a);
    if (seen.has(n)) continue;
    seen.add(n);
    const v = clean(values[k]!, t.adapter.nullValues ?? []);
    if (v !== null) return v;
  }
  return null;
}

describe('compiled mappings map values as the adapters declare', () => {
  it(`${TARGETS.length} fields of ${ADAPTERS.length} adapters: canonical value and raw text`, async () => {
    const n = await assertBatched(caseArb, evaluate, (c, [value, rawText]) => {
      const t = TARGETS[c.target]!;
      const text = ruleText(t, c.values);
      const want = expected(t, text);
      const same =
        typeof want === 'number' && typeof value === 'number' && Number.isFinite(want)
          ? Math.abs(want - value) <= 1e-9 * Math.max(1, Math.abs(want))
          : Object.is(value, want) || (value === 0 && want === 0);
      return same && (!t.def.raw || rawText === text);
    });
    expect(n).toBe(1000);
  });

  it('every adapter contributes fields with vocabularies', () => {
    expect(new Set(TARGETS.filter((t) => t.vocab).map((t) => t.adapter.id)).size).toBeGreaterThanOrEqual(ADAPTERS.length - 1);
  });
});
