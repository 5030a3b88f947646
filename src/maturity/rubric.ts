/**
 * The maturity rubric: practices, levels and criteria, as data (rubric/default.yaml). A user rubric either
 * replaces it or says `extends: default` and overrides criteria by id, so thresholds change without code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlText } from '../config/yaml.js';
import { UserError } from '../errors.js';
import { FIELDS, type CanonicalTable } from '../store/schema.js';
import { loadQueries } from '../metrics/queries.js';
import { validateAgainst } from '../config/schema.js';

export type Op = '>=' | '<=' | '>' | '<';
export const OPS: readonly Op[] = ['>=', '<=', '>', '<'];

export interface Practice {
  id: string;
  name: string;
  /** core practices set the organisation's level (the minimum over them) */
  core: boolean;
  /**
   * where the practice's own records live ('problem', or 'ticket.problem_ref': a column that names them); when
   * none of them holds anything the practice is not assessable ("no problem export loaded"), never failed
   */
  records: string[];
  /** the public reference a criterion of this practice cites when it names none of its own */
  source?: string;
}

/** Tables whose records come from their own export; a criterion over one of them needs that export loaded. */
export const EXPORT_TABLES = ['problem', 'change', 'asset'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
/** What the reader is told when an export is missing, and what the roadmap asks for. */
export const MISSING_EXPORT: Record<ExportTable, { reason: string; action: string }> = {
  problem: { reason: 'no problem export loaded', action: 'export problem records' },
  change: { reason: 'no change export loaded', action: 'export change records' },
  asset: { reason: 'no CI or asset records: no CMDB or asset export loaded', action: 'export CI or asset records' },
};

export const CRITERION_UNITS = ['percent', 'ratio', 'count', 'per_1000'] as const;
/** an interview criterion's value is the answer (0, 0.25, 0.5 or 1) */
export type CriterionUnit = (typeof CRITERION_UNITS)[number] | 'answer';

export interface Criterion {
  id: string;
  practice: string;
  level: number;
  gate: boolean;
  evidence: 'practice' | 'outcome' | 'interview';
  code?: string;
  title: string;
  /** data criteria */
  table?: CanonicalTable;
  where?: string;
  fields: string[];
  /**
   * the value is the share of records whose fields are filled: a field the tool makes mandatory (filled on every
   * record) passes it without showing anything, so such a pass weighs as no evidence
   */
  fill: boolean;
  /** exports that must be loaded for the criterion to be judged (its own table when that is one of EXPORT_TABLES) */
  needs: ExportTable[];
  query?: string;
  /**
   * the value is this KPI's (queries/<id>.sql, over all the data, as `kpi --json` without a period computes it):
   * one definition for the metric and the criterion, instead of a second query restating it
   */
  metric?: string;
  stability?: { required: number; of: number };
  /**
   * what the value (and the threshold) measures, for writing it: a share shown in % (percent), a multiple
   * (ratio, "2.5 ×"), a count, or a rate per 1,000 records (per_1000); interview answers are answers
   */
  unit: CriterionUnit;
  /** interview criteria */
  question?: string;
  claim?: { criterion: string; op: Op; threshold: number };
  op: Op;
  threshold: number;
  min_coverage: number;
  min_n: number;
  min_n_period: number;
  impact: number;
  rationale: string;
  recommendation: string;
  source?: string;
}

export interface Rubric {
  name: string;
  version: string;
  /** the file(s) it was read from */
  sources: string[];
  levels: Record<number, string>;
  practices: Practice[];
  criteria: Criterion[];
}

// The package root holds src/maturity/rubric (listed in package.json "files"), from src/ and from dist/ alike.
export const DEFAULT_RUBRIC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'maturity', 'rubric', 'default.yaml');

type Raw = Record<string, any>;

function readYaml(path: string): Raw {
  if (!existsSync(path)) throw new UserError(`rubric ${path} not found`);
  let doc: unknown;
  try {
    doc = parseYamlText(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`rubric ${path}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  // shapes, types, ranges and unknown keys: schemas/rubric.schema.json; what needs the rubric as a whole (a
  // practice that exists, unique ids, a KPI or column that exists, a claim on a data criterion) in build()
  validateAgainst('rubric', doc, `rubric ${path}`);
  return doc as Raw;
}

/** Loads the default rubric, or a user's (whole, or `extends: default` with criteria overridden by id). */
export function loadRubric(path?: string): Rubric {
  const base = readYaml(DEFAULT_RUBRIC);
  if (!path) return build(base, [DEFAULT_RUBRIC]);
  const user = readYaml(path);
  if (user.extends === undefined) return build(user, [path]);
  const byId = new Map<string, Raw>((base.criteria as Raw[]).map((c) => [String(c.id), { ...c }]));
  for (const c of (user.criteria ?? []) as Raw[]) byId.set(c.id, { ...(byId.get(c.id) ?? {}), ...c });
  const merged: Raw = {
    ...base,
    name: user.name ?? `${base.name} (overridden by ${path})`,
    version: user.version ?? base.version,
    defaults: { ...base.defaults, ...(user.defaults ?? {}) },
    levels: user.levels ?? base.levels,
    practices: user.practices ?? base.practices,
    criteria: [...byId.values()],
  };
  return build(merged, [DEFAULT_RUBRIC, path]);
}

function build(doc: Raw, sources: string[]): Rubric {
  const where = sources[sources.length - 1];
  const fail = (msg: string): never => {
    throw new UserError(`rubric ${where}: ${msg}`);
  };
  const levels: Record<number, string> = {};
  for (const [k, v] of Object.entries(doc.levels as Record<string, string>)) levels[Number(k)] = v;
  const practices: Practice[] = (doc.practices as Raw[]).map((p) => {
    const records = p.records === undefined ? [] : (Array.isArray(p.records) ? p.records : [p.records]).map(String);
    for (const r of records) {
      const [t, col] = r.split('.', 2) as [string, string | undefined];
      if (!(t in FIELDS) || (col !== undefined && !FIELDS[t as CanonicalTable].some((f) => f.name === col))) fail(`practice ${p.id}: records '${r}' names no table or column`);
    }
    return { id: String(p.id), name: String(p.name ?? p.id), core: Boolean(p.core), records, source: p.source === undefined ? undefined : String(p.source) };
  });
  const pids = new Set(practices.map((p) => p.id));
  const d = { min_coverage: 0.5, min_n: 30, min_n_period: 30, impact: 2, ...(doc.defaults ?? {}) };
  const seen = new Set<string>();
  const criteria = (doc.criteria as Raw[]).map((c): Criterion => {
    const id = String(c.id);
    const bad = (msg: string): never => fail(`criterion ${id}: ${msg}`);
    if (seen.has(id)) bad('id used twice');
    seen.add(id);
    if (!pids.has(c.practice)) bad(`practice '${c.practice}' is not one of ${[...pids].join(', ')}`);
    // a criterion added by an extends: file is checked whole here (its file's schema asked only for an id)
    for (const k of ['practice', 'level', 'threshold'] as const) if (c[k] === undefined) bad(`${k} is missing`);
    const level = c.level as number;
    const interview = c.evidence === 'interview';
    const op = (c.op ?? '>=') as Op;
    const threshold = c.threshold as number;
    const num = (k: string) => Number(c[k] ?? d[k]);
    const out: Criterion = {
      id,
      practice: c.practice,
      level,
      gate: c.gate === undefined ? true : Boolean(c.gate),
      evidence: interview ? 'interview' : c.evidence === 'outcome' ? 'outcome' : 'practice',
      code: c.code === undefined ? undefined : String(c.code),
      title: String(c.title ?? id),
      fields: [],
      fill: Boolean(c.fill),
      needs: [],
      unit: interview ? 'answer' : CRITERION_UNITS.includes(c.unit ?? d.unit ?? 'percent') ? (c.unit ?? d.unit ?? 'percent') : bad(`unit must be one of ${CRITERION_UNITS.join(', ')}`),
      op,
      threshold,
      min_coverage: num('min_coverage'),
      min_n: num('min_n'),
      min_n_period: num('min_n_period'),
      impact: num('impact'),
      rationale: String(c.rationale ?? ''),
      recommendation: String(c.recommendation ?? ''),
      source: c.source === undefined ? practices.find((p) => p.id === c.practice)?.source : String(c.source),
    };
    if (interview) {
      if (typeof c.question !== 'string' || !c.question) bad('an interview criterion needs a question');
      out.question = c.question;
      if (c.claim) out.claim = { criterion: c.claim.criterion, op: (c.claim.op ?? '>=') as Op, threshold: c.claim.threshold };
      return out;
    }
    if (c.metric !== undefined) {
      const q = loadQueries().find((m) => m.id === c.metric && m.table !== 'none');
      if (!q) bad(`metric '${String(c.metric)}' is not a KPI query (queries/*.sql)`);
      out.metric = q!.id;
      // the evidence names what was run, so anyone can rerun it
      c.query = c.stability
        ? `-- the ${q!.id} KPI for each quarter of ${q!.anchor}: queries/${q!.file} (itsm-lens kpi --json --from <quarter start> --to <next quarter start>)`
        : `-- the ${q!.id} KPI over all the loaded data: queries/${q!.file} (itsm-lens kpi --json, no period)`;
    }
    if (typeof c.query !== 'string' || !c.query.trim()) bad('needs a query or a metric (or evidence: interview and a question)');
    if (!(c.table in FIELDS)) bad(`table must be one of ${Object.keys(FIELDS).join(', ')}`);
    out.table = c.table as CanonicalTable;
    out.where = c.where === undefined ? 'true' : String(c.where);
    out.query = String(c.query);
    out.fields = Array.isArray(c.fields) ? c.fields.map(String) : [];
    const needs = new Set<ExportTable>(EXPORT_TABLES.includes(out.table as ExportTable) ? [out.table as ExportTable] : []);
    for (const t of Array.isArray(c.needs) ? c.needs : c.needs === undefined ? [] : [c.needs]) needs.add(t);
    // a field read from another export's table ('problem.opened_at') needs that export too
    for (const f of out.fields) {
      const tables = new Set(f.split('|').map((a) => (a.includes('.') ? a.split('.')[0]! : out.table!)));
      const [only] = [...tables];
      if (tables.size === 1 && EXPORT_TABLES.includes(only as ExportTable)) needs.add(only as ExportTable);
    }
    out.needs = [...needs];
    for (const f of out.fields) for (const alt of f.split('|')) checkField(alt, out.table, bad);
    if (c.stability) {
      const { required, of } = c.stability as { required: number; of: number };
      if (of < required) bad(`stability: of (${of}) must be at least required (${required})`);
      out.stability = { required, of };
    }
    return out;
  });
  for (const c of criteria) {
    if (c.claim && !criteria.some((x) => x.id === c.claim!.criterion && x.evidence !== 'interview')) {
      fail(`criterion ${c.id}: claim names '${c.claim.criterion}', which is not a data criterion of this rubric`);
    }
  }
  return { name: String(doc.name ?? 'rubric'), version: String(doc.version ?? '1'), sources, levels, practices, criteria };
}

function checkField(spec: string, table: CanonicalTable, bad: (m: string) => never): void {
  const [t, col] = spec.includes('.') ? (spec.split('.', 2) as [string, string]) : [table, spec];
  if (!(t in FIELDS)) bad(`field '${spec}': unknown table '${t}'`);
  if (!FIELDS[t as CanonicalTable].some((f) => f.name === col)) bad(`field '${spec}': ${t} has no column '${col}' (see itsm-lens sources --fields)`);
}
