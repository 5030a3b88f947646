import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { parseCalendars, type CalendarConfig } from '../calendar/config.js';
import { parseSlaPolicies, type SlaPolicy } from '../sla/policy.js';
import { DEFAULT_SETTINGS, type MetricSettings } from '../metrics/kpi.js';
import { parsePeoplePolicy, type PeoplePolicy } from '../privacy/people.js';
import { COMPARABLE_SHARE } from '../coverage/index.js';

/**
 * The project config: `itsm-lens.config.yaml` in the working folder, or `--config FILE`. Everything in it
 * is optional; without it, calendar-time KPIs and the export's own SLA flags are all there is.
 *
 *   organisation: Acme Corp
 *   calendars: { … }          # business calendars: src/calendar/config.ts
 *   sla:                      # SLA policies recomputed from the data: src/sla/policy.ts
 *     policies: [ … ]
 *   metrics:
 *     change_failure_window_days: 7
 *     major_incident_max_priority: 1          # incidents of priority 1 are major incidents
 *     availability_impact_weights: [1, 0.5, 0.25]   # impact 1, 2, 3+: full outage, partial, degraded
 *     cost: { per_month: 85000, currency: EUR }      # or per_team_month: { Service Desk: 60000, … }
 *   people: aggregate         # aggregate (default) | pseudonymise | named: who findings and the pack may name
 *   coverage:
 *     min_share: 0.25           # a month under this share of a typical month is not compared against
 */
export interface ProjectConfig {
  path: string | null;
  organisation: string | null;
  calendars: CalendarConfig;
  sla: SlaPolicy[];
  settings: MetricSettings;
  /** who outputs may name (`people:`; default aggregate: no individual) */
  people: PeoplePolicy;
  /** the comparability threshold of the coverage model (src/coverage), and whether the config set it */
  coverage: { minShare: number; fromConfig: boolean };
}

export const DEFAULT_CONFIG_FILE = 'itsm-lens.config.yaml';

export function loadProjectConfig(path?: string): ProjectConfig {
  const file = path ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  let doc: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new UserError(`--config ${file}: cannot read the file`);
    }
    try {
      doc = (parseYaml(text) ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new UserError(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
    }
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new UserError(`${file}: expected a mapping at the top level`);
    // findings: read by src/findings/config.ts; rules: by src/check/config.ts
    const known = new Set(['organisation', 'calendars', 'sla', 'metrics', 'rules', 'findings', 'people', 'coverage']);
    const unknown = Object.keys(doc).filter((k) => !known.has(k));
    if (unknown.length) throw new UserError(`${file}: unknown section ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  }
  const where = file ?? 'config';
  const calendars = withFile(where, () => parseCalendars(doc.calendars));
  const sla = withFile(where, () => parseSlaPolicies((doc.sla as Record<string, unknown> | undefined)?.policies, calendars));
  const metrics = (doc.metrics ?? {}) as Record<string, unknown>;
  const window = metrics.change_failure_window_days ?? DEFAULT_SETTINGS.changeFailureWindowDays;
  if (typeof window !== 'number' || !Number.isInteger(window) || window < 0 || window > 365) {
    throw new UserError(`${where}: metrics.change_failure_window_days must be a whole number of days 0..365`);
  }
  const maxPriority = metrics.major_incident_max_priority ?? DEFAULT_SETTINGS.majorIncidentMaxPriority;
  if (typeof maxPriority !== 'number' || !Number.isInteger(maxPriority) || maxPriority < 1 || maxPriority > 5) {
    throw new UserError(`${where}: metrics.major_incident_max_priority must be a priority 1..5 (1 = only the highest)`);
  }
  const weights = metrics.availability_impact_weights ?? DEFAULT_SETTINGS.impactWeights;
  if (!Array.isArray(weights) || !weights.length || weights.some((x) => typeof x !== 'number' || x < 0 || x > 1)) {
    throw new UserError(`${where}: metrics.availability_impact_weights must be a list of shares 0..1, one per impact from 1 (e.g. [1, 0.5, 0.25])`);
  }
  const keys = ['change_failure_window_days', 'major_incident_max_priority', 'availability_impact_weights'];
  const cost = parseCost(metrics.cost, where);
  const cov = (doc.coverage ?? {}) as Record<string, unknown>;
  if (typeof cov !== 'object' || Array.isArray(cov)) throw new UserError(`${where}: coverage must be a mapping (coverage: { min_share: 0.25 })`);
  const unknownCov = Object.keys(cov).filter((k) => k !== 'min_share');
  if (unknownCov.length) throw new UserError(`${where}: coverage: unknown key ${unknownCov.join(', ')} (known: min_share)`);
  const minShare = cov.min_share ?? COMPARABLE_SHARE;
  if (typeof minShare !== 'number' || !(minShare >= 0 && minShare <= 1)) {
    throw new UserError(`${where}: coverage.min_share must be a share of a typical month between 0 and 1 (e.g. 0.25)`);
  }
  return {
    path: file,
    organisation: typeof doc.organisation === 'string' ? doc.organisation : null,
    calendars,
    sla,
    people: parsePeoplePolicy(doc.people, where),
    coverage: { minShare, fromConfig: cov.min_share !== undefined },
    settings: {
      changeFailureWindowDays: window,
      majorIncidentMaxPriority: maxPriority,
      impactWeights: weights as number[],
      defaulted: keys.filter((k) => metrics[k] === undefined),
      ...(cost ? { cost } : {}),
    },
  };
}

/** metrics.cost: { per_month: N } or { per_team_month: { team: N, … } }, with an optional currency. */
function parseCost(v: unknown, where: string): MetricSettings['cost'] {
  if (v === undefined) return undefined;
  const bad = (why: string) => new UserError(`${where}: metrics.cost ${why}; e.g. cost: { per_month: 85000, currency: EUR } or cost: { per_team_month: { Service Desk: 60000 } }`);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('must be a mapping');
  const c = v as Record<string, unknown>;
  const unknown = Object.keys(c).filter((k) => !['per_month', 'per_team_month', 'currency'].includes(k));
  if (unknown.length) throw bad(`has unknown key ${unknown.join(', ')} (known: per_month, per_team_month, currency)`);
  const money = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if ((c.per_month === undefined) === (c.per_team_month === undefined)) throw bad('needs one of per_month and per_team_month');
  if (c.per_month !== undefined && !money(c.per_month)) throw bad('per_month must be an amount ≥ 0');
  if (c.per_team_month !== undefined) {
    const t = c.per_team_month;
    if (typeof t !== 'object' || t === null || Array.isArray(t) || !Object.keys(t).length || !Object.values(t).every(money)) {
      throw bad('per_team_month must map each team (assignment group) to an amount ≥ 0');
    }
  }
  if (c.currency !== undefined && typeof c.currency !== 'string') throw bad('currency must be a text such as EUR');
  return {
    ...(c.per_month !== undefined ? { perMonth: c.per_month as number } : {}),
    ...(c.per_team_month !== undefined ? { perTeamMonth: c.per_team_month as Record<string, number> } : {}),
    ...(c.currency !== undefined ? { currency: c.currency as string } : {}),
  };
}

function withFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UserError && !e.message.startsWith(file)) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}
