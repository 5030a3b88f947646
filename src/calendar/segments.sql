-- Business calendars materialised as UTC working segments (src/calendar/segments.ts runs these; its header
-- says what the three TEMP tables hold and the DST rules). Table names are fixed: calendar_segment,
-- calendar_day, calendar_coverage. `name`, `tz` and the dates are SQL literals made by the caller.

-- name: tables
-- the three per-connection tables, empty until a calendar is materialised
CREATE TEMP TABLE IF NOT EXISTS calendar_segment (
    calendar VARCHAR NOT NULL, seg_start TIMESTAMPTZ NOT NULL, seg_end TIMESTAMPTZ NOT NULL,
    cum_before DOUBLE NOT NULL, local_date DATE NOT NULL, day_no INTEGER NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS calendar_day (
    calendar VARCHAR NOT NULL, day_no INTEGER NOT NULL, local_date DATE NOT NULL,
    day_start TIMESTAMPTZ NOT NULL, day_end TIMESTAMPTZ NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS calendar_coverage (
    calendar VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, timezone VARCHAR NOT NULL,
    first_date DATE NOT NULL, last_date DATE NOT NULL, cover_from TIMESTAMPTZ NOT NULL, cover_to TIMESTAMPTZ NOT NULL)

-- name: local_to_utc
-- the UTC instant of local wall-clock TIMESTAMP `local` in zone `tz` (biz semantics): the offset in force
-- three hours before ICU's answer is the pre-transition one; a nonexistent time moves forward by the gap, an
-- ambiguous one takes the first (daylight-saving) occurrence
(CASE WHEN timezone('UTC', {{local}} - (timezone({{tz}}, (timezone({{tz}}, {{local}}) - INTERVAL 3 HOUR)) - timezone('UTC', (timezone({{tz}}, {{local}}) - INTERVAL 3 HOUR)))) < timezone({{tz}}, {{local}})
       AND timezone({{tz}}, timezone('UTC', {{local}} - (timezone({{tz}}, (timezone({{tz}}, {{local}}) - INTERVAL 3 HOUR)) - timezone('UTC', (timezone({{tz}}, {{local}}) - INTERVAL 3 HOUR))))) = {{local}}
      THEN timezone('UTC', {{local}} - (timezone({{tz}}, (timezone({{tz}}, {{local}}) - INTERVAL 3 HOUR)) - timezone('UTC', (timezone({{tz}}, {{local}}) - INTERVAL 3 HOUR))))
      ELSE timezone({{tz}}, {{local}}) END)

-- name: existing
-- the materialisation a calendar already has, if any
SELECT fingerprint, strftime(first_date, '%Y-%m-%d') AS first_date, strftime(last_date, '%Y-%m-%d') AS last_date
  FROM calendar_coverage WHERE calendar = {{name}}

-- name: forget
-- a calendar's rows, before it is rebuilt
DELETE FROM calendar_segment WHERE calendar = {{name}};
DELETE FROM calendar_day WHERE calendar = {{name}};
DELETE FROM calendar_coverage WHERE calendar = {{name}}

-- name: segments
-- one calendar's working segments between two local dates (inclusive). `tmpl`, `fixed_hol` and
-- `annual_hol` are relations generated from the calendar file (week template, dated and annual holidays);
-- `utc_s` / `utc_e` are local_to_utc of ls / le. Segments a DST gap made overlap are clipped (union of
-- working time); cum_before is the business seconds of all earlier segments; day_no numbers working days.
INSERT INTO calendar_segment
WITH tmpl AS ({{tmpl}}),
fixed_hol AS ({{fixed_hol}}),
annual_hol AS ({{annual_hol}}),
days AS (
  SELECT CAST(d AS DATE) AS local_date FROM range({{first_date}}, {{last_date}} + 1, INTERVAL 1 DAY) r(d)
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
  SELECT local_date, {{utc_s}} AS s, {{utc_e}} AS e FROM local_iv
),
clipped AS (
  SELECT local_date, e,
         greatest(s, coalesce(max(e) OVER (ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), s)) AS s
    FROM utc_iv
),
kept AS (SELECT * FROM clipped WHERE e > s)
SELECT {{name}} AS calendar, s AS seg_start, e AS seg_end,
       coalesce(sum((epoch_us(e) - epoch_us(s)) / 1e6) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
       local_date,
       CAST(dense_rank() OVER (ORDER BY local_date) AS INTEGER) AS day_no
  FROM kept
 ORDER BY seg_start

-- name: days
-- one row per working day of the calendar: its first opening and last closing instant
INSERT INTO calendar_day
    SELECT calendar, day_no, any_value(local_date), min(seg_start), max(seg_end)
      FROM calendar_segment WHERE calendar = {{name}} GROUP BY calendar, day_no

-- name: coverage
-- the instants the segments cover: from the first local date's midnight to the day after the last
INSERT INTO calendar_coverage VALUES ({{name}}, {{fingerprint}}, {{tz}}, {{first_date}}, {{last_date}}, {{cover_from}}, {{cover_to}})

-- name: read_coverage
-- what a materialised calendar covers, as text
SELECT c.calendar, c.timezone, strftime(c.first_date, '%Y-%m-%d') AS first_date, strftime(c.last_date, '%Y-%m-%d') AS last_date,
       strftime(c.cover_from, '%Y-%m-%dT%H:%M:%SZ') AS cover_from, strftime(c.cover_to, '%Y-%m-%dT%H:%M:%SZ') AS cover_to,
       (SELECT count(*) FROM calendar_segment s WHERE s.calendar = c.calendar) AS segments
  FROM calendar_coverage c WHERE c.calendar = {{name}}
