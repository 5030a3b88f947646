/**
 * Plants a maturity profile (profiles.yaml) into a loaded database: the data of an organisation whose practices
 * sit at the given levels; set-based UPDATEs only. `generate --maturity` runs it on the generated exports and
 * writes the result back out as export files (src/generate/maturity.ts), so tests can check that
 * ingest + assess finds what was planted.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlText } from '../config/yaml.js';
import { UserError } from '../errors.js';
import { validateAgainst } from '../config/schema.js';
import { lit, type Store } from '../store/db.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The profiles' macros (profiles.sql). */
const SQL = loadSqlFile('maturity/profiles.sql');

export const PROFILES_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'maturity', 'profiles.yaml');

interface Knob {
  practice: string;
  what: string;
  values: Record<number, Record<string, number>>;
  sql: string;
}

export function loadKnobs(path = PROFILES_FILE): Knob[] {
  const doc: unknown = parseYamlText(readFileSync(path, 'utf8'));
  // a knob without a level's values, or a value that is not a number, would plant half a profile
  validateAgainst('profiles', doc, path);
  return (doc as { knobs: Knob[] }).knobs;
}

/** The practices profiles.yaml has knobs for, in file order. */
export function profilePractices(knobs = loadKnobs()): string[] {
  return [...new Set(knobs.map((k) => k.practice))];
}

function level(v: string | number, what: string): number {
  const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new UserError(`--maturity: ${what} must be a level 1 to 5 (got ${String(v).trim() || 'nothing'})`);
  return n;
}

/**
 * `3` (every practice), `incident=3,change=4` (the named ones) or `2,incident=3` (a bare level is the level of
 * the practices not named) → a level per practice; practices neither named nor defaulted are not planted.
 */
export function resolveLevels(spec: number | string | Record<string, number | string>): Record<string, number> {
  const practices = profilePractices();
  const out: Record<string, number> = {};
  let fallback: number | undefined;
  const entries: [string, string | number][] =
    typeof spec === 'number' ? [['', spec]]
    : typeof spec === 'string' ? spec.split(',').map((e) => (e.includes('=') ? (e.split('=', 2).map((x) => x.trim()) as [string, string]) : ['', e]))
    : Object.entries(spec);
  for (const [name, v] of entries) {
    if (name === '') {
      if (fallback !== undefined) throw new UserError('--maturity: give one default level at most (e.g. 2,incident=3)');
      fallback = level(v, 'the default');
    } else if (!practices.includes(name)) {
      throw new UserError(`--maturity: unknown practice '${name}' (practices: ${practices.join(', ')})`);
    } else {
      out[name] = level(v, name);
    }
  }
  if (fallback !== undefined) for (const p of practices) out[p] ??= fallback;
  return Object.fromEntries(practices.filter((p) => p in out).map((p) => [p, out[p]!]));
}

/** `levels`: one level for every practice, or a level per practice id (practices not named are left as they are). */
export async function plantProfile(store: Store, levels: number | Record<string, number>): Promise<void> {
  const knobs = loadKnobs();
  const levelOf = (p: string) => (typeof levels === 'number' ? levels : levels[p]);
  for (const l of typeof levels === 'number' ? [levels] : Object.values(levels)) {
    if (!Number.isInteger(l) || l < 1 || l > 5) throw new UserError(`maturity level must be 1 to 5 (got ${l})`);
  }
  await store.run(sqlOf(SQL, 'draws'));
  const t0 = await store.one<{ t: string }>(sqlOf(SQL, 'first_opened'));
  await store.run(sqlOf(SQL, 'quarter_index', { first: `TIMESTAMPTZ ${lit(t0?.t ?? '1970-01-01T00:00:00Z')}` }));
  await store.transaction(async () => {
    for (const k of knobs) {
      const level = levelOf(k.practice);
      if (level === undefined) continue;
      const v = k.values[level]!;
      const sql = k.sql.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (!(name in v)) throw new Error(`profiles.yaml (${k.what}): no value '${name}' for level ${level}`);
        return String(v[name]);
      });
      for (const stmt of sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) await store.run(stmt);
    }
  });
}
