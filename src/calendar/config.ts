/**
 * Business calendars: the `calendars:` section of the project config (`itsm-lens.config.yaml`).
 *
 * ```yaml
 * calendars:
 *   default: office                # the calendar business-time KPIs use (optional when exactly one is defined)
 *   office:
 *     timezone: Europe/Amsterdam   # IANA zone (required); hours are local wall-clock times, DST handled
 *     hours:                       # weekly working intervals; several per day allowed
 *       mon: ["08:00-12:00", "13:00-17:00"]
 *       tue-fri: "08:00-17:00"     # a day range and a single string are accepted too
 *       sat: []                    # an absent or empty day is closed
 *     holidays:                    # whole local dates off
 *       - 2025-12-25
 *       - { from: 2025-07-21, to: 2025-08-01 }          # inclusive range
 *       - { date: "05-01", every_year: true }            # perpetual (also "2019-05-01" + every_year)
 *       - { from: "12-24", to: "12-26", every_year: true, name: Christmas }
 *   nightdesk:
 *     timezone: America/New_York
 *     hours: { mon-fri: "22:00-06:00" }                 # overnight: 22:00-24:00 that day + 00:00-06:00 the next
 *   always: { timezone: UTC, hours: "24x7" }            # every hour of every day in that zone
 * ```
 *
 * Rules: times are `HH:MM` or `HH:MM:SS`, `24:00` allowed as an end; intervals of one day may touch but not
 * overlap; days are `mon tue wed thu fri sat sun` (or full names, or a range `mon-fri`); a holiday removes every
 * working interval that starts on that local date (an overnight shift's after-midnight part belongs to the next
 * date). The built-in calendar `24x7` (UTC, every hour, no holidays) always exists and cannot be redefined.
 *
 * When no calendar is configured, `hasBusinessCalendar()` is false and business-time KPIs must be `null` with
 * `NO_CALENDAR_REASON`; there is deliberately no made-up default office calendar.
 */
import { UserError } from '../errors.js';

/** A working interval within one local day, in seconds after local midnight (`end` may be 86400 = 24:00). */
export interface WorkInterval {
  start: number;
  end: number;
}

/** A holiday rule. `dates`: ISO local dates, inclusive. `annual`: month*100+day, inclusive, may wrap the year end. */
export type HolidayRule =
  | { kind: 'dates'; from: string; to: string; name?: string }
  | { kind: 'annual'; from: number; to: number; name?: string };

export interface BusinessCalendar {
  name: string;
  /** IANA time zone the hours and holidays are read in */
  timezone: string;
  /** index 0 = Monday … 6 = Sunday; sorted, non-overlapping, within the day (overnight intervals already split) */
  week: WorkInterval[][];
  holidays: HolidayRule[];
}

export interface CalendarConfig {
  /** every calendar by name, the built-in `24x7` included */
  calendars: Record<string, BusinessCalendar>;
  /** the calendar business-time KPIs use; null when none is configured */
  default: string | null;
}

export const BUILTIN_24X7_NAME = '24x7';
export const NO_CALENDAR_REASON =
  'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)';

const DAY_SECONDS = 86400;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const FULL_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function allDay(): WorkInterval[][] {
  return DAYS.map(() => [{ start: 0, end: DAY_SECONDS }]);
}

/** The built-in calendar: UTC, all hours of all days, no holidays. */
export const BUILTIN_24X7: BusinessCalendar = Object.freeze({
  name: BUILTIN_24X7_NAME,
  timezone: 'UTC',
  week: allDay(),
  holidays: [],
}) as BusinessCalendar;

function fail(where: string, msg: string): never {
  throw new UserError(`config ${where}: ${msg}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Reads the `calendars:` section from a whole parsed config object (`{ calendars: … }`); absent = none. */
export function calendarsFromConfig(config: unknown): CalendarConfig {
  if (config === undefined || config === null) return parseCalendars(undefined);
  if (!isRecord(config)) throw new UserError('config: expected a mapping at the top level');
  return parseCalendars(config.calendars);
}

/** Parses and validates the `calendars:` section itself. Throws UserError naming calendar and field. */
export function parseCalendars(section: unknown): CalendarConfig {
  const calendars: Record<string, BusinessCalendar> = { [BUILTIN_24X7_NAME]: BUILTIN_24X7 };
  if (section === undefined || section === null) return { calendars, default: null };
  if (!isRecord(section)) fail('calendars', 'expected a mapping of calendar names to definitions');
  let defaultName: string | null = null;
  const userNames: string[] = [];
  for (const [name, body] of Object.entries(section)) {
    if (name === 'default') {
      if (typeof body !== 'string' || !body.trim()) fail('calendars.default', 'expected the name of a calendar');
      defaultName = body.trim();
      continue;
    }
    if (name === BUILTIN_24X7_NAME) fail(`calendars.${name}`, `'${BUILTIN_24X7_NAME}' is built in and cannot be redefined`);
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) fail(`calendars.${name}`, 'calendar names may use letters, digits, _ . - only');
    calendars[name] = parseCalendar(name, body);
    userNames.push(name);
  }
  if (defaultName !== null) {
    if (!calendars[defaultName]) {
      fail('calendars.default', `unknown calendar '${defaultName}' (defined: ${Object.keys(calendars).join(', ')})`);
    }
  } else if (userNames.length === 1) {
    defaultName = userNames[0]!;
  } else if (userNames.length > 1) {
    fail('calendars.default', `required when several calendars are defined (${userNames.join(', ')})`);
  }
  return { calendars, default: defaultName };
}

/** True when business-time KPIs can be computed (a default calendar is configured). */
export function hasBusinessCalendar(cfg: CalendarConfig): boolean {
  return cfg.default !== null;
}

/** The default business calendar, or null (then report business-time KPIs as null with NO_CALENDAR_REASON). */
export function defaultCalendar(cfg: CalendarConfig): BusinessCalendar | null {
  return cfg.default === null ? null : (cfg.calendars[cfg.default] ?? null);
}

/** A calendar by name (e.g. from an SLA policy); UserError when unknown. */
export function getCalendar(cfg: CalendarConfig, name: string): BusinessCalendar {
  const cal = cfg.calendars[name];
  if (!cal) throw new UserError(`unknown calendar '${name}' (defined: ${Object.keys(cfg.calendars).join(', ')})`);
  return cal;
}

/** Working seconds in a regular (holiday-free, DST-free) week. */
export function weeklySeconds(cal: BusinessCalendar): number {
  return cal.week.flat().reduce((s, iv) => s + iv.end - iv.start, 0);
}

const CAL_KEYS = new Set(['timezone', 'hours', 'holidays', 'description']);

function parseCalendar(name: string, body: unknown): BusinessCalendar {
  const where = `calendars.${name}`;
  if (!isRecord(body)) fail(where, 'expected a mapping with timezone, hours and optional holidays');
  for (const k of Object.keys(body)) {
    if (!CAL_KEYS.has(k)) fail(`${where}.${k}`, `unknown field (expected ${[...CAL_KEYS].join(', ')})`);
  }
  const timezone = parseTimezone(`${where}.timezone`, body.timezone);
  if (body.hours === undefined || body.hours === null) fail(`${where}.hours`, 'required (weekly intervals or "24x7")');
  const week = parseHours(`${where}.hours`, body.hours);
  if (week.every((d) => d.length === 0)) fail(`${where}.hours`, 'no working hours in the week');
  const holidays = parseHolidays(`${where}.holidays`, body.holidays);
  return { name, timezone, week, holidays };
}

function parseTimezone(where: string, v: unknown): string {
  if (typeof v !== 'string' || !v.trim()) fail(where, 'required: an IANA time zone such as Europe/Amsterdam or UTC');
  const tz = v.trim();
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    fail(where, `unknown time zone '${tz}' (use an IANA name such as Europe/Amsterdam)`);
  }
  return tz;
}

function parseHours(where: string, v: unknown): WorkInterval[][] {
  if (typeof v === 'string') {
    if (/^24\s*x\s*7$/i.test(v.trim())) return allDay();
    fail(where, `expected "24x7" or a mapping of days to intervals, got '${v}'`);
  }
  if (!isRecord(v)) fail(where, 'expected "24x7" or a mapping of days (mon … sun) to intervals');
  const raw: WorkInterval[][] = DAYS.map(() => []);
  const seen = new Set<number>();
  for (const [key, spec] of Object.entries(v)) {
    const days = parseDayKey(`${where}.${key}`, key);
    for (const d of days) {
      if (seen.has(d)) fail(`${where}.${key}`, `${DAYS[d]} is given more than once`);
      seen.add(d);
    }
    const items = spec === null || spec === undefined ? [] : Array.isArray(spec) ? spec : [spec];
    const parsed = items.map((it) => parseInterval(`${where}.${key}`, it));
    // overlap check per written day, before overnight parts move to the next day
    const sameDay = parsed.flatMap((p) => (p.start < p.end ? [p] : [{ start: p.start, end: DAY_SECONDS }]));
    checkOverlap(`${where}.${key}`, sameDay);
    for (const d of days) {
      for (const p of parsed) {
        if (p.start < p.end) raw[d]!.push({ start: p.start, end: p.end });
        else {
          raw[d]!.push({ start: p.start, end: DAY_SECONDS });
          if (p.end > 0) raw[(d + 1) % 7]!.push({ start: 0, end: p.end });
        }
      }
    }
  }
  return raw.map((list, d) => {
    checkOverlap(`${where}.${DAYS[d]}`, list, true);
    return mergeTouching(list);
  });
}

function parseDayKey(where: string, key: string): number[] {
  const k = key.trim().toLowerCase();
  const one = (s: string): number => {
    let i = DAYS.indexOf(s as (typeof DAYS)[number]);
    if (i < 0) i = FULL_DAYS.indexOf(s);
    if (i < 0) fail(where, `unknown day '${s}' (use mon tue wed thu fri sat sun, or a range like mon-fri)`);
    return i;
  };
  const m = /^([a-z]+)\s*-\s*([a-z]+)$/.exec(k);
  if (!m) return [one(k)];
  const a = one(m[1]!);
  const b = one(m[2]!);
  const out: number[] = [];
  for (let d = a; ; d = (d + 1) % 7) {
    out.push(d);
    if (d === b) break;
  }
  return out;
}

function parseTime(where: string, s: string, isEnd: boolean): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) fail(where, `bad time '${s}' (expected HH:MM)`);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const se = Number(m[3] ?? 0);
  if (mi > 59 || se > 59 || h > 24 || (h === 24 && (mi > 0 || se > 0))) fail(where, `bad time '${s}'`);
  if (h === 24 && !isEnd) fail(where, `24:00 can only end an interval`);
  return h * 3600 + mi * 60 + se;
}

function parseInterval(where: string, item: unknown): WorkInterval {
  if (typeof item === 'number') fail(where, `got the number ${item}: quote times, e.g. "08:00-17:00"`);
  if (typeof item !== 'string') fail(where, 'expected intervals like "08:00-17:00"');
  const parts = item.split('-');
  if (parts.length !== 2) fail(where, `bad interval '${item}' (expected HH:MM-HH:MM)`);
  const start = parseTime(where, parts[0]!, false);
  const end = parseTime(where, parts[1]!, true);
  if (start === end) fail(where, `empty interval '${item}'`);
  // start > end is an overnight interval (22:00-06:00), split by the caller; 24:00 ends the same day
  return { start, end };
}

function fmt(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}${s ? ':' + String(s).padStart(2, '0') : ''}`;
}

function checkOverlap(where: string, list: WorkInterval[], afterSplit = false): void {
  const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i - 1]!;
    const c = sorted[i]!;
    if (c.start < p.end) {
      fail(
        where,
        `intervals ${fmt(p.start)}-${fmt(p.end)} and ${fmt(c.start)}-${fmt(c.end)} overlap` +
          (afterSplit ? ' (an overnight interval of the previous day runs into this one)' : ''),
      );
    }
  }
}

function mergeTouching(list: WorkInterval[]): WorkInterval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: WorkInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else out.push({ ...iv });
  }
  return out;
}

const HOLIDAY_KEYS = new Set(['date', 'from', 'to', 'every_year', 'name']);

function parseHolidays(where: string, v: unknown): HolidayRule[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(where, 'expected a list of dates, { from, to } ranges or { date, every_year } entries');
  return v.map((item, i) => parseHoliday(`${where}[${i}]`, item));
}

function parseHoliday(where: string, item: unknown): HolidayRule {
  if (typeof item === 'string' || item instanceof Date) {
    const d = isoDate(where, item);
    if (d === null) fail(where, `bad date '${String(item)}' (expected YYYY-MM-DD; for a perpetual day write { date: "MM-DD", every_year: true })`);
    return { kind: 'dates', from: d, to: d };
  }
  if (!isRecord(item)) fail(where, 'expected a date, { from, to } or { date, every_year: true }');
  for (const k of Object.keys(item)) {
    if (!HOLIDAY_KEYS.has(k)) fail(`${where}.${k}`, `unknown field (expected ${[...HOLIDAY_KEYS].join(', ')})`);
  }
  const name = item.name === undefined || item.name === null ? undefined : String(item.name);
  const every = item.every_year;
  if (every !== undefined && every !== null && typeof every !== 'boolean') fail(`${where}.every_year`, 'expected true or false');
  const hasDate = item.date !== undefined && item.date !== null;
  const hasRange = item.from !== undefined || item.to !== undefined;
  if (hasDate === hasRange) fail(where, 'give either date or from/to');
  const fromV = hasDate ? item.date : item.from;
  const toV = hasDate ? item.date : item.to;
  const field = (k: string): string => `${where}.${hasDate ? 'date' : k}`;
  if (fromV === undefined || fromV === null) fail(`${where}.from`, 'required');
  if (toV === undefined || toV === null) fail(`${where}.to`, 'required');
  if (every === true) {
    const f = monthDay(field('from'), fromV);
    const t = monthDay(field('to'), toV);
    return name === undefined ? { kind: 'annual', from: f, to: t } : { kind: 'annual', from: f, to: t, name };
  }
  const f = isoDate(field('from'), fromV);
  const t = isoDate(field('to'), toV);
  if (f === null) fail(field('from'), `bad date '${String(fromV)}' (expected YYYY-MM-DD, or add every_year: true for MM-DD)`);
  if (t === null) fail(field('to'), `bad date '${String(toV)}' (expected YYYY-MM-DD, or add every_year: true for MM-DD)`);
  if (t < f) fail(where, `'to' (${t}) is before 'from' (${f})`);
  return name === undefined ? { kind: 'dates', from: f, to: t } : { kind: 'dates', from: f, to: t, name };
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** YYYY-MM-DD (or a Date, read as its UTC date) → normalised ISO date, or null. */
function isoDate(_where: string, v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!validYmd(y, mo, d)) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** MM-DD, or YYYY-MM-DD whose year is ignored → month*100+day. */
function monthDay(where: string, v: unknown): number {
  const full = isoDate(where, v);
  if (full) return Number(full.slice(5, 7)) * 100 + Number(full.slice(8, 10));
  const m = typeof v === 'string' ? /^(\d{1,2})-(\d{1,2})$/.exec(v.trim()) : null;
  if (!m || !validYmd(2000, Number(m[1]), Number(m[2]))) fail(where, `bad day '${String(v)}' (expected MM-DD)`);
  return Number(m[1]) * 100 + Number(m[2]);
}
