import { UserError } from '../errors.js';
import { TRAITS } from './formats/traits.js';
import { resolveLevels } from '../maturity/profile.js';

/** Formats `--maturity` writes: the ServiceNow layout is the one generated with every object the nine practices
 *  are assessed on (incidents, requests, changes, problems, assets). */
export const MATURITY_FORMATS: readonly GenerateFormat[] = ['servicenow'];

export const FORMATS = ['servicenow', 'jira', 'hpsm', 'remedy', 'freshservice', 'zendesk', 'sdp', 'glpi', 'topdesk', 'otrs', 'swsd', 'whd', 'rt', 'motadata', 'ninjaone', 'monday', 'itop', 'ivanti', 'zammad', 'cherwell', 'freshdesk', 'statuspage'] as const;
export type GenerateFormat = (typeof FORMATS)[number];

/** What the caller asks for; everything but `out` has a default. */
export interface GenerateOptions {
  out: string;
  tickets?: number;
  changes?: number;
  problems?: number;
  assets?: number;
  months?: number;
  /** First month, `YYYY-MM`; default 12 months before 2026-01. */
  start?: string;
  format?: GenerateFormat;
  seed?: number;
  /** Plant nothing (no clusters, no SLA drop, no slow group, no trend). */
  null?: boolean;
  /** Progress lines go here (default: nowhere). */
  log?: (line: string) => void;
  /** Plant a maturity profile (src/maturity/profiles.yaml): `3`, `incident=3,change=4`, `2,incident=3` or
   *  a level per practice. Implies `null` (the profile rewrites what the other planted truths live in). */
  maturity?: number | string | Record<string, number>;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  out: string;
  tickets: number;
  changes: number;
  problems: number;
  assets: number;
  months: number;
  start: string;
  format: GenerateFormat;
  seed: number;
  null: boolean;
  /** Epoch seconds of the start of the first month (UTC). */
  t0: number;
  /** Epoch seconds of the end of the last month: the export's "now". */
  t1: number;
  /** maturity level per practice planted, or null */
  maturity: Record<string, number> | null;
}

export const DEFAULT_TICKETS = 5000;
export const DEFAULT_MONTHS = 12;
export const DEFAULT_SEED = 1;
const MAX_TICKETS = 200_000_000;

function int(name: string, v: unknown, min: number, max: number): number {
  const n = typeof v === 'string' ? Number(v) : (v as number);
  if (typeof n !== 'number' || !Number.isFinite(n) || !Number.isInteger(n)) throw new UserError(`--${name} must be an integer (got ${String(v)})`);
  if (n < min || n > max) throw new UserError(`--${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}

/** Validates options and fills defaults; throws UserError on bad input. */
export function resolveOptions(o: GenerateOptions): ResolvedOptions {
  if (!o.out || typeof o.out !== 'string') throw new UserError('--out DIR is required');
  const format = (o.format ?? 'servicenow') as GenerateFormat;
  if (!FORMATS.includes(format)) throw new UserError(`--format must be one of ${FORMATS.join(', ')} (got ${String(o.format)})`);
  const tickets = int('tickets', o.tickets ?? DEFAULT_TICKETS, 10, MAX_TICKETS);
  const traits = TRAITS[format];
  // a tool whose export the generator writes no changes/problems for gets none (truth counts 0)
  const changes = traits && !traits.changes ? 0 : int('changes', o.changes ?? Math.round(tickets / 10), 0, MAX_TICKETS);
  const problems = format === 'hpsm' || (traits && !traits.problems) ? 0 : int('problems', o.problems ?? Math.max(1, Math.round(tickets / 100)), 0, MAX_TICKETS);
  const assets = int('assets', o.assets ?? Math.max(40, Math.round(tickets / 20)), 40, MAX_TICKETS);
  const months = int('months', o.months ?? DEFAULT_MONTHS, 1, 120);
  const seed = int('seed', o.seed ?? DEFAULT_SEED, 0, 2 ** 31 - 1);
  let start = o.start;
  if (start === undefined) {
    // months before 2026-01
    const idx = 2026 * 12 + 0 - months;
    start = `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
  }
  const m = /^(\d{4})-(\d{2})$/.exec(start);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1990 || Number(m[1]) > 2100) {
    throw new UserError(`--start must be YYYY-MM (got ${start})`);
  }
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  const t0 = Date.UTC(y, mo, 1) / 1000;
  const t1 = Date.UTC(y, mo + months, 1) / 1000;
  const maturity = o.maturity === undefined ? null : resolveLevels(o.maturity);
  if (maturity && !MATURITY_FORMATS.includes(format)) {
    throw new UserError(`--maturity needs --format ${MATURITY_FORMATS.join(' or ')}: the only generated layout with incidents, requests, changes, problems and assets (got ${format})`);
  }
  if (maturity && Object.keys(maturity).length === 0) throw new UserError('--maturity: no practice given');
  return {
    out: o.out,
    tickets,
    changes,
    problems,
    assets,
    months,
    start,
    format,
    seed,
    null: Boolean(o.null) || maturity !== null,
    t0,
    t1,
    maturity,
  };
}
