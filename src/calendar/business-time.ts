/**
 * Business-time arithmetic, set-based: every function builds SQL over a whole relation of intervals and
 * answers with ASOF joins against `calendar_segment` (see segments.ts; call `ensureCalendar` first).
 *
 * The idea: the business seconds elapsed up to an instant t are
 *     cum(t) = cum_before of the last segment starting ≤ t  +  the part of that segment before t
 * (0 before the first segment, NULL outside the calendar's coverage). Then
 *     business seconds of [a, b]  = max(cum(b) − cum(a), 0)        start outside hours ⇒ the clock starts at
 *                                                                  the next opening; reversed range ⇒ 0 (GLPI)
 *     due time of a + N seconds   = the first instant t with cum(t) = cum(a) + N, found by an ASOF join on
 *                                   cum_before; landing exactly on a segment end gives that end (Wed 17:00,
 *                                   not Thu 09:00); N = 0 gives a itself; N < 0 gives NULL.
 * Pauses (id, pause_start, pause_end) are merged per id first (overlaps and touching intervals become one;
 * pause_end NULL = still paused), clipped to each interval, and measured with the same cum(); a due time is
 * shifted by the business seconds of the pauses that begin before the clock would have reached N.
 *
 * Inputs are a relation: a table/view name, or a query text (`SELECT …`, `WITH …`, `FROM …`). Outputs keep
 * every input column and add the computed ones, one output row per input row.
 */
import { lit, ident, type Store } from '../store/db.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The fragments composed below (business-time.sql says what each adds). */
const SQL = loadSqlFile('calendar/business-time.sql');

/**
 * A relation text usable after FROM: queries are parenthesised (a query from a .sql file may open with its
 * comment lines), names are used as written.
 */
export function relationSql(input: string): string {
  return /^(\s*--[^\n]*\n)*\s*(select|with|from|values|\()/i.test(input) ? `(${input})` : input;
}

const segs = (calendar: string): string => sqlOf(SQL, 'segs', { calendar: lit(calendar) });

/** `calendarSql` is SQL naming the calendar: a literal, or (in a macro) an argument. */
function cover(calendarSql: string, col: 'cover_from' | 'cover_to' | 'timezone'): string {
  return sqlOf(SQL, 'cover', { col, calendar: calendarSql });
}

const cumAt = (calendarSql: string, t: string, s: string): string =>
  sqlOf(SQL, 'cum_at', { t, s, cover_from: cover(calendarSql, 'cover_from'), cover_to: cover(calendarSql, 'cover_to') });

/**
 * SQL for cum(t): business seconds of `calendar` before instant `t`, where `s` is the alias of the segment
 * row an ASOF join `ON t >= s.seg_start` matched. NULL when t is NULL or outside the coverage.
 */
export function cumAtSql(calendar: string, t: string, s: string): string {
  return cumAt(lit(calendar), t, s);
}

/**
 * `CREATE TEMP MACRO business_cum(cal, t)`: cum(t) of the calendar named `cal` as a scalar, for a query that
 * needs the business seconds of a few intervals it computes itself, each on its own calendar (availability's
 * outage pieces and period slices, per service): business seconds of [a, b] = business_cum(cal, b) −
 * business_cum(cal, a). NULL when `cal` is NULL, has no segments built (call `ensureCalendar` for each
 * calendar a query may name) or t is outside its coverage.
 */
export function businessCumMacroSql(): string {
  return sqlOf(SQL, 'business_cum_macro', { cum: cumAt('cal', 't', 's') });
}

/** Adds cum(col) as column `as` to every row of relation `rel` (aliased i). */
function withCum(calendar: string, rel: string, col: string, as: string): string {
  return sqlOf(SQL, 'with_cum', { cum: cumAtSql(calendar, `i.${col}`, 's'), as, rel, segs: segs(calendar), col });
}

/** withCum twice: __c0 = cum(`a`), __c1 = cum(`b`) (the names `durations` reads), or other names. */
function withCums(calendar: string, rel: string, a: string, b: string, as0 = '__c0', as1 = '__c1'): string {
  return withCum(calendar, `(${withCum(calendar, rel, a, as0)})`, b, as1);
}

/**
 * Merges pause intervals per id: input `(id, pause_start, pause_end)` (other columns ignored; pause_end NULL
 * = still paused; rows with pause_start NULL or pause_end ≤ pause_start dropped) → `(id, pause_start,
 * pause_end)`, disjoint and non-touching per id.
 */
export function mergedPausesSql(pauses: string): string {
  return sqlOf(SQL, 'merged_pauses', { pauses: relationSql(pauses) });
}

/**
 * Business durations. Input `(start_at, end_at, …)`; with `pauses`, the input also needs `id` and pauses
 * `(id, pause_start, pause_end)`. Output: the input columns + `business_seconds` (NULL when start/end is NULL
 * or outside the calendar's coverage), and with pauses also `paused_seconds` (wall-clock pause inside the
 * interval), `paused_business_seconds` and `net_business_seconds` = business_seconds − paused_business_seconds.
 */
export function businessDurationsSql(calendar: string, input: string, pauses?: string): string {
  const rel = relationSql(input);
  const durations = (from: string): string => sqlOf(SQL, 'durations', { cums: withCums(calendar, from, 'start_at', 'end_at') });
  if (!pauses) return durations(rel);
  return sqlOf(SQL, 'durations_paused', {
    rel,
    durations: durations('__src'),
    merged: mergedPausesSql(pauses),
    clip_cums: withCums(calendar, '__clip', '__ps', '__pe'),
  });
}

/**
 * Due (breach) times: input `(start_at, target_seconds, …)` where target_seconds is the business seconds
 * allowed (e.g. 24 * 3600); with `pauses` also `id`. Output: input columns + `due_at` (NULL when the due time
 * lies beyond the coverage, when a still-open pause stops the clock before it, or target_seconds < 0), and
 * with pauses also `paused_business_seconds` (how far pauses pushed the due time, in business seconds).
 */
export function dueTimesSql(calendar: string, input: string, pauses?: string): string {
  const rel = relationSql(input);
  const land = (from: string): string => sqlOf(SQL, 'due_land', { shift: '__sh', from, segs: segs(calendar) });
  if (!pauses) return land(sqlOf(SQL, 'no_shift', { with_c0: withCum(calendar, rel, 'start_at', '__c0') }));
  return sqlOf(SQL, 'due_paused', {
    src: withCum(calendar, sqlOf(SQL, 'numbered', { rel }), 'start_at', '__c0'),
    merged: mergedPausesSql(pauses),
    pause_cums: withCums(calendar, '__pp', '__ps', '__pe', '__cps', '__cpe'),
    landed: land(sqlOf(SQL, 'shifted')),
  });
}

export type DeadlineMode = 'end_of_day' | 'same_time';

/**
 * Business-day deadlines (same day / next day, GLPI day-based end dates). Input `(start_at, days, …)`.
 * The clock starts on the working day of the first segment ending after start_at (a ticket opened after
 * hours starts on the next working day); the deadline is on the working day `days` later:
 *   end_of_day  → that day's closing time (days = 1 is "by end of next business day": Fri 16:30 → Mon 17:00)
 *   same_time   → the start's local time of day on that date (GLPI: Mon 10:00 + 7 days → Wed+1wk 10:00)
 * Output: input columns + `deadline_at` (NULL outside the coverage or for days < 0).
 */
export function businessDayDeadlinesSql(
  calendar: string,
  input: string,
  mode: DeadlineMode = 'end_of_day',
  /** the calendar's time zone; same_time is several times faster with it than with the lookup */
  timezone?: string,
): string {
  const rel = relationSql(input);
  const tz = timezone ? lit(timezone) : cover(lit(calendar), 'timezone');
  const base = (value: string): string =>
    sqlOf(SQL, 'deadline_base', {
      value,
      cover_from: cover(lit(calendar), 'cover_from'),
      cover_to: cover(lit(calendar), 'cover_to'),
      rel,
      segs: segs(calendar),
      calendar: lit(calendar),
    });
  if (mode === 'end_of_day') return sqlOf(SQL, 'deadline_end_of_day', { base: base('d.day_end') });
  // same_time: the target date at the start's local time of day, converted like localToUtcSql but in
  // stages so that each ICU conversion runs once per row
  return sqlOf(SQL, 'deadline_same_time', { tz, base: base(sqlOf(SQL, 'same_time_local', { tz })) });
}

/** The calendar's time zone; throws when ensureCalendar has not materialised it. */
async function requireCalendar(store: Store, calendar: string): Promise<string> {
  const row = await store
    .one<{ tz: string }>(sqlOf(SQL, 'calendar_timezone', { calendar: lit(calendar) }))
    .catch(() => undefined);
  if (!row) throw new Error(`calendar '${calendar}' is not materialised: call ensureCalendar first`);
  return row.tz;
}

export interface TableOptions {
  /** calendar name, materialised by ensureCalendar */
  calendar: string;
  /** table/view name or query text */
  input: string;
  /** output temp table (replaced) */
  out: string;
  /** optional pauses relation (id, pause_start, pause_end) */
  pauses?: string;
}

/** CREATE OR REPLACE TEMP TABLE out AS businessDurationsSql(…). */
export async function businessDurations(store: Store, o: TableOptions): Promise<void> {
  await requireCalendar(store, o.calendar);
  await store.run(sqlOf(SQL, 'into_table', { out: ident(o.out), query: businessDurationsSql(o.calendar, o.input, o.pauses) }));
}

/** CREATE OR REPLACE TEMP TABLE out AS dueTimesSql(…). */
export async function businessDueTimes(store: Store, o: TableOptions): Promise<void> {
  await requireCalendar(store, o.calendar);
  await store.run(sqlOf(SQL, 'into_table', { out: ident(o.out), query: dueTimesSql(o.calendar, o.input, o.pauses) }));
}

/** CREATE OR REPLACE TEMP TABLE out AS businessDayDeadlinesSql(…). */
export async function businessDayDeadlines(
  store: Store,
  o: Omit<TableOptions, 'pauses'> & { mode?: DeadlineMode },
): Promise<void> {
  const tz = await requireCalendar(store, o.calendar);
  await store.run(sqlOf(SQL, 'into_table', { out: ident(o.out), query: businessDayDeadlinesSql(o.calendar, o.input, o.mode, tz) }));
}

const tsLit = (v: Date | string): string => `TIMESTAMPTZ ${lit(v instanceof Date ? v.toISOString() : v)}`;

/** One interval's business seconds (for --explain and tests; use businessDurations for many). */
export async function businessSecondsBetween(
  store: Store,
  calendar: string,
  start: Date | string,
  end: Date | string,
): Promise<number | null> {
  await requireCalendar(store, calendar);
  const one = sqlOf(SQL, 'one_interval', { start_at: tsLit(start), end_at: tsLit(end) });
  const r = await store.one<{ v: number | null }>(sqlOf(SQL, 'one_duration', { query: businessDurationsSql(calendar, one) }));
  return r?.v ?? null;
}

/** One due time as an ISO string to the millisecond (for --explain and tests; use businessDueTimes for many). */
export async function businessDueAt(
  store: Store,
  calendar: string,
  start: Date | string,
  seconds: number,
): Promise<string | null> {
  await requireCalendar(store, calendar);
  const one = sqlOf(SQL, 'one_target', { start_at: tsLit(start), seconds: Number(seconds) });
  const r = await store.one<{ v: string | null }>(sqlOf(SQL, 'one_due', { query: dueTimesSql(calendar, one) }));
  return r?.v ? r.v.replace(/\.000Z$/, 'Z') : null;
}
