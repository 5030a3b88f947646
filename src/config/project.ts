import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { parseCalendars, type CalendarConfig } from '../calendar/config.js';
import { parseSlaPolicies, type SlaPolicy } from '../sla/policy.js';
import { DEFAULT_SETTINGS, type MetricSettings } from '../metrics/kpi.js';
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
 *   coverage:
 *     min_share: 0.25           # a month under this share of a typical month is not compared against
 */
export interface ProjectConfig {
  path: string | null;
  organisation: string | null;
  calendars: CalendarConfig;
  sla: SlaPolicy[];
  settings: MetricSettings;
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
    const known = new Set(['organisation', 'calendars', 'sla', 'metrics', 'rules', 'findings', 'coverage']);
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
    settings: { changeFailureWindowDays: window },
    coverage: { minShare, fromConfig: cov.min_share !== undefined },
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
