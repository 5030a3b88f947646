/**
 * The check config (YAML): defaults and a list of rules. Every mistake is a UserError naming the rule and
 * the key, so a CI job fails with exit 2 and a line saying what to fix.
 *
 *   alpha: 0.01                 # significance level of regression tests (default 0.01)
 *   project: itsm-lens.config.yaml   # calendars and SLA policies for the KPIs (default: ./itsm-lens.config.yaml)
 *   min_samples: 30             # fewer records than this in either period: the regression is not tested
 *   min_tickets: 100            # fewer tickets (incidents when loaded) opened in the period: nothing is evaluable (exit 2)
 *   rules:
 *     - id: p1-sla              # stable id (JUnit, SARIF)
 *       metric: sla_attainment  # any KPI id of `kpi --json`
 *       where: {priority: 1}    # breakdown filter (dimensions of `kpi --by`)
 *       by: [group]             # one result per member of this breakdown
 *       min: 0.95               # threshold (or max:), on `statistic` (value; median for times); `min: target` /
 *                               # `max: target` takes the project config's targets.<metric>.target
 *       compare: previous       # regression: previous | year | path to a stored `kpi --json`
 *       max_drop: 0.02          # minimum effect before the test counts (max_increase for lower-is-better)
 *       max_breaches: 2         # budget: at most N failed records (rates: misses of a higher-is-better rate)
 *       severity: error         # error (fails the job) | warn
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { UserError } from '../errors.js';
import { ALL_DIMENSIONS } from '../metrics/dimensions.js';
import { validateAgainst } from '../config/schema.js';

export type RuleKind = 'threshold' | 'regression' | 'budget';
export type Severity = 'error' | 'warn';

export interface CheckRule {
  id: string;
  description: string | null;
  metric: string;
  statistic: string | null;
  kinds: RuleKind[];
  where: Record<string, string | number>;
  by: string[];
  min: number | null;
  max: number | null;
  /** `min: target` or `max: target`: the bound is the project config's targets.<metric>.target (applyTargets sets it) */
  targetBound: 'min' | 'max' | null;
  compare: string | null;
  /** minimum worsening (absolute, in the metric's unit) before a regression test counts */
  minEffect: number | null;
  /** minimum worsening as a share of the baseline (`max_increase: 25%`) */
  minEffectRelative: number | null;
  maxBreaches: number | null;
  severity: Severity;
  alpha: number;
  minSamples: number;
  /** 1-based line of the rule in the config (SARIF and GitHub annotations point at it) */
  line: number;
}

export interface CheckConfig {
  path: string;
  rules: CheckRule[];
  /** where calendars and SLA policies come from: this file itself when it holds them, a `project:` file, else the default */
  project: { path: string | undefined };
  /** fewer tickets than this opened in the period (of the coverage model's primary kind): no rule is evaluable; default 1 */
  minTickets: number;
}

/** Sections of the project config (src/config/project.ts) a check config may hold too. */
const PROJECT_SECTIONS = ['organisation', 'calendars', 'sla', 'metrics', 'coverage', 'targets'];

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function loadCheckConfig(path: string): CheckConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`--config ${path}: cannot read the file`);
  }
  return parseCheckConfig(text, path);
}

export function parseCheckConfig(text: string, path: string): CheckConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) throw new UserError(`${path}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
  const top = doc.toJS() as Record<string, unknown> | null;
  if (!top || typeof top !== 'object' || Array.isArray(top)) throw new UserError(`${path}: expected a mapping with a 'rules' list`);
  // shapes, types and unknown keys: schemas/check-config.schema.json; what depends on other keys is checked below
  validateAgainst('check-config', top, path);
  const hasProject = PROJECT_SECTIONS.some((k) => k in top);
  if (hasProject && ('alpha' in top || 'min_samples' in top || 'project' in top)) {
    throw new UserError(`${path}: a check config that holds project sections (${PROJECT_SECTIONS.join(', ')}) cannot also set alpha, min_samples or project at the top level; set them per rule, or keep the project config in its own file and name it with project: FILE`);
  }
  if ('project' in top && typeof top.project !== 'string') throw new UserError(`${path}: project must be the path of an itsm-lens project config`);
  const project = { path: hasProject ? path : typeof top.project === 'string' ? resolve(dirname(path), top.project) : undefined };
  const alpha = prob(top.alpha ?? 0.01, `${path}: alpha`);
  const minSamples = count(top.min_samples ?? 30, `${path}: min_samples`);
  const minTickets = Math.max(1, count(top.min_tickets ?? 1, `${path}: min_tickets`));
  const rulesNode = isMap(doc.contents) ? doc.contents.get('rules', true) : undefined;
  if (!Array.isArray(top.rules) || !isSeq(rulesNode) || top.rules.length === 0) throw new UserError(`${path}: 'rules' must be a non-empty list`);
  const rules = top.rules.map((r, i) => {
    const node = rulesNode.items[i] as Node | undefined;
    const line = node?.range ? lc.linePos(node.range[0]).line : 1;
    return parseRule(r, `${path}: rules[${i}]`, { alpha, minSamples, line });
  });
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.id)) throw new UserError(`${path}: rule id '${r.id}' is used twice (ids must be unique: JUnit and SARIF key on them)`);
    seen.add(r.id);
  }
  return { path, rules, project, minTickets };
}

function parseRule(raw: unknown, at: string, d: { alpha: number; minSamples: number; line: number }): CheckRule {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${at}: expected a mapping with id and metric`);
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || !ID.test(r.id)) throw new UserError(`${at}: 'id' must be a word of letters, digits, . _ - (it is the stable id in JUnit and SARIF)`);
  const where0 = `${at} (${r.id})`;
  if (typeof r.metric !== 'string' || !r.metric) throw new UserError(`${where0}: 'metric' must name a KPI id of kpi --json (e.g. sla_attainment)`);
  const where = (r.where ?? {}) as Record<string, unknown>;
  if (typeof where !== 'object' || Array.isArray(where)) throw new UserError(`${where0}: 'where' must be a mapping like {priority: 1}`);
  for (const [k, v] of Object.entries(where)) {
    if (!ALL_DIMENSIONS.includes(k)) throw new UserError(`${where0}: where.${k}: unknown dimension; use any of ${ALL_DIMENSIONS.join(', ')}`);
    if (typeof v !== 'string' && typeof v !== 'number') throw new UserError(`${where0}: where.${k} must be one value (text or number)`);
  }
  const by = (typeof r.by === 'string' ? r.by.split(',') : r.by ?? []) as unknown[];
  if (!Array.isArray(by) || by.some((b) => typeof b !== 'string' || !ALL_DIMENSIONS.includes(b.trim()))) {
    throw new UserError(`${where0}: 'by' must list dimensions among ${ALL_DIMENSIONS.join(', ')}`);
  }
  const byDims = (by as string[]).map((b) => b.trim());
  for (const b of byDims) if (b in where) throw new UserError(`${where0}: '${b}' is both in where and by`);
  if (byDims.includes('month')) throw new UserError(`${where0}: by: month is not supported; the checked period is chosen with --month or --from/--to`);
  const num = (k: string) => {
    const v = r[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserError(`${where0}: '${k}' must be a number${k === 'min' || k === 'max' ? ', or target (the project config\'s targets.<metric>.target)' : ''}`);
    return v;
  };
  const targetBound = r.min === 'target' ? 'min' : r.max === 'target' ? 'max' : null;
  if (r.min === 'target' && r.max === 'target') throw new UserError(`${where0}: min: target and max: target together; the organisation's target is one bound`);
  const min = r.min === 'target' ? null : num('min');
  const max = r.max === 'target' ? null : num('max');
  const maxBreaches = r.max_breaches === undefined ? null : count(r.max_breaches, `${where0}: max_breaches`);
  const compare = r.compare === undefined || r.compare === null ? null : String(r.compare);
  let minEffect: number | null = null;
  let minEffectRelative: number | null = null;
  const effectKeys = ['max_drop', 'max_increase'].filter((k) => r[k] !== undefined);
  if (effectKeys.length > 1) throw new UserError(`${where0}: give max_drop or max_increase, not both`);
  if (effectKeys.length) {
    const k = effectKeys[0]!;
    const v = r[k];
    if (typeof v === 'string' && /^\d+(\.\d+)?\s*%$/.test(v.trim())) minEffectRelative = Number(v.trim().replace('%', '')) / 100;
    else if (typeof v === 'number' && Number.isFinite(v) && v >= 0) minEffect = v;
    else throw new UserError(`${where0}: '${k}' must be a non-negative number in the metric's unit, or a percentage of the baseline like '20%'`);
    if (!compare) throw new UserError(`${where0}: '${k}' needs 'compare: previous | year | <kpi.json>'`);
  }
  if (compare && !effectKeys.length) {
    throw new UserError(`${where0}: a regression needs its minimum effect: max_drop (a rate that should be high) or max_increase (a time or a rate that should be low)`);
  }
  const kinds: RuleKind[] = [];
  if (min !== null || max !== null || targetBound) kinds.push('threshold');
  if (compare) kinds.push('regression');
  if (maxBreaches !== null) kinds.push('budget');
  if (!kinds.length) throw new UserError(`${where0}: say what to check: min/max (threshold), compare + max_drop (regression) or max_breaches (budget)`);
  const severity = (r.severity ?? 'error') as Severity;
  if (severity !== 'error' && severity !== 'warn') throw new UserError(`${where0}: severity must be error or warn`);
  return {
    id: r.id,
    description: typeof r.description === 'string' ? r.description : null,
    metric: r.metric,
    statistic: typeof r.statistic === 'string' ? r.statistic : null,
    kinds,
    where: where as Record<string, string | number>,
    by: byDims,
    min,
    max,
    targetBound,
    compare,
    minEffect,
    minEffectRelative,
    maxBreaches,
    severity,
    alpha: r.alpha === undefined ? d.alpha : prob(r.alpha, `${where0}: alpha`),
    minSamples: r.min_samples === undefined ? d.minSamples : count(r.min_samples, `${where0}: min_samples`),
    line: d.line,
  };
}

function prob(v: unknown, at: string): number {
  if (typeof v !== 'number' || !(v > 0 && v < 0.5)) throw new UserError(`${at} must be a number between 0 and 0.5 (e.g. 0.01)`);
  return v;
}

function count(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new UserError(`${at} must be a whole number ≥ 0`);
  return v;
}

/**
 * Sets the bound of every `min: target` / `max: target` rule from the project config's targets (the same
 * targets the report's tiles use). A rule whose metric has no target there is a config error: a gate never
 * passes on a bound nobody set.
 */
export function applyTargets(config: CheckConfig, targets: Record<string, { target: number }>, projectFile: string | null): CheckConfig {
  const rules = config.rules.map((r, i) => {
    if (!r.targetBound) return r;
    const t = targets[r.metric];
    if (!t) {
      throw new UserError(
        `${config.path}: rules[${i}] (${r.id}): ${r.targetBound}: target needs targets.${r.metric}.target in ${projectFile ?? 'the project config (itsm-lens.config.yaml, or project: FILE)'}; e.g. targets: { ${r.metric}: { target: … } }`,
      );
    }
    return { ...r, [r.targetBound]: t.target };
  });
  return { ...config, rules };
}
