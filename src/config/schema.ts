import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv';
import { UserError } from '../errors.js';

/**
 * The JSON Schemas of the YAML files a user writes (schemas/*.schema.json, shipped with the package so that
 * editors can autocomplete them through a `$schema` or `# yaml-language-server: $schema=…` line). A loader
 * validates the parsed document here first, for shape, types and unknown keys; what a schema cannot say (a
 * KPI that exists, a query file on disk, a calendar that is defined) stays in the loader.
 *
 * The schemas carry two annotations of ours, both optional:
 * - `x-hint`: how the value must look, phrased to follow the key path ("must be a whole number of days 0..365");
 *   it replaces ajv's own wording for errors on that key;
 * - `x-unknown`: the word for an unknown key of that mapping ("section" at the project config's top level).
 */
export const SCHEMAS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');

export type SchemaName =
  // files a user writes
  | 'project-config' | 'report-definition' | 'check-config' | 'lint-settings' | 'privacy-policy' | 'mapping' | 'rubric' | 'answers'
  // files the package ships (validated on load all the same, so an edit that breaks one says where)
  | 'profiles' | 'benchmarks' | 'chart-templates';

/** The URL-less reference a written file uses: a path relative to the package, or the file's absolute path. */
export const schemaFile = (name: SchemaName): string => join(SCHEMAS_DIR, `${name}.schema.json`);

/**
 * How a file written at `file` names its schema: relative while it sits near the package (a project with
 * itsm-lens in node_modules), else the absolute path.
 */
export function schemaRef(name: SchemaName, file: string): string {
  const rel = relative(dirname(resolve(file)), schemaFile(name)).split('\\').join('/');
  return rel.split('/').filter((s) => s === '..').length > 2 ? schemaFile(name) : rel;
}

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();
const require = createRequire(import.meta.url);

type Sch = Record<string, unknown>;

// verbose: each error carries the schema node it failed in (parentSchema), where our annotations sit; it is the
// node's own even inside a $ref'd definition, whose schemaPath starts over at the definition
export const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true };

/** Our annotation keywords: hints and the unknown-key message a schema node carries. */
const KEYWORDS = ['x-hint', 'x-unknown'];

/** An Ajv with our options and annotation keywords (`code`: e.g. { source: true } for tools/compile-ahead.mjs). */
export function newAjv(code: Options['code'] = {}): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const a = new AjvClass({ ...AJV_OPTIONS, code });
  for (const keyword of KEYWORDS) a.addKeyword({ keyword, schemaType: 'string' });
  return a;
}

/** Where `npm run build` writes the validator of each schema, compiled ahead (tools/compile-ahead.mjs). */
export const VALIDATORS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'validators');
/**
 * The key of a compiled validator: the schema text and what else its code depends on (our options, keywords and
 * ajv's version), so that a validator compiled before any of them changed is never used.
 */
export const schemaSha256 = (text: string): string =>
  createHash('sha256')
    .update(JSON.stringify([AJV_OPTIONS, KEYWORDS, (require('ajv/package.json') as { version: string }).version]))
    .update('\u0000')
    .update(text)
    .digest('hex');

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const text = readFileSync(schemaFile(name), 'utf8');
    // The validator compiled at build time, when it was compiled from this very schema text: compiling at run
    // time costs ~0.03-0.1 CPU-s a schema (ajv's import and code generation), which every report, assess, check
    // … process paid. Any other case (a schema edited since, a run from src/) compiles here, as before.
    const ahead = precompiled(name);
    if (ahead?.schemaSha256 === schemaSha256(text)) v = ahead;
    else v = (ajv ??= newAjv()).compile(JSON.parse(text) as Sch);
    compiled.set(name, v);
  }
  return v;
}

function precompiled(name: SchemaName): (ValidateFunction & { schemaSha256?: string }) | undefined {
  try {
    return require(join(VALIDATORS_DIR, `${name}.cjs`)) as ValidateFunction & { schemaSha256?: string };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

/** Throws the one-line UserError for the most specific problem of `doc` against the schema, naming `file`. */
export function validateAgainst(name: SchemaName, doc: unknown, file: string): void {
  const validate = validator(name);
  if (validate(doc)) return;
  const err = pick(validate.errors ?? []);
  throw new UserError(`${file}: ${describe(err, doc)}`);
}

// the most specific error: the deepest key path; among equals the most telling keyword (an unknown key before a
// failed anyOf, which only says that no alternative fitted)
const RANK = ['additionalProperties', 'required', 'enum', 'const', 'type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'pattern', 'minLength', 'minItems', 'maxItems', 'minProperties', 'uniqueItems', 'not', 'oneOf', 'anyOf', 'if'];
function pick(all: ErrorObject[]): ErrorObject {
  // an alternative that failed as a whole (cost needs per_month or per_team_month) is said at its own key, not
  // as the first branch's missing key
  // (a $ref'd definition's schema paths start at the definition, so the instance path tells its uses apart)
  const alternatives = all.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const under = (e: ErrorObject, a: ErrorObject) =>
    e.schemaPath !== a.schemaPath && e.schemaPath.startsWith(`${a.schemaPath}/`) && (e.instancePath === a.instancePath || e.instancePath.startsWith(`${a.instancePath}/`));
  const errors = all.filter((e) => !alternatives.some((a) => under(e, a)));
  const depth = (e: ErrorObject) => (e.instancePath.match(/\//g) ?? []).length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0);
  const rank = (e: ErrorObject) => (RANK.indexOf(e.keyword) + 1 || RANK.length) ;
  return [...errors].sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b))[0]!;
}

/** `/tiles/0/kpi` → `tiles[0].kpi` */
export function keyPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((p, s) => (/^\d+$/.test(s) ? `${p}[${s}]` : p ? `${p}.${s}` : s), '');
}

const TYPE_WORDS: Record<string, string> = { number: 'a number', integer: 'a whole number', string: 'a text', object: 'a mapping', array: 'a list', boolean: 'true or false', null: 'empty' };

function valueAt(doc: unknown, instancePath: string): unknown {
  return instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>((v, s) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
}

function describe(e: ErrorObject, doc: unknown): string {
  const at = keyPath(e.instancePath);
  const node = (e.parentSchema ?? {}) as Sch;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') {
    const key = String(p.additionalProperty);
    const known = Object.keys((node.properties as Sch | undefined) ?? {});
    const word = typeof node['x-unknown'] === 'string' ? node['x-unknown'] : 'key';
    return `${at ? `${at}: ` : ''}unknown ${word} ${key}${known.length ? ` (known: ${known.join(', ')})` : ''}`;
  }
  if (e.keyword === 'required') {
    const key = String(p.missingProperty);
    const prop = ((node.properties as Sch | undefined) ?? {})[key] as Sch | undefined;
    return `${at ? `${at}.` : ''}${key} is missing${typeof prop?.['x-hint'] === 'string' ? `: it ${prop['x-hint']}` : ''}`;
  }
  const hint = typeof node['x-hint'] === 'string' ? node['x-hint'] : null;
  const badKey = e.propertyName ?? p.propertyName;
  if (badKey !== undefined) {
    return `${at ? `${at}: ` : ''}'${String(badKey)}' is not an allowed key${hint ? `; ${at || 'it'} ${hint}` : ''}`;
  }
  const v = valueAt(doc, e.instancePath);
  const scalar = v === null || ['string', 'number', 'boolean'].includes(typeof v);
  // YAML's .inf, -.inf and .nan are numbers JSON cannot hold (JSON.stringify says null); the schema's "number" is a finite one
  const got = typeof v === 'number' && !Number.isFinite(v)
    ? ` (got ${Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf'}, not a finite number)`
    : scalar ? ` (got ${JSON.stringify(v)})` : e.keyword !== 'type' ? '' : Array.isArray(v) ? ' (got a list)' : ' (got a mapping)';
  const name = at || 'the top level';
  if (hint) return `${name} ${hint}${got}`;
  switch (e.keyword) {
    case 'type':
      return `${name} must be ${String(p.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}${got}`;
    case 'enum':
      return `${name} must be one of ${(p.allowedValues as unknown[]).join(', ')}${got}`;
    case 'const':
      return `${name} must be ${JSON.stringify(p.allowedValue)}${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${name} must be ${String(p.comparison).replace('<=', '≤').replace('>=', '≥')} ${String(p.limit)}${got}`;
    case 'minItems':
      return `${name} must list at least ${String(p.limit)}`;
    case 'minLength':
      return `${name} must not be empty`;
    case 'minProperties':
      return `${name} must have at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}`;
    default:
      return `${name} ${e.message ?? 'is not valid'}${got}`;
  }
}
