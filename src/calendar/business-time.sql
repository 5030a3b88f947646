-- Business-time arithmetic over a whole relation of intervals (src/calendar/business-time.ts composes these
-- fragments; its header gives the idea: cum(t), the business seconds before instant t, read by ASOF joins
-- against calendar_segment). Each fragment keeps every input column and adds its own; `calendar` is a SQL
-- literal, `rel` / `from` / `input` a relation (a table name or a parenthesised query) made by the caller.

-- name: segs
-- the calendar's segments, for an ASOF join
(SELECT seg_start, seg_end, cum_before, day_no FROM calendar_segment WHERE calendar = {{calendar}})

-- name: cover
-- one column of the calendar's coverage (cover_from, cover_to or timezone), as a scalar subquery
(SELECT {{col}} FROM calendar_coverage WHERE calendar = {{calendar}})

-- name: cum_at
-- cum(t): business seconds before instant `t`, where `s` is the segment row an ASOF join ON t >= s.seg_start
-- matched; 0 before the first segment, NULL when t is NULL or outside the coverage
(CASE WHEN {{t}} IS NULL OR {{t}} < {{cover_from}} OR {{t}} > {{cover_to}} THEN NULL
     WHEN {{s}}.seg_start IS NULL THEN 0.0
     ELSE {{s}}.cum_before + (least(epoch_us({{t}}), epoch_us({{s}}.seg_end)) - epoch_us({{s}}.seg_start)) / 1e6 END)

-- name: business_cum_macro
-- business_cum(cal, t): cum(t) of the calendar named `cal` as a scalar macro, for a query that computes its own
-- intervals on a calendar of each row's own (availability's outage pieces and period slices, per service); the
-- segment at or before t stands in for the ASOF join; a calendar without coverage (none, or not built) gives NULL
-- rather than cum_at's 0 before the first segment
CREATE OR REPLACE TEMP MACRO business_cum(cal, t) AS CASE WHEN (SELECT count(*) FROM calendar_coverage WHERE calendar = cal) > 0 THEN (
    SELECT {{cum}}
      FROM (SELECT max(seg_start) AS seg_start, arg_max(seg_end, seg_start) AS seg_end, arg_max(cum_before, seg_start) AS cum_before
              FROM calendar_segment WHERE calendar = cal AND seg_start <= t) s) END

-- name: with_cum
-- every row of `rel` (aliased i) with cum(i.col) as a new column (`cum` is cum_at of i.col over s)
SELECT i.*, {{cum}} AS {{as}}
    FROM {{rel}} i ASOF LEFT JOIN {{segs}} s ON i.{{col}} >= s.seg_start

-- name: merged_pauses
-- pause intervals merged per id: input (id, pause_start, pause_end) with pause_end NULL = still paused; rows
-- without a start or ending at or before it dropped; output disjoint and non-touching per id
SELECT id, min(ps) AS pause_start, CASE WHEN isinf(max(pe)) THEN NULL ELSE max(pe) END AS pause_end
  FROM (
    SELECT id, ps, pe, sum(CASE WHEN prev_max IS NULL OR ps > prev_max THEN 1 ELSE 0 END)
             OVER (PARTITION BY id ORDER BY ps, pe ROWS UNBOUNDED PRECEDING) AS grp
      FROM (
        SELECT id, ps, pe,
               max(pe) OVER (PARTITION BY id ORDER BY ps, pe ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max
          FROM (SELECT p.id, p.pause_start AS ps, coalesce(p.pause_end, 'infinity'::TIMESTAMPTZ) AS pe
                  FROM {{pauses}} p
                 WHERE p.pause_start IS NOT NULL AND (p.pause_end IS NULL OR p.pause_end > p.pause_start))
      )
  )
  GROUP BY id, grp

-- name: durations
-- business_seconds = max(cum(end_at) - cum(start_at), 0): a reversed range is 0 here (the metrics exclude it
-- before, see src/metrics/macros.sql); NULL when either end is NULL or outside the coverage. `cums` is
-- `from` with __c0 = cum(start_at) and __c1 = cum(end_at)
SELECT * EXCLUDE (__c0, __c1),
    CASE WHEN __c0 IS NULL OR __c1 IS NULL THEN NULL ELSE greatest(__c1 - __c0, 0.0) END AS business_seconds
    FROM ({{cums}})

-- name: durations_paused
-- durations with pauses: the pauses merged per id, clipped to each interval and measured with cum();
-- paused_seconds is wall-clock, net_business_seconds = business_seconds - paused_business_seconds
WITH __src AS MATERIALIZED (SELECT *, row_number() OVER () AS __rk FROM {{rel}}),
  __dur AS ({{durations}}),
  __mp AS ({{merged}}),
  __clip AS (
    SELECT r.__rk, greatest(p.pause_start, r.start_at) AS __ps,
           least(coalesce(p.pause_end, 'infinity'::TIMESTAMPTZ), r.end_at) AS __pe
      FROM __src r JOIN __mp p ON p.id = r.id
     WHERE r.end_at > r.start_at AND p.pause_start < r.end_at AND coalesce(p.pause_end, 'infinity'::TIMESTAMPTZ) > r.start_at
  ),
  __pc AS ({{clip_cums}}),
  __agg AS (
    SELECT __rk, sum(__c1 - __c0) AS pb, sum(epoch_us(__pe) - epoch_us(__ps)) / 1e6 AS pc FROM __pc GROUP BY __rk
  )
  SELECT d.* EXCLUDE (__rk),
         CASE WHEN d.start_at IS NULL OR d.end_at IS NULL THEN NULL ELSE coalesce(a.pc, 0.0) END AS paused_seconds,
         CASE WHEN d.business_seconds IS NULL THEN NULL ELSE coalesce(a.pb, 0.0) END AS paused_business_seconds,
         d.business_seconds - coalesce(a.pb, 0.0) AS net_business_seconds
    FROM __dur d LEFT JOIN __agg a ON a.__rk = d.__rk
   ORDER BY d.__rk

-- name: due_land
-- the due time: the first instant whose cum() reaches cum(start_at) + target_seconds + the shift `shift`
-- (pauses), by an ASOF join on cum_before; landing on a segment end gives that end; target 0 gives start_at,
-- a negative target or a due time beyond the coverage NULL. `from` holds __c0 = cum(start_at) and __sh
SELECT * EXCLUDE (__c0, __tg, __cb, __ss, __se, __sh),
    CASE WHEN __c0 IS NULL OR target_seconds IS NULL OR target_seconds < 0 THEN NULL
         WHEN target_seconds = 0 THEN start_at
         WHEN __tg IS NULL OR __ss IS NULL THEN NULL
         WHEN round((__tg - __cb) * 1e6) > epoch_us(__se) - epoch_us(__ss) THEN NULL
         ELSE __ss + to_microseconds(CAST(round((__tg - __cb) * 1e6) AS BIGINT)) END AS due_at
    FROM (
      SELECT a.*, s.cum_before AS __cb, s.seg_start AS __ss, s.seg_end AS __se
        FROM (SELECT *, __c0 + target_seconds + {{shift}} AS __tg FROM {{from}}) a
        ASOF LEFT JOIN {{segs}} s ON a.__tg > s.cum_before
    )

-- name: no_shift
-- the input of due_land without pauses: no shift
(SELECT *, 0.0 AS __sh FROM ({{with_c0}}))

-- name: due_paused
-- due times with pauses: each pause that begins before the clock would have reached the target shifts the
-- due time by its business seconds; a still-open pause that stops the clock before the target gives NULL
WITH __src AS MATERIALIZED ({{src}}),
  __mp AS ({{merged}}),
  __pp AS (
    SELECT r.__rk, r.__c0, r.target_seconds, greatest(p.pause_start, r.start_at) AS __ps, p.pause_end AS __pe
      FROM __src r JOIN __mp p ON p.id = r.id
     WHERE r.__c0 IS NOT NULL AND coalesce(p.pause_end, 'infinity'::TIMESTAMPTZ) > r.start_at
  ),
  __pc AS ({{pause_cums}}),
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
  __landed AS ({{landed}})
  SELECT l.* EXCLUDE (__rk),
         CASE WHEN l.due_at IS NULL THEN NULL ELSE coalesce(x.shift, 0.0) END AS paused_business_seconds
    FROM __landed l LEFT JOIN __shift x ON x.__rk = l.__rk
   ORDER BY l.__rk

-- name: numbered
-- the input with a row number, to join the pause aggregates back
(SELECT *, row_number() OVER () AS __rk FROM {{rel}})

-- name: shifted
-- the rows of __src with the pause shift of __shift (0 without pauses)
(SELECT r.*, CASE WHEN x.__rk IS NULL THEN 0.0 ELSE x.shift END AS __sh FROM __src r LEFT JOIN __shift x ON x.__rk = r.__rk)

-- name: deadline_base
-- business-day deadlines: the working day of the first segment ending after start_at (__d0), and the working
-- day `days` later (d); `value` is the deadline on that day, NULL for days < 0 or outside the coverage
SELECT a.* EXCLUDE (__d0),
    CASE WHEN a.days IS NULL OR a.days < 0 OR a.__d0 IS NULL THEN NULL ELSE {{value}} END AS __dl
    FROM (
      SELECT i.*, CASE WHEN i.start_at < {{cover_from}} OR i.start_at > {{cover_to}}
                       THEN NULL ELSE s.day_no END AS __d0
        FROM {{rel}} i ASOF LEFT JOIN {{segs}} s ON i.start_at < s.seg_end
    ) a
    LEFT JOIN (SELECT * FROM calendar_day WHERE calendar = {{calendar}}) d ON d.day_no = a.__d0 + a.days

-- name: deadline_end_of_day
-- the deadline is that working day's closing time
SELECT * RENAME (__dl AS deadline_at) FROM ({{base}})

-- name: same_time_local
-- the target date at the start's local time of day
(d.local_date::TIMESTAMP + (timezone({{tz}}, a.start_at) - date_trunc('day', timezone({{tz}}, a.start_at))))

-- name: deadline_same_time
-- the local deadline to UTC as local_to_utc does (segments.sql), in stages so that each ICU conversion runs
-- once per row
SELECT * EXCLUDE (__dl, __u, __v),
    CASE WHEN __v < __u AND timezone({{tz}}, __v) = __dl THEN __v ELSE __u END AS deadline_at
    FROM (SELECT *, timezone('UTC', __dl - (timezone({{tz}}, __u - INTERVAL 3 HOUR) - timezone('UTC', __u - INTERVAL 3 HOUR))) AS __v
            FROM (SELECT *, timezone({{tz}}, __dl) AS __u FROM ({{base}})))

-- name: calendar_timezone
-- the time zone of a materialised calendar (no row: not materialised)
SELECT timezone AS tz FROM calendar_coverage WHERE calendar = {{calendar}}

-- name: into_table
-- a computed relation kept as a temp table
CREATE OR REPLACE TEMP TABLE {{out}} AS {{query}}

-- name: one_interval
-- one interval as a relation
SELECT {{start_at}} AS start_at, {{end_at}} AS end_at

-- name: one_target
-- one start and target as a relation
SELECT {{start_at}} AS start_at, CAST({{seconds}} AS DOUBLE) AS target_seconds

-- name: one_duration
-- the business seconds of one interval
SELECT business_seconds AS v FROM ({{query}})

-- name: one_due
-- one due time as ISO text to the millisecond
SELECT strftime(due_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS v FROM ({{query}})
