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
  const u = `timezone(${tzSql}, ${localSql})`;
  const before = `(${u} - INTERVAL 3 HOUR)`;
  // the UTC offset in force three hours before the ICU answer (the pre-transition offset)
  const offBefore = `(timezone(${tzSql}, ${before}) - timezone('UTC', ${before}))`;
  const v = `timezone('UTC', ${localSql} - ${offBefore})`;
  return `(CASE WHEN ${v} < ${u} AND timezone(${tzSql}, ${v}) = ${localSql} THEN ${v} ELSE ${u} END)`;
}

/** Creates the (empty) temp tables if they do not exist. */
export async function ensureCalendarTables(store: Store): Promise<void> {
  await store.run(`CREATE TEMP TABLE IF NOT EXISTS ${SEGMENT_TABLE} (
    calendar VARCHAR NOT NULL, seg_start TIMESTAMPTZ NOT NULL, seg_end TIMESTAMPTZ NOT NULL,
    cum_before DOUBLE NOT NULL, local_date DATE NOT NULL, day_no INTEGER NOT NULL)`);
  await store.run(`CREATE TEMP TABLE IF NOT EXISTS ${DAY_TABLE} (
    calendar VARCHAR NOT NULL, day_no INTEGER NOT NULL, local_date DATE NOT NULL,
    day_start TIMESTAMPTZ NOT NULL, day_end TIMESTAMPTZ NOT NULL)`);
  await store.run(`CREATE TEMP TABLE IF NOT EXISTS ${COVERAGE_TABLE} (
    calendar VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, timezone VARCHAR NOT NULL,
    first_date DATE NOT NULL, last_date DATE NOT NULL, cover_from TIMESTAMPTZ NOT NULL, cover_to TIMESTAMPTZ NOT NULL)`);
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
  const existing = await store.one<{ fingerprint: string; first_date: string; last_date: string }>(
    `SELECT fingerprint, strftime(first_date, '%Y-%m-%d') AS first_date, strftime(last_date, '%Y-%m-%d') AS last_date
       FROM ${COVERAGE_TABLE} WHERE calendar = ${lit(name)}`,
  );
  if (existing && existing.fingerprint === fingerprint) {
    if (existing.first_date <= iso(first) && existing.last_date >= iso(last)) {
      return { ...(await readCoverage(store, name)), rebuilt: false };
    }
    if (existing.first_date < iso(first)) first = new Date(existing.first_date + 'T00:00:00Z');
    if (existing.last_date > iso(last)) last = new Date(existing.last_date + 'T00:00:00Z');
  }
  for (const t of [SEGMENT_TABLE, DAY_TABLE, COVERAGE_TABLE]) await store.run(`DELETE FROM ${t} WHERE calendar = ${lit(name)}`);
  try {
    await store.run(buildSegmentsSql(name, cal, iso(first), iso(last)));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/time ?zone/i.test(msg)) throw new UserError(`calendar ${name}: time zone '${cal.timezone}' is unknown to DuckDB`);
    throw e;
  }
  const n = lit(name);
  await store.run(`INSERT INTO ${DAY_TABLE}
    SELECT calendar, day_no, any_value(local_date), min(seg_start), max(seg_end)
      FROM ${SEGMENT_TABLE} WHERE calendar = ${n} GROUP BY calendar, day_no`);
  const tz = lit(cal.timezone);
  await store.run(`INSERT INTO ${COVERAGE_TABLE} VALUES (${n}, ${lit(fingerprint)}, ${tz}, DATE '${iso(first)}', DATE '${iso(last)}',
    ${localToUtcSql(tz, `TIMESTAMP '${iso(first)} 00:00:00'`)}, ${localToUtcSql(tz, `(DATE '${iso(last)}' + 1)::TIMESTAMP`)})`);
  return { ...(await readCoverage(store, name)), rebuilt: true };
}

async function readCoverage(store: Store, name: string): Promise<Omit<CalendarCoverage, 'rebuilt'>> {
  const r = await store.one<Record<string, string | number>>(
    `SELECT c.calendar, c.timezone, strftime(c.first_date, '%Y-%m-%d') AS first_date, strftime(c.last_date, '%Y-%m-%d') AS last_date,
            strftime(c.cover_from, '%Y-%m-%dT%H:%M:%SZ') AS cover_from, strftime(c.cover_to, '%Y-%m-%dT%H:%M:%SZ') AS cover_to,
            (SELECT count(*) FROM ${SEGMENT_TABLE} s WHERE s.calendar = c.calendar) AS segments
       FROM ${COVERAGE_TABLE} c WHERE c.calendar = ${lit(name)}`,
  );
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
  return `INSERT INTO ${SEGMENT_TABLE}
WITH tmpl AS (${values(tmpl, 'dow, start_s, end_s', 'NULL::INTEGER AS dow, NULL::INTEGER AS start_s, NULL::INTEGER AS end_s')}),
fixed_hol AS (${values(fixed, 'f, t', 'NULL::DATE AS f, NULL::DATE AS t')}),
annual_hol AS (${values(annual, 'f, t', 'NULL::INTEGER AS f, NULL::INTEGER AS t')}),
days AS (
  SELECT CAST(d AS DATE) AS local_date FROM range(DATE '${firstDate}', DATE '${lastDate}' + 1, INTERVAL 1 DAY) r(d)
),
open_days AS (
  SELECT local_date, month(local_date) * 100 + day(local_date) AS md FROM days
   WHERE NOT EXISTS (SELECT 1 FROM fixed_hol h WHERE days.local_date BETWEEN h.f AND h.t)
),
work_days AS (
  SELECT local_date FROM open_days
   WHERE NOT EXISTS (SELECT 1 FROM annual_hol h
                      WHERE CASE WHEN h.f <= h.t THEN open_days.md BETWEEN h.f AND h.t
                                 ELSE open_days.md >= h.f OR open_days.md <= h.t END)
),
local_iv AS (
  SELECT w.local_date,
         w.local_date::TIMESTAMP + to_seconds(t.start_s) AS ls,
         w.local_date::TIMESTAMP + to_seconds(t.end_s) AS le
    FROM work_days w JOIN tmpl t ON isodow(w.local_date) = t.dow
),
utc_iv AS (
  SELECT local_date, ${localToUtcSql(tz, 'ls')} AS s, ${localToUtcSql(tz, 'le')} AS e FROM local_iv
),
clipped AS (
  SELECT local_date, e,
         greatest(s, coalesce(max(e) OVER (ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), s)) AS s
    FROM utc_iv
),
kept AS (SELECT * FROM clipped WHERE e > s)
SELECT ${lit(name)} AS calendar, s AS seg_start, e AS seg_end,
       coalesce(sum((epoch_us(e) - epoch_us(s)) / 1e6) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
       local_date,
       CAST(dense_rank() OVER (ORDER BY local_date) AS INTEGER) AS day_no
  FROM kept
 ORDER BY seg_start`;
}
