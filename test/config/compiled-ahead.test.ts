/**
 * What `npm run build` does ahead (tools/compile-ahead.mjs), for the CLI processes (dist/) to use:
 * - the validators (dist/config/validators/*.cjs, used while their schema's hash matches) give the same verdict
 *   and the same errors, annotations included, as the schema compiled at run time, on the shipped documents
 *   and on broken variants of them;
 * - the shipped YAML's JSON (dist/config/yaml-ahead, named by the text's sha256) is the value the parser gives.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { newAjv, SCHEMAS_DIR, schemaSha256 } from '../../src/config/schema.js';
import { YAML_AHEAD_DIR } from '../../src/config/yaml.js';
import { ROOT } from '../helpers.js';

const require = createRequire(import.meta.url);
const DIST = join(ROOT, 'dist', 'config', 'validators');

/** Shipped documents of a schema (the broken variants are made from them). */
const SHIPPED: Record<string, string[]> = {
  'report-definition': ['reports/monthly.yaml'],
  'chart-templates': ['reports/charts.yaml'],
  rubric: ['src/maturity/rubric/default.yaml'],
  profiles: ['src/maturity/profiles.yaml'],
  benchmarks: ['src/maturity/benchmarks.yaml'],
  'privacy-policy': ['src/privacy/default-policy.yaml'],
};

/** The document with one thing wrong at each level: an unknown key, a value of the wrong type. */
function broken(doc: unknown): unknown[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const o = doc as Record<string, unknown>;
  const keys = Object.keys(o);
  const out: unknown[] = [{ ...o, zz_unknown: 1 }];
  for (const k of keys.slice(0, 6)) {
    out.push({ ...o, [k]: 12345 }, { ...o, [k]: 'x' }, { ...o, [k]: null });
    const v = o[k];
    const first = Array.isArray(v) ? v[0] : v;
    for (const inner of broken(first)) out.push({ ...o, [k]: Array.isArray(v) ? [inner, ...v.slice(1)] : inner });
  }
  return out;
}

const names = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json')).map((f) => f.replace(/\.schema\.json$/, ''));

describe('validators compiled at build time', () => {
  it.each(names)('%s: built from the current schema, same verdicts and errors as compiling it now', (name) => {
    const text = readFileSync(join(SCHEMAS_DIR, `${name}.schema.json`), 'utf8');
    const ahead = require(join(DIST, `${name}.cjs`)) as ((d: unknown) => boolean) & { errors?: unknown; schemaSha256: string };
    expect(ahead.schemaSha256).toBe(schemaSha256(text));
    const now = newAjv().compile(JSON.parse(text));
    const shipped = (SHIPPED[name] ?? []).map((p) => parse(readFileSync(join(ROOT, p), 'utf8')) as unknown);
    const docs = [{}, [], 'text', 42, null, { zz_unknown: 1 }, ...shipped, ...shipped.flatMap(broken)];
    let invalid = 0;
    for (const doc of docs) {
      const a = ahead(doc);
      const b = now(doc);
      expect(a, JSON.stringify(doc).slice(0, 200)).toBe(b);
      expect(ahead.errors ?? null).toEqual(now.errors ?? null);
      if (!b) invalid++;
    }
    // the comparison saw errors (with their parentSchema annotations), not only valid documents
    expect(invalid).toBeGreaterThanOrEqual(shipped.length ? 10 : 4);
    for (const doc of shipped) expect(now(doc)).toBe(true);
  });
});

describe('shipped YAML parsed at build time', () => {
  it.each(['src/maturity/rubric/default.yaml', 'src/maturity/benchmarks.yaml', 'reports/monthly.yaml', 'reports/charts.yaml', 'src/maturity/profiles.yaml'])('%s: its JSON is there, named by the text, and equals the parsed file', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const ahead = join(ROOT, 'dist', 'config', basename(YAML_AHEAD_DIR), `${createHash('sha256').update(text).digest('hex')}.json`);
    expect(JSON.parse(readFileSync(ahead, 'utf8'))).toStrictEqual(parse(text));
  });
});
