import { UserError } from '../errors.js';
import { BUILTIN_24X7_NAME, type CalendarConfig } from '../calendar/config.js';

/**
 * SLA policies recomputed from the data (kpi-definitions §1.4): a target per priority for response and/or
 * resolution, on a calendar, with pause states. Configured in the project config:
 *
 *   sla:
 *     policies:
 *       - name: Incident SLA
 *         kind: incident                # ticket kinds it covers (one or a list); default incident
 *         calendar: office              # default: calendars.default, else 24x7
 *         resolution: { 1: 4h, 2: 8h, 3: 24h, 4: 3d, 5: 5d }
 *         response: { 1: 15m, 2: 30m, 3: 4h, 4: 1d }
 *         pause: [pending]              # canonical statuses that stop the clock (needs an event history)
 *         services: [Email, VPN]        # optional: only these services
 *
 * Durations: `90s`, `30m`, `4h`, `3d`, `1d 4h`; a day is 24 hours *of the calendar* (ServiceNow's rule: a
 * 1-day SLA on a 9–17 calendar spans three working days). The first policy that covers a ticket applies.
 */
export interface SlaPolicy {
  name: string;
  kinds: string[];
  calendar: string;
  /** seconds by priority level */
  resolution: Record<number, number>;
  response: Record<number, number>;
  pause: string[];
  services: string[] | null;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const STATUSES = ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed', 'cancelled', 'other'];

export function parseDuration(v: unknown, where: string): number {
  if (typeof v === 'number' && v > 0) return v * 3600; // a bare number is hours
  if (typeof v !== 'string') throw new UserError(`${where}: expected a duration like 4h, 30m or 3d`);
  const parts = v.trim().toLowerCase().split(/\s+/);
  let total = 0;
  for (const p of parts) {
    const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(p);
    if (!m) throw new UserError(`${where}: '${v}' is not a duration like 4h, 30m, 3d or '1d 4h'`);
    total += Number(m[1]) * UNITS[m[2]!]!;
  }
  if (total <= 0) throw new UserError(`${where}: the duration must be positive`);
  return Math.round(total);
}

function targets(v: unknown, where: string): Record<number, number> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UserError(`${where}: expected targets by priority, e.g. { 1: 4h, 2: 8h }`);
  const out: Record<number, number> = {};
  for (const [k, d] of Object.entries(v)) {
    const p = Number(String(k).replace(/^p/i, ''));
    if (!Number.isInteger(p) || p < 1 || p > 5) throw new UserError(`${where}: priority '${k}' is not 1..5`);
    out[p] = parseDuration(d, `${where}.${k}`);
  }
  return out;
}

const list = (v: unknown): string[] | null => (v === undefined || v === null ? null : (Array.isArray(v) ? v : [v]).map(String));

export function parseSlaPolicies(v: unknown, calendars: CalendarConfig): SlaPolicy[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new UserError('sla.policies: expected a list of policies');
  return v.map((p: Record<string, unknown>, i) => {
    const where = `sla.policies[${i}]`;
    if (typeof p !== 'object' || p === null) throw new UserError(`${where}: expected a mapping`);
    const calendar = typeof p.calendar === 'string' ? p.calendar : calendars.default ?? BUILTIN_24X7_NAME;
    if (!calendars.calendars[calendar]) {
      throw new UserError(`${where}.calendar: '${calendar}' is not defined (known: ${Object.keys(calendars.calendars).join(', ')})`);
    }
    const pause = list(p.pause) ?? [];
    const bad = pause.filter((s) => !STATUSES.includes(s));
    if (bad.length) throw new UserError(`${where}.pause: ${bad.join(', ')} is not a canonical status (${STATUSES.join(', ')})`);
    const policy: SlaPolicy = {
      name: typeof p.name === 'string' ? p.name : `policy ${i + 1}`,
      kinds: list(p.kind) ?? ['incident'],
      calendar,
      resolution: targets(p.resolution, `${where}.resolution`),
      response: targets(p.response, `${where}.response`),
      pause,
      services: list(p.services),
    };
    if (!Object.keys(policy.resolution).length && !Object.keys(policy.response).length) {
      throw new UserError(`${where}: give resolution and/or response targets by priority`);
    }
    return policy;
  });
}
