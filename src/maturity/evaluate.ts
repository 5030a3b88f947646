/**
 * Runs each data criterion's evidence query and decides pass / fail / not assessable. All the work is SQL over
 * the canonical tables; JavaScript only reads one aggregate row per criterion (or one per quarter).
 */
import type { Store } from '../store/db.js';
import { ident, lit } from '../store/db.js';
import { computeMetric } from '../metrics/kpi.js';
import { fieldsLabel, fmtInt, fmtPct, scopeWords } from './words.js';
import { EXPORT_TABLES, MISSING_EXPORT, type Criterion, type ExportTable, type Op } from './rubric.js';
import { defineMetricMacros } from '../metrics/macros.js';
import { round } from '../stats/round.js';
import { loadQueries } from '../metrics/queries.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The evaluation's own statements (maturity.sql says what each holds). */
const SQL = loadSqlFile('maturity/maturity.sql');

export type Status = 'pass' | 'fail' | 'not_assessable';

export interface PeriodValue {
  period: string;
  value: number | null;
  n: number;
  pass: boolean | null;
}

export interface CriterionResult {
  id: string;
  practice: string;
  level: number;
  gate: boolean;
  evidence_type: Criterion['evidence'];
  code?: string;
  title: string;
  status: Status;
  /** the measured value (a share 0..1, a count or a ratio); stability: quarters that met the threshold */
  value: number | null;
  op: Op;
  threshold: number;
  /** what value and threshold measure (the rubric's unit: percent, ratio, count, per_1000; answer for an interview) */
  unit: Criterion['unit'];
  /** records the value is computed over (stability: over the quarters counted) */
  n: number | null;
  /** share of the records in scope whose export carries the fields the evidence needs */
  coverage: number | null;
  reason?: string;
  /** the export whose absence makes the criterion not assessable */
  missing_export?: ExportTable;
  /**
   * the fields this fill criterion reads are filled on every record in scope, from the first record on: the
   * tool makes them mandatory, so the pass weighs as no evidence (status not_assessable, value kept)
   */
  mandatory_in_tool?: string[];
  stability?: { required: number; of: number; met: number | null; periods: PeriodValue[] };
  answer?: number | null;
  /** an interview answer whose claim about the data holds (the claim's data criterion is assessable and meets it) */
  backed_by_data?: boolean;
  note?: string;
  /** how the value was obtained: the records in scope and the query, so anyone can rerun it */
  evidence: { table?: string; where?: string; fields?: string[]; query?: string; question?: string };
  rationale: string;
  recommendation: string;
  source?: string;
  impact: number;
}

export function compare(value: number, op: Op, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    default:
      return value < threshold;
  }
}

/** Macros the rubric's queries may use: the metric macros (one reopen rule with `kpi`), and these. */
export async function defineMaturityMacros(store: Store): Promise<void> {
  await defineMetricMacros(store);
  await store.run(sqlOf(SQL, 'macros'));
  const end = await store.one<{ t: string | null }>(sqlOf(SQL, 'data_end'));
  await store.run(sqlOf(SQL, 'data_end_macro', { end: end?.t ? `TIMESTAMPTZ '${end.t}'` : 'NULL::TIMESTAMPTZ' }));
}


function base(c: Criterion): CriterionResult {
  return {
    id: c.id,
    practice: c.practice,
    level: c.level,
    gate: c.gate,
    evidence_type: c.evidence,
    code: c.code,
    title: c.title,
    status: 'not_assessable',
    value: null,
    op: c.op,
    threshold: c.threshold,
    unit: c.unit,
    n: null,
    coverage: null,
    evidence: c.evidence === 'interview' ? { question: c.question } : { table: c.table, where: c.where, fields: c.fields, query: c.query?.trim() },
    rationale: c.rationale,
    recommendation: c.recommendation,
    source: c.source,
    impact: c.impact,
  };
}

/** Share of scope records whose source file carries the fields (`a|b`: either; `t.col`: table t has it at all). */
async function coverage(store: Store, c: Criterion): Promise<{ scopeN: number; coverage: number; missing: string[] }> {
  const local: string[] = [];
  const missing: string[] = [];
  let foreignOk = true;
  for (const spec of c.fields) {
    const alts = spec.split('|');
    const foreign = alts.filter((a) => a.includes('.'));
    if (foreign.length) {
      const checks = foreign.map((a) => {
        const [t, col] = a.split('.', 2) as [string, string];
        return sqlOf(SQL, 'column_has_value', { column: ident(col), table: ident(t) });
      });
      const row = await store.one<{ ok: boolean }>(sqlOf(SQL, 'any_true', { checks: checks.join(' OR ') }));
      if (!row?.ok) {
        foreignOk = false;
        missing.push(spec);
      }
    } else {
      local.push(`(${alts.map((a) => `count(${ident(a)}) > 0`).join(' OR ')})`);
    }
  }
  const having = local.length ? local.join(' AND ') : 'true';
  const row = await store.one<{ n: number; covered: number }>(sqlOf(SQL, 'field_coverage', { having }));
  const n = Number(row?.n ?? 0);
  const cov = n === 0 || !foreignOk ? 0 : Number(row!.covered) / n;
  if (n > 0 && foreignOk && cov === 0) {
    // name only the fields no record in scope carries
    for (const spec of c.fields.filter((f) => !f.includes('.'))) {
      const has = await store.one<{ ok: boolean }>(sqlOf(SQL, 'scope_has', { filled: spec.split('|').map((a) => `count(${ident(a)}) > 0`).join(' OR ') }));
      if (!has?.ok) missing.push(spec);
    }
  }
  return { scopeN: n, coverage: cov, missing };
}

/**
 * Which of the exports with their own table (problems, changes, assets) were loaded: the table holds records, or
 * an export of that object was ingested, even an empty one (a tool with no problem records exports an empty file:
 * that is a finding, whereas no file at all says nothing).
 */
export async function loadedExports(store: Store): Promise<Record<ExportTable, boolean>> {
  const exports = EXPORT_TABLES.map((t) => sqlOf(SQL, 'export_loaded', { table: ident(t), kind: lit(t) })).join(', ');
  const row = await store.one<Record<ExportTable, boolean>>(sqlOf(SQL, 'loaded_exports', { exports }));
  return Object.fromEntries(EXPORT_TABLES.map((t) => [t, Boolean(row?.[t])])) as Record<ExportTable, boolean>;
}

/** Evaluates one data criterion; one needing an export that is not loaded is not assessable, never failed. */
export async function evaluateData(store: Store, c: Criterion, loaded?: Record<ExportTable, boolean>): Promise<CriterionResult> {
  const r = base(c);
  const missing = loaded ? c.needs.find((t) => !loaded[t]) : undefined;
  if (missing) return { ...r, reason: MISSING_EXPORT[missing].reason, missing_export: missing };
  await store.run(sqlOf(SQL, 'scope', { table: ident(c.table!), where: c.where! }));
  const cov = await coverage(store, c);
  if (cov.scopeN === 0) return { ...r, n: 0, reason: `no ${scopeWords(c.table!, c.where)} in the loaded data` };
  let rows: Record<string, unknown>[];
  try {
    rows = !c.metric
      ? await store.all(c.query!)
      : c.stability
        ? await store.once(`maturity-quarters:${c.metric}`, '', () => metricByQuarter(store, c.metric!))
        : [await computeMetric(store, c.metric, { from: null, to: null })];
  } catch (e) {
    // strict (ITSM_LENS_STRICT_SQL=1, the test that runs every query of the tree): a query error fails
    if (process.env.ITSM_LENS_STRICT_SQL === '1') throw e;
    // the database's message names SQL: it goes to the note, the reason stays in words
    return { ...r, reason: 'the evidence could not be computed from this export', note: (e as Error).message.split('\n')[0] };
  }
  const qCov = rows.length && rows[0]!.coverage !== undefined && rows[0]!.coverage !== null ? Number(rows[0]!.coverage) : 1;
  r.coverage = round(cov.coverage * qCov);
  if (r.coverage < c.min_coverage) {
    const what = cov.missing.length
      ? `no loaded export carries ${fieldsLabel(cov.missing, c.table!)}`
      : `only ${fmtPct(r.coverage)} of the ${fmtInt(cov.scopeN)} ${scopeWords(c.table!, c.where)} carry ${fieldsLabel(c.fields, c.table!)}`;
    return { ...r, reason: `${what}; at least ${fmtPct(c.min_coverage, 0)} must carry it` };
  }
  if (c.stability) return stability(r, c, rows);
  const row = rows[0] ?? {};
  const n = row.n === null || row.n === undefined ? null : Number(row.n);
  r.n = n;
  const value = row.value === null || row.value === undefined ? null : Number(row.value);
  if (n !== null && n < c.min_n) return { ...r, value: value === null ? null : round(value), reason: `only ${fmtInt(n)} records to judge (at least ${fmtInt(c.min_n)} needed)` };
  if (value === null || !Number.isFinite(value)) return { ...r, reason: String(row.reason ?? 'the loaded data gives no value for it') };
  r.value = round(value);
  r.status = compare(value, c.op, c.threshold) ? 'pass' : 'fail';
  if (row.reason !== null && row.reason !== undefined) r.reason = String(row.reason);
  if (r.status === 'pass' && c.fill) return mandatoryInTool(store, c, r);
  return r;
}

/** Below this many records, or within one month, "filled on every record" is not yet a tool rule. */
const MANDATORY_MIN_N = 100;

/**
 * A fill criterion passes on fields the tool makes mandatory without showing any practice. Such a field is
 * filled on every record in scope (hence from the first record on, in every month and every group), over at least
 * MANDATORY_MIN_N records spanning two months or more. Only tickets and changes: records logged over time.
 */
async function mandatoryInTool(store: Store, c: Criterion, r: CriterionResult): Promise<CriterionResult> {
  if (c.table !== 'ticket' && c.table !== 'change') return r;
  const local = c.fields.filter((f) => !f.includes('.'));
  if (!local.length) return r;
  // filled as the rubric's queries count it (is_set): a yes/no flag that is sometimes 'false' is information
  const filled = (f: string) => `(${f.split('|').map((a) => `is_set(${ident(a)})`).join(' OR ')})`;
  const row = await store.one<{ n: number; months: number; all_set: boolean }>(sqlOf(SQL, 'mandatory', { all_set: local.map(filled).join(' AND ') }));
  if (!row?.all_set || Number(row.n) < MANDATORY_MIN_N || Number(row.months) < 2) return r;
  return {
    ...r,
    status: 'not_assessable',
    mandatory_in_tool: local,
    reason: `${fieldsLabel(local, c.table)} ${local.length > 1 ? 'are' : 'is'} filled on every one of the ${fmtInt(Number(row.n))} ${scopeWords(c.table, c.where)}, from the first on: the tool makes ${local.length > 1 ? 'them' : 'it'} mandatory, so ${local.length > 1 ? 'they show' : 'it shows'} nothing about the practice`,
  };
}

/**
 * A KPI for each quarter of its anchor (kpi's own period rule, queries/<id>.sql), as stability rows
 * (period, value, n): the quarters are those the anchor column holds. Criteria on the same KPI share one run per
 * read-only session (each quarter redefines the period and may rebuild the derived tables).
 */
async function metricByQuarter(store: Store, id: string): Promise<Record<string, unknown>[]> {
  const q = loadQueries().find((m) => m.id === id)!;
  if (!q.anchor || q.table === 'none') throw new Error(`${q.file}: no anchor to cut quarters by`);
  const quarters = await store.all<{ period: string; y: number; q: number }>(sqlOf(SQL, 'quarters', { anchor: ident(q.anchor), table: ident(q.table) }));
  const start = (y: number, k: number) => new Date(Date.UTC(y, 3 * (k - 1), 1)).toISOString();
  const out: Record<string, unknown>[] = [];
  for (const x of quarters) out.push({ ...(await computeMetric(store, id, { from: start(x.y, x.q), to: start(x.y, x.q + 1) })), period: x.period });
  return out;
}

function stability(r: CriterionResult, c: Criterion, rows: Record<string, unknown>[]): CriterionResult {
  const { required, of } = c.stability!;
  const all: PeriodValue[] = rows
    .filter((x) => x.period !== null && x.period !== undefined)
    .map((x) => {
      const v = x.value === null || x.value === undefined ? null : Number(x.value);
      return { period: String(x.period), value: v === null ? null : round(v), n: Number(x.n ?? 0), pass: v === null ? null : compare(v, c.op, c.threshold) };
    })
    .sort((a, b) => a.period.localeCompare(b.period));
  const eligible = all.filter((p) => p.n >= c.min_n_period && p.value !== null);
  const last = eligible.slice(-of);
  r.stability = { required, of, met: null, periods: all };
  if (last.length < of) {
    const q = (k: number) => `${k} quarter${k === 1 ? '' : 's'}`;
    return { ...r, n: eligible.reduce((s, p) => s + p.n, 0), reason: `only ${q(eligible.length)} with ${fmtInt(c.min_n_period)} records or more${all.some((p) => p.value === null && p.n >= c.min_n_period) ? ' and a value' : ''} (${of} needed)` };
  }
  const met = last.filter((p) => p.pass).length;
  r.stability.met = met;
  r.value = met;
  r.n = last.reduce((s, p) => s + p.n, 0);
  r.status = met >= required ? 'pass' : 'fail';
  const quarter = (p: string) => p.replace(/^(\d{4})-(Q\d)$/, '$2 $1');
  r.reason = `met in ${met} of the last ${of} quarters (${quarter(last[0]!.period)} to ${quarter(last[last.length - 1]!.period)}); ${required} needed`;
  return r;
}

/** An interview criterion, scored from the answer (0 / 0.25 / 0.5 / 1) when there is one. */
export function evaluateInterview(c: Criterion, answer: { value: number; note?: string } | undefined): CriterionResult {
  const r = base(c);
  if (!answer) return { ...r, answer: null, reason: 'not answered in the interview' };
  return { ...r, answer: answer.value, value: answer.value, note: answer.note, status: compare(answer.value, c.op, c.threshold) ? 'pass' : 'fail' };
}

