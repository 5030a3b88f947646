/**
 * Materialises a business calendar as UTC working segments, set-based in DuckDB.
 *
 * Tables (TEMP: per connection, rebuilt per run, never in the database file):
 *
 *   calendar_segment(calendar, seg_start, seg_end, cum_before, local_date, day_no)
 *     one row per working interval per local date, in UTC, holidays removed, ordered and disjoint;
 *     cum_before = business seconds of all earlier segments of the calendar (window sum);
 *     local_date = the local date the interval belongs to; day_no = ordinal of that working day (1, 2, …).
 *   calendar_day(calendar, day_no, local_date, day_start, day_end)
 *     one row per working day: first opening and last closing instant.
 *   calendar_coverage(calendar, fingerprint, timezone, first_date, last_date, cover_from, cover_to)
 *     which instants the segments cover; business arithmetic outside [cover_from, cover_to] yields NULL.
 *
 * DST semantics (those of zendesk/biz, kpi-definitions.md §5.1.6): a working-interval boundary is a local
 * wall-clock time converted to UTC; a boundary that does not exist (spring-forward gap) moves forward by the
 * gap (02:30 → 03:30); a boundary that exists twice (fall-back) takes the first, daylight-saving occurrence;
 * 24:00 is the next day's 00:00 (endnight: when that midnight does not exist, 01:00). DuckDB's ICU alone picks
 * the second occurrence for ambiguous times, so `localToUtcSql` corrects that. Should a gap make two
 * segments overlap or reverse, they are clipped so that segments stay disjoint (union of working time).
 */
import { lit, type Store } from '../store/db.js';
import { UserError } from '../errors.js';
import type { BusinessCalendar } from './config.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The calendar tables' statements (segments.sql). */
const SQL = loadSqlFile('calendar/segments.sql');

export const SEGMENT_TABLE = 'calendar_segment';
export const DAY_TABLE = 'calendar_day';
export const COVERAGE_TABLE = 'calendar_coverage';

export interface CalendarCoverage {
  calendar: string;
  timezone: string;
  /** first and last local date materialised */
  firstDate: string;
  lastDate: string;
  /** instants covered (ISO, UTC) */
  coverFrom: string;
  coverTo: string;
  segments: number;
  /** false when an existing materialisation already covered the request */
  rebuilt: boolean;
}

export interface EnsureOptions {
  /** local days materialised before fromUtc's date (default 7) */
  marginDaysBefore?: number;
  /**
   * local days after toUtc's date (default 400): due times of tickets opened near the end of the data land
   * after it, and a due time past the coverage is NULL.
   */
  marginDaysAfter?: number;
}

/**
 * SQL for the UTC instant of a local wall-clock TIMESTAMP `localSql` in zone `tzSql` (both SQL expressions),
 * with biz semantics: nonexistent → shifted forward by the gap; ambiguous → the first (DST) occurrence.
 */
export function localToUtcSql(tzSql: string, localSql: string): string {
  return sqlOf(SQL, 'local_to_utc', { tz: tzSql, local: localSql });
}

/** Creates the (empty) temp tables if they do not exist. */
export async function ensureCalendarTables(store: Store): Promise<void> {
  await store.run(sqlOf(SQL, 'tables'));
}

function utcDate(v: Date | string | null | undefined, what: string): Date {
  const d = v === null || v === undefined ? new Date() : v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) throw new Error(`ensureCalendar: bad ${what} '${String(v)}'`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * 86400000);
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * Makes sure `calendar_segment` holds calendar `name` for every local date from fromUtc's date − margin to
 * toUtc's date + margin (null = now). Cheap when already covered with the same definition; otherwise the
 * calendar's rows are rebuilt (over the union of the old and the new range).
 */
export async function ensureCalendar(
  store: Store,
  name: string,
  cal: BusinessCalendar,
  fromUtc: Date | string | null,
  toUtc: Date | string | null,
  opts: EnsureOptions = {},
): Promise<CalendarCoverage> {
  await ensureCalendarTables(store);
  let from = utcDate(fromUtc, 'fromUtc');
  let to = utcDate(toUtc, 'toUtc');
  if (to < from) [from, to] = [to, from];
  let first = addDays(from, -(opts.marginDaysBefore ?? 7));
  let last = addDays(to, opts.marginDaysAfter ?? 400);
  if (last.getTime() - first.getTime() > 200 * 366 * 86400000) {
    throw new UserError(`calendar ${name}: date range ${iso(first)} … ${iso(last)} is implausibly long (check the data's dates)`);
  }
  const fingerprint = JSON.stringify([cal.timezone, cal.week, cal.holidays]);
  const existing = await store.one<{ fingerprint: string; first_date: string; last_date: string }>(sqlOf(SQL, 'existing', { name: lit(name) }));
  if (existing && existing.fingerprint === fingerprint) {
    if (existing.first_date <= iso(first) && existing.last_date >= iso(last)) {
      return { ...(await readCoverage(store, name)), rebuilt: false };
    }
    if (existing.first_date < iso(first)) first = new Date(existing.first_date + 'T00:00:00Z');
    if (existing.last_date > iso(last)) last = new Date(existing.last_date + 'T00:00:00Z');
  }
  await store.run(sqlOf(SQL, 'forget', { name: lit(name) }));
  try {
    await store.run(buildSegmentsSql(name, cal, iso(first), iso(last)));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/time ?zone/i.test(msg)) throw new UserError(`calendar ${name}: time zone '${cal.timezone}' is unknown to DuckDB`);
    throw e;
  }
  const n = lit(name);
  await store.run(sqlOf(SQL, 'days', { name: n }));
  const tz = lit(cal.timezone);
  await store.run(
    sqlOf(SQL, 'coverage', {
      name: n,
      fingerprint: lit(fingerprint),
      tz,
      first_date: `DATE '${iso(first)}'`,
      last_date: `DATE '${iso(last)}'`,
      cover_from: localToUtcSql(tz, `TIMESTAMP '${iso(first)} 00:00:00'`),
      cover_to: localToUtcSql(tz, `(DATE '${iso(last)}' + 1)::TIMESTAMP`),
    }),
  );
  return { ...(await readCoverage(store, name)), rebuilt: true };
}

async function readCoverage(store: Store, name: string): Promise<Omit<CalendarCoverage, 'rebuilt'>> {
  const r = await store.one<Record<string, string | number>>(sqlOf(SQL, 'read_coverage', { name: lit(name) }));
  if (!r) throw new Error(`calendar ${name} is not materialised`);
  return {
    calendar: String(r.calendar),
    timezone: String(r.timezone),
    firstDate: String(r.first_date),
    lastDate: String(r.last_date),
    coverFrom: String(r.cover_from),
    coverTo: String(r.cover_to),
    segments: Number(r.segments),
  };
}

/** The INSERT that materialises one calendar's segments between two local dates (inclusive). */
export function buildSegmentsSql(name: string, cal: BusinessCalendar, firstDate: string, lastDate: string): string {
  const tz = lit(cal.timezone);
  const tmpl = cal.week.flatMap((list, d) => list.map((iv) => `(${d + 1}, ${iv.start}, ${iv.end})`));
  const fixed = cal.holidays.flatMap((h) => (h.kind === 'dates' ? [`(DATE '${h.from}', DATE '${h.to}')`] : []));
  const annual = cal.holidays.flatMap((h) => (h.kind === 'annual' ? [`(${h.from}, ${h.to})`] : []));
  const values = (rows: string[], cols: string, empty: string): string =>
    rows.length ? `SELECT * FROM (VALUES ${rows.join(', ')}) t(${cols})` : `SELECT ${empty} WHERE false`;
  return sqlOf(SQL, 'segments', {
    tmpl: values(tmpl, 'dow, start_s, end_s', 'NULL::INTEGER AS dow, NULL::INTEGER AS start_s, NULL::INTEGER AS end_s'),
    fixed_hol: values(fixed, 'f, t', 'NULL::DATE AS f, NULL::DATE AS t'),
    annual_hol: values(annual, 'f, t', 'NULL::INTEGER AS f, NULL::INTEGER AS t'),
    first_date: `DATE '${firstDate}'`,
    last_date: `DATE '${lastDate}'`,
    utc_s: localToUtcSql(tz, 'ls'),
    utc_e: localToUtcSql(tz, 'le'),
    name: lit(name),
  });
}
