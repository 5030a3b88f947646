/**
 * Lint settings (`lint --rules FILE`, YAML): per rule `off`, a severity, or a mapping with `severity`,
 * `enabled` and `params`:
 *
 *   ticket-date-only: off
 *   ticket-unknown-ci: warn
 *   ticket-open-too-long: { severity: error, params: { max_open_days: 90 } }
 */
import { readFileSync } from 'node:fs';
import { yaml } from '../config/yaml.js';
import { UserError } from '../errors.js';
import { validateAgainst } from '../config/schema.js';
import type { LintRule, LintSeverity } from './rules.js';

export interface LintOverride {
  enabled: boolean;
  severity?: LintSeverity;
  params?: Record<string, number>;
}
export type LintSettings = Record<string, LintOverride>;

const SEVERITIES = ['error', 'warn', 'info'];

export function loadLintSettings(path: string, rules: LintRule[]): LintSettings {
  let doc: unknown;
  try {
    doc = yaml().parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`--rules ${path}: cannot read it as YAML (${(e as Error).message.split('\n')[0]})`);
  }
  return parseLintSettings(doc ?? {}, rules, path);
}

export function parseLintSettings(doc: unknown, rules: LintRule[], where = 'lint settings'): LintSettings {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UserError(`${where}: expected a mapping of rule id → off | error | warn | info | {severity, params}`);
  // shapes and values: schemas/lint-settings.schema.json; the rule ids and their parameters are the engine's, checked below
  validateAgainst('lint-settings', doc, where);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out: LintSettings = {};
  for (const [id, v] of Object.entries(doc as Record<string, unknown>)) {
    const rule = byId.get(id);
    if (!rule) throw new UserError(`${where}: unknown lint rule '${id}' (itsm-lens lint --list shows them)`);
    if (v === 'off' || v === false) out[id] = { enabled: false };
    else if (typeof v === 'string' && SEVERITIES.includes(v)) out[id] = { enabled: true, severity: v as LintSeverity };
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const params: Record<string, number> = {};
      for (const [k, pv] of Object.entries((o.params ?? {}) as Record<string, unknown>)) {
        if (!(k in rule.params)) throw new UserError(`${where}: ${id}: no parameter '${k}' (it has ${Object.keys(rule.params).join(', ') || 'none'})`);
        params[k] = pv as number;
      }
      out[id] = { enabled: o.enabled !== false, ...(o.severity ? { severity: o.severity as LintSeverity } : {}), params };
    } else throw new UserError(`${where}: ${id}: expected off, error, warn, info or a mapping`);
  }
  return out;
}
