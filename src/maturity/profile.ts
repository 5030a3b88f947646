/**
 * Plants a maturity profile (profiles.yaml) into a loaded database: the data of an organisation whose practices
 * sit at the given levels. Used to test that the assessment finds what was planted; set-based UPDATEs only.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { UserError } from '../errors.js';
import type { Store } from '../store/db.js';

export const PROFILES_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'maturity', 'profiles.yaml');

interface Knob {
  practice: string;
  what: string;
  values: Record<number, Record<string, number>>;
  sql: string;
}

export function loadKnobs(path = PROFILES_FILE): Knob[] {
  const doc = parse(readFileSync(path, 'utf8')) as { knobs: Knob[] };
  return doc.knobs;
}

/** `levels`: one level for every practice, or a level per practice id (practices not named are left as they are). */
export async function plantProfile(store: Store, levels: number | Record<string, number>): Promise<void> {
  const knobs = loadKnobs();
  const levelOf = (p: string) => (typeof levels === 'number' ? levels : levels[p]);
  for (const l of typeof levels === 'number' ? [levels] : Object.values(levels)) {
    if (!Number.isInteger(l) || l < 1 || l > 5) throw new UserError(`maturity level must be 1 to 5 (got ${l})`);
  }
  await store.run(`CREATE OR REPLACE TEMP MACRO pu(k, salt) AS ((hash(k || '#' || salt) % 1000003)::DOUBLE / 1000003)`);
  await store.run(`CREATE OR REPLACE TEMP MACRO pn(k, salt) AS (sqrt(-2 * ln(1 - pu(k, salt || 'a'))) * cos(2 * pi() * pu(k, salt || 'b')))`);
  const t0 = await store.one<{ t: string }>(`SELECT strftime(min(opened_at), '%Y-%m-%dT%H:%M:%SZ') AS t FROM ticket`);
  await store.run(`CREATE OR REPLACE TEMP MACRO q_idx(ts) AS (datediff('quarter', date_trunc('quarter', TIMESTAMPTZ '${t0?.t ?? '1970-01-01T00:00:00Z'}'), ts))`);
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
