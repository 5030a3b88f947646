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
import { COVERAGE_TABLE, DAY_TABLE, SEGMENT_TABLE } from './segments.js';

/**
 * A relation text usable after FROM: queries are parenthesised (a query from a .sql file may open with its
 * comment lines), names are used as written.
 */
export function relationSql(input: string): string {
  return /^(\s*--[^\n]*\n)*\s*(select|with|from|values|\()/i.test(input) ? `(${input})` : input;
}

function segs(calendar: string): string {
  return `(SELECT seg_start, seg_end, cum_before, day_no FROM ${SEGMENT_TABLE} WHERE calendar = ${lit(calendar)})`;
}

function cover(calendar: string, col: 'cover_from' | 'cover_to' | 'timezone'): string {
  return `(SELECT ${col} FROM ${COVERAGE_TABLE} WHERE calendar = ${lit(calendar)})`;
}

/**
 * SQL for cum(t): business seconds of `calendar` before instant `t`, where `s` is the alias of the segment
 * row an ASOF join `ON t >= s.seg_start` matched. NULL when t is NULL or outside the coverage.
 */
export function cumAtSql(calendar: string, t: string, s: string): string {
  return `(CASE WHEN ${t} IS NULL OR ${t} < ${cover(calendar, 'cover_from')} OR ${t} > ${cover(calendar, 'cover_to')} THEN NULL
     WHEN ${s}.seg_start IS NULL THEN 0.0
     ELSE ${s}.cum_before + (least(epoch_us(${t}), epoch_us(${s}.seg_end)) - epoch_us(${s}.seg_start)) / 1e6 END)`;
}

/**
 * `CREATE TEMP MACRO business_cum(t)`: cum(t) of `calendar` as a scalar, for a query that needs the business
 * seconds of a few intervals it computes itself (availability's outage pieces and period slices):
 * business seconds of [a, b] = business_cum(b) − business_cum(a). NULL outside the coverage.
 */
export function businessCumMacroSql(calendar: string): string {
  return `CREATE OR REPLACE TEMP MACRO business_cum(t) AS (
    SELECT ${cumAtSql(calendar, 't', 's')}
      FROM (SELECT max(seg_start) AS seg_start, arg_max(seg_end, seg_start) AS seg_end, arg_max(cum_before, seg_start) AS cum_before
              FROM ${SEGMENT_TABLE} WHERE calendar = ${lit(calendar)} AND seg_start <= t) s)`;
}

/** Adds cum(col) as column `as` to every row of relation `rel` (aliased i). */
function withCum(calendar: string, rel: string, col: string, as: string): string {
  return `SELECT i.*, ${cumAtSql(calendar, `i.${col}`, 's')} AS ${as}
    FROM ${rel} i ASOF LEFT JOIN ${segs(calendar)} s ON i.${col} >= s.seg_start`;
}

/**
 * Merges pause intervals per id: input `(id, pause_start, pause_end)` (other columns ignored; pause_end NULL
 * = still paused; rows with pause_start NULL or pause_end ≤ pause_start dropped) → `(id, pause_start,
 * pause_end)`, disjoint and non-touching per id.
 */
export function mergedPausesSql(pauses: string): string {
  return `SELECT id, min(ps) AS pause_start, CASE WHEN isinf(max(pe)) THEN NULL ELSE max(pe) END AS pause_end
  FROM (
    SELECT id, ps, pe, sum(CASE WHEN prev_max IS NULL OR ps > prev_max THEN 1 ELSE 0 END)
             OVER (PARTITION BY id ORDER BY ps, pe ROWS UNBOUNDED PRECEDING) AS grp
      FROM (
        SELECT id, ps, pe,
               max(pe) OVER (PARTITION BY id ORDER BY ps, pe ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max
          FROM (SELECT p.id, p.pause_start AS ps, coalesce(p.pause_end, 'infinity'::TIMESTAMPTZ) AS pe
                  FROM ${relationSql(pauses)} p
                 WHERE p.pause_start IS NOT NULL AND (p.pause_end IS NULL OR p.pause_end > p.pause_start))
      )
  )
  GROUP BY id, grp`;
}

/**
 * Business durations. Input `(start_at, end_at, …)`; with `pauses`, the input also needs `id` and pauses
 * `(id, pause_start, pause_end)`. Output: the input columns + `business_seconds` (NULL when start/end is NULL
 * or outside the calendar's coverage), and with pauses also `paused_seconds` (wall-clock pause inside the
 * interval), `paused_business_seconds` and `net_business_seconds` = business_seconds − paused_business_seconds.
 */
export function businessDurationsSql(calendar: string, input: string, pauses?: string): string {
  const rel = relationSql(input);
  const durations = (from: string): string => `SELECT * EXCLUDE (__c0, __c1),
    CASE WHEN __c0 IS NULL OR __c1 IS NULL THEN NULL ELSE greatest(__c1 - __c0, 0.0) END AS business_seconds
    FROM (${withCum(calendar, `(${withCum(calendar, from, 'start_at', '__c0')})`, 'end_at', '__c1')})`;
  if (!pauses) return durations(rel);
  return `WITH __src AS MATERIALIZED (SELECT *, row_number() OVER () AS __rk FROM ${rel}),
  __dur AS (${durations('__src')}),
  __mp AS (${mergedPausesSql(pauses)}),
  __clip AS (
    SELECT r.__rk, greatest(p.pause_start, r.start_at) AS __ps,
           least(coalesce(p.pause_end, 'infinity'::TIMESTAMPTZ), r.end_at) AS __pe
      FROM __src r JOIN __mp p ON p.id = r.id
     WHERE r.end_at > r.start_at AND p.pause_start < r.end_at AND coalesce(p.pause_end, 'infinity'::TIMESTAMPTZ) > r.start_at
  ),
  __pc AS (${withCum(calendar, `(${withCum(calendar, '__clip', '__ps', '__c0')})`, '__pe', '__c1')}),
  __agg AS (
    SELECT __rk, sum(__c1 - __c0) AS pb, sum(epoch_us(__pe) - epoch_us(__ps)) / 1e6 AS pc FROM __pc GROUP BY __rk
  )
  SELECT d.* EXCLUDE (__rk),
         CASE WHEN d.start_at IS NULL OR d.end_at IS NULL THEN NULL ELSE coalesce(a.pc, 0.0) END AS paused_seconds,
         CASE WHEN d.business_seconds IS NULL THEN NULL ELSE coalesce(a.pb, 0.0) END AS paused_business_seconds,
         d.business_seconds - coalesce(a.pb, 0.0) AS net_business_seconds
    FROM __dur d LEFT JOIN __agg a ON a.__rk = d.__rk
   ORDER BY d.__rk`;
}

/**
 * Due (breach) times: input `(start_at, target_seconds, …)` where target_seconds is the business seconds
 * allowed (e.g. 24 * 3600); with `pauses` also `id`. Output: input columns + `due_at` (NULL when the due time
 * lies beyond the coverage, when a still-open pause stops the clock before it, or target_seconds < 0), and
 * with pauses also `paused_business_seconds` (how far pauses pushed the due time, in business seconds).
 */
export function dueTimesSql(calendar: string, input: string, pauses?: string): string {
  const rel = relationSql(input);
  const land = (from: string, shift: string): string => `SELECT * EXCLUDE (__c0, __tg, __cb, __ss, __se, __sh),
    CASE WHEN __c0 IS NULL OR target_seconds IS NULL OR target_seconds < 0 THEN NULL
         WHEN target_seconds = 0 THEN start_at
         WHEN __tg IS NULL OR __ss IS NULL THEN NULL
         WHEN round((__tg - __cb) * 1e6) > epoch_us(__se) - epoch_us(__ss) THEN NULL
         ELSE __ss + to_microseconds(CAST(round((__tg - __cb) * 1e6) AS BIGINT)) END AS due_at
    FROM (
      SELECT a.*, s.cum_before AS __cb, s.seg_start AS __ss, s.seg_end AS __se
        FROM (SELECT *, __c0 + target_seconds + ${shift} AS __tg FROM ${from}) a
        ASOF LEFT JOIN ${segs(calendar)} s ON a.__tg > s.cum_before
    )`;
  if (!pauses) return land(`(SELECT *, 0.0 AS __sh FROM (${withCum(calendar, rel, 'start_at', '__c0')}))`, '__sh');
  return `WITH __src AS MATERIALIZED (${withCum(calendar, `(SELECT *, row_number() OVER () AS __rk FROM ${rel})`, 'start_at', '__c0')}),
  __mp AS (${mergedPausesSql(pauses)}),
  __pp AS (
    SELECT r.__rk, r.__c0, r.target_seconds, greatest(p.pause_start, r.start_at) AS __ps, p.pause_end AS __pe
      FROM __src r JOIN __mp p ON p.id = r.id
     WHERE r.__c0 IS NOT NULL AND coalesce(p.pause_end, 'infinity'::TIMESTAMPTZ) > r.start_at
  ),
  __pc AS (${withCum(calendar, `(${withCum(calendar, '__pp', '__ps', '__cps')})`, '__pe', '__cpe')}),
  __pw AS (
    SELECT __rk, target_seconds, __cpe - __cps AS b,
           (__cps - __c0) - coalesce(sum(__cpe - __cps) OVER w, 0.0) AS work_before,
           coalesce(sum(__cpe - __cps) OVER w, 0.0) AS paused_before
      FROM __pc WHERE __cps IS NOT NULL
    WINDOW w AS (PARTITION BY __rk ORDER BY __ps ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
  ),
  __shift AS (
    SELECT __rk,
           CASE WHEN bool_or(b IS NULL AND work_before < target_seconds) THEN NULL
                ELSE coalesce(min(paused_before) FILTER (WHERE work_before >= target_seconds), sum(b)) END AS shift
      FROM __pw GROUP BY __rk
  ),
  __landed AS (${land(
    `(SELECT r.*, CASE WHEN x.__rk IS NULL THEN 0.0 ELSE x.shift END AS __sh FROM __src r LEFT JOIN __shift x ON x.__rk = r.__rk)`,
    '__sh',
  )})
  SELECT l.* EXCLUDE (__rk),
         CASE WHEN l.due_at IS NULL THEN NULL ELSE coalesce(x.shift, 0.0) END AS paused_business_seconds
    FROM __landed l LEFT JOIN __shift x ON x.__rk = l.__rk
   ORDER BY l.__rk`;
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
  const tz = timezone ? lit(timezone) : cover(calendar, 'timezone');
  const base = (value: string): string => `SELECT a.* EXCLUDE (__d0),
    CASE WHEN a.days IS NULL OR a.days < 0 OR a.__d0 IS NULL THEN NULL ELSE ${value} END AS __dl
    FROM (
      SELECT i.*, CASE WHEN i.start_at < ${cover(calendar, 'cover_from')} OR i.start_at > ${cover(calendar, 'cover_to')}
                       THEN NULL ELSE s.day_no END AS __d0
        FROM ${rel} i ASOF LEFT JOIN ${segs(calendar)} s ON i.start_at < s.seg_end
    ) a
    LEFT JOIN (SELECT * FROM ${DAY_TABLE} WHERE calendar = ${lit(calendar)}) d ON d.day_no = a.__d0 + a.days`;
  if (mode === 'end_of_day') return `SELECT * RENAME (__dl AS deadline_at) FROM (${base('d.day_end')})`;
  // same_time: the target date at the start's local time of day, converted like localToUtcSql but in
  // stages so that each ICU conversion runs once per row
  const local = `(d.local_date::TIMESTAMP + (timezone(${tz}, a.start_at) - date_trunc('day', timezone(${tz}, a.start_at))))`;
  return `SELECT * EXCLUDE (__dl, __u, __v),
    CASE WHEN __v < __u AND timezone(${tz}, __v) = __dl THEN __v ELSE __u END AS deadline_at
    FROM (SELECT *, timezone('UTC', __dl - (timezone(${tz}, __u - INTERVAL 3 HOUR) - timezone('UTC', __u - INTERVAL 3 HOUR))) AS __v
            FROM (SELECT *, timezone(${tz}, __dl) AS __u FROM (${base(local)})))`;
}

/** The calendar's time zone; throws when ensureCalendar has not materialised it. */
async function requireCalendar(store: Store, calendar: string): Promise<string> {
  const row = await store
    .one<{ tz: string }>(`SELECT timezone AS tz FROM ${COVERAGE_TABLE} WHERE calendar = ${lit(calendar)}`)
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
  await store.run(`CREATE OR REPLACE TEMP TABLE ${ident(o.out)} AS ${businessDurationsSql(o.calendar, o.input, o.pauses)}`);
}

/** CREATE OR REPLACE TEMP TABLE out AS dueTimesSql(…). */
export async function businessDueTimes(store: Store, o: TableOptions): Promise<void> {
  await requireCalendar(store, o.calendar);
  await store.run(`CREATE OR REPLACE TEMP TABLE ${ident(o.out)} AS ${dueTimesSql(o.calendar, o.input, o.pauses)}`);
}

/** CREATE OR REPLACE TEMP TABLE out AS businessDayDeadlinesSql(…). */
export async function businessDayDeadlines(
  store: Store,
  o: Omit<TableOptions, 'pauses'> & { mode?: DeadlineMode },
): Promise<void> {
  const tz = await requireCalendar(store, o.calendar);
  await store.run(`CREATE OR REPLACE TEMP TABLE ${ident(o.out)} AS ${businessDayDeadlinesSql(o.calendar, o.input, o.mode, tz)}`);
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
  const r = await store.one<{ v: number | null }>(
    `SELECT business_seconds AS v FROM (${businessDurationsSql(calendar, `SELECT ${tsLit(start)} AS start_at, ${tsLit(end)} AS end_at`)})`,
  );
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
  const r = await store.one<{ v: string | null }>(
    `SELECT strftime(due_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS v FROM (${dueTimesSql(
      calendar,
      `SELECT ${tsLit(start)} AS start_at, CAST(${Number(seconds)} AS DOUBLE) AS target_seconds`,
    )})`,
  );
  return r?.v ? r.v.replace(/\.000Z$/, 'Z') : null;
}
