/**
 * `lint`: data-quality rules over the canonical tables. Each rule (src/lint/rules/*.sql) selects the
 * violating records; this runs it in DuckDB and returns the count, the share of the records in the rule's
 * scope, and a few sample ids with the export file and line they came from. A rule whose fields the data
 * does not carry at all is reported as not applicable, with the reason, rather than as 0 findings.
 */
import type { Store } from '../store/db.js';
import { ident } from '../store/db.js';
import { KEY_COLUMN } from '../store/schema.js';
import { fillParams, loadLintRules, type LintRule, type LintSeverity } from './rules.js';
import type { LintSettings } from './config.js';
import { round } from '../stats/round.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The statements around each rule (run.sql). */
const SQL = loadSqlFile('lint/run.sql');

export type { LintSettings } from './config.js';
export { loadLintRules } from './rules.js';

export interface LintSample {
  id: string;
  file: string | null;
  line: number | null;
}

export interface LintResult {
  id: string;
  severity: LintSeverity;
  table: string;
  description: string;
  params: Record<string, number>;
  applicable: boolean;
  /** why the rule does not apply (the data has no such field) */
  reason?: string;
  count: number | null;
  /** records the share is over (the table, or the rule's scope in it) */
  population: number | null;
  share: number | null;
  samples: LintSample[];
}

export interface LintDocument {
  schema: 'itsm-lens/lint@1';
  records: Record<string, number>;
  summary: { rules: number; applicable: number; with_findings: number; errors: number; warnings: number; info: number; findings: number };
  rules: LintResult[];
}

export interface LintOptions {
  settings?: LintSettings;
  /** sample ids per rule (default 5) */
  samples?: number;
  /** run only these rule ids */
  only?: string[];
}

export async function runLint(store: Store, opts: LintOptions = {}): Promise<LintDocument> {
  const nSamples = opts.samples ?? 5;
  const records: Record<string, number> = {};
  for (const t of ['ticket', 'change', 'problem', 'asset'] as const) {
    records[t] = Number((await store.one<{ n: number }>(sqlOf(SQL, 'records', { table: ident(t) })))?.n ?? 0);
  }
  const results: LintResult[] = [];
  for (const rule of loadLintRules()) {
    if (opts.only && !opts.only.includes(rule.id)) continue;
    const o = opts.settings?.[rule.id];
    if (o && !o.enabled) continue;
    results.push(await runRule(store, rule, { severity: o?.severity ?? rule.severity, params: { ...rule.params, ...(o?.params ?? {}) } }, records, nSamples));
  }
  const found = results.filter((r) => (r.count ?? 0) > 0);
  return {
    schema: 'itsm-lens/lint@1',
    records,
    summary: {
      rules: results.length,
      applicable: results.filter((r) => r.applicable).length,
      with_findings: found.length,
      errors: found.filter((r) => r.severity === 'error').length,
      warnings: found.filter((r) => r.severity === 'warn').length,
      info: found.filter((r) => r.severity === 'info').length,
      findings: found.reduce((s, r) => s + (r.count ?? 0), 0),
    },
    rules: results,
  };
}

async function runRule(
  store: Store, rule: LintRule, eff: { severity: LintSeverity; params: Record<string, number> }, records: Record<string, number>, nSamples: number,
): Promise<LintResult> {
  const out: LintResult = {
    id: rule.id, severity: eff.severity, table: rule.table, description: fillParams(rule.description, eff.params), params: eff.params,
    applicable: true, count: null, population: null, share: null, samples: [],
  };
  if (!records[rule.table]) return { ...out, applicable: false, reason: `no ${rule.table} records loaded` };
  for (const req of rule.requires) {
    if (req.table in records && !records[req.table]) return { ...out, applicable: false, reason: `no ${req.table} records loaded` };
    const r = await store.one<{ n: number }>(sqlOf(SQL, 'column_values', { column: ident(req.column), table: ident(req.table) }));
    if (!r?.n) {
      return { ...out, applicable: false, reason: req.table === rule.table ? `no ${rule.table} record carries ${req.column} (the export has no such field)` : `no ${req.table} record carries ${req.column}` };
    }
  }
  const sql = fillParams(rule.sql, eff.params);
  const key = KEY_COLUMN[rule.table];
  const counts = await store.one<{ n: number; population: number }>(sqlOf(SQL, 'rule_counts', { rule: sql, table: ident(rule.table), scope: rule.scope || 'TRUE' }));
  const n = Number(counts?.n ?? 0);
  const population = Number(counts?.population ?? 0);
  const samples = n
    ? await store.all<LintSample>(sqlOf(SQL, 'rule_samples', { rule: sql, table: ident(rule.table), key: ident(key), limit: nSamples }))
    : [];
  return { ...out, count: n, population, share: population ? round(n / population) : null, samples };
}
