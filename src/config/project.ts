import { existsSync, readFileSync } from 'node:fs';
import { yaml } from './yaml.js';
import { UserError } from '../errors.js';
import { parseCalendars, type CalendarConfig } from '../calendar/config.js';
import { parseSlaPolicies, type SlaPolicy } from '../sla/policy.js';
import { DEFAULT_SETTINGS, type MetricSettings } from '../metrics/kpi.js';
import { parsePeoplePolicy, type PeoplePolicy } from '../privacy/people.js';
import { COMPARABLE_SHARE } from '../coverage/index.js';
import { validateAgainst } from './schema.js';
import { loadQueries } from '../metrics/queries.js';

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
 *     availability_calendars: { Payroll: office, Checkout: 24x7 }   # a service's business-hours calendar (else the default)
 *     cost: { per_month: 85000, currency: EUR }      # or per_team_month: { Service Desk: 60000, … }, per_channel_month: { phone: 30000, … }, or hourly_rate: 60
 *   people: aggregate         # aggregate (default) | pseudonymise | named: who findings and the pack may name
 *   coverage:
 *     min_share: 0.25           # a month under this share of a typical month is not compared against
 *   targets:                  # the organisation's targets by KPI id; unset ones show as the report's defaults
 *     sla_attainment: { target: 0.95, amber: 0.90 }   # rates as shares; times in hours
 *
 * Shapes and types are checked against schemas/project-config.schema.json; what needs code (calendars, SLA
 * policies) is checked by their parsers.
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
  /** the organisation's targets by KPI id (`targets:`); a KPI absent here keeps the report definition's default */
  targets: Record<string, TargetSetting>;
}

export const DEFAULT_CONFIG_FILE = 'itsm-lens.config.yaml';

/** The organisation's target for a KPI (`targets:`), in the KPI's unit: rates as shares, times in hours. */
export interface TargetSetting {
  target: number;
  amber?: number;
}

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
    doc = parseProjectYaml(text, file);
  }
  const where = file ?? 'config';
  const calendars = withFile(where, () => parseCalendars(doc.calendars));
  const sla = withFile(where, () => parseSlaPolicies((doc.sla as Record<string, unknown> | undefined)?.policies, calendars));
  // shapes, types and ranges: schemas/project-config.schema.json (validated in parseProjectYaml)
  const metrics = (doc.metrics ?? {}) as Record<string, unknown>;
  const keys = ['change_failure_window_days', 'major_incident_max_priority', 'availability_impact_weights'];
  const cov = (doc.coverage ?? {}) as Record<string, unknown>;
  const cost = metrics.cost as Record<string, unknown> | undefined;
  const targets = (doc.targets ?? {}) as Record<string, TargetSetting>;
  const availabilityCalendars = serviceCalendars(metrics.availability_calendars, calendars, where);
  if (Object.keys(targets).length) {
    // a misspelt KPI would leave its tile on the default target without a word
    const known = [...new Set(loadQueries().map((q) => q.kpi))].sort();
    const bad = Object.keys(targets).find((k) => !known.includes(k));
    if (bad) throw new UserError(`${where}: targets.${bad}: '${bad}' is not a KPI (known: ${known.join(', ')})`);
  }
  return {
    path: file,
    organisation: typeof doc.organisation === 'string' ? doc.organisation : null,
    calendars,
    sla,
    people: parsePeoplePolicy(doc.people, where),
    coverage: { minShare: (cov.min_share as number | undefined) ?? COMPARABLE_SHARE, fromConfig: cov.min_share !== undefined },
    targets,
    settings: {
      changeFailureWindowDays: (metrics.change_failure_window_days as number | undefined) ?? DEFAULT_SETTINGS.changeFailureWindowDays,
      majorIncidentMaxPriority: (metrics.major_incident_max_priority as number | undefined) ?? DEFAULT_SETTINGS.majorIncidentMaxPriority,
      impactWeights: (metrics.availability_impact_weights as number[] | undefined) ?? DEFAULT_SETTINGS.impactWeights,
      defaulted: keys.filter((k) => metrics[k] === undefined),
      ...(availabilityCalendars ? { availabilityCalendars } : {}),
      ...(cost
        ? {
            cost: {
              ...(cost.per_month !== undefined ? { perMonth: cost.per_month as number } : {}),
              ...(cost.per_team_month !== undefined ? { perTeamMonth: cost.per_team_month as Record<string, number> } : {}),
              ...(cost.per_channel_month !== undefined ? { perChannelMonth: cost.per_channel_month as Record<string, number> } : {}),
              ...(cost.hourly_rate !== undefined ? { hourlyRate: cost.hourly_rate as number } : {}),
              ...(cost.currency !== undefined ? { currency: cost.currency as string } : {}),
            },
          }
        : {}),
    },
  };
}

/**
 * metrics.availability_calendars: each service's calendar, checked against the calendars defined (the schema
 * checks the shape). Services are matched case- and space-insensitively, as exports spell them differently, so
 * two keys that differ only so would be one service with two calendars.
 */
function serviceCalendars(section: unknown, calendars: CalendarConfig, where: string): Record<string, string> | undefined {
  if (section === undefined || section === null) return undefined;
  const seen = new Map<string, string>();
  for (const [service, name] of Object.entries(section as Record<string, string>)) {
    const key = `metrics.availability_calendars.${service}`;
    if (!calendars.calendars[name]) {
      throw new UserError(`${where}: ${key}: unknown calendar '${name}' (defined under calendars: ${Object.keys(calendars.calendars).join(', ')})`);
    }
    const norm = service.trim().toLowerCase();
    const other = seen.get(norm);
    if (other !== undefined) throw new UserError(`${where}: ${key}: the same service as '${other}' (services are matched ignoring case and spaces); keep one`);
    seen.set(norm, service);
  }
  return section as Record<string, string>;
}

/** Parses the text of a project config and validates it against its schema (one-line UserError naming `file`). */
export function parseProjectYaml(text: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = yaml().parse(text) ?? {};
  } catch (e) {
    throw new UserError(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UserError(`${file}: expected a mapping at the top level`);
  validateAgainst('project-config', doc, file);
  return doc as Record<string, unknown>;
}

function withFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UserError && !e.message.startsWith(file)) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}
