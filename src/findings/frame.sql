-- The findings frame (src/findings/prepare.ts builds it; its header says what each column means): fx_ticket,
-- one row per ticket of the population in the analysis window, and fx_exposure, the weekday-weighted covered
-- days of each month. The reopen rule and the per-incident time to resolve are kpi's (src/metrics/macros.sql
-- is_reopened / has_reopen_info / resolution_hours, defined on the connection first). `month` / `mo` / `week` are
-- the frame's month (text, and the number year · 12 + month the rank statements sort on: parsed from the text
-- there, it cost each of them a sixth of its CPU) and ISO-week expressions over opened_at; the filters, the horizon
-- and the judged condition are SQL made by prepare.ts from the coverage model.

-- name: kinds
-- how many tickets carry an opening time, and how many incidents, resolved and closed ones
SELECT count(*) FILTER (WHERE kind = 'incident') AS inc, count(*) AS "all",
       count(resolved_at) FILTER (WHERE kind = 'incident') AS resolved, count(closed_at) FILTER (WHERE kind = 'incident') AS closed
  FROM ticket WHERE opened_at IS NOT NULL

-- name: monthly
-- tickets of the population per opened month in the window (edge months under the typical share are left out)
SELECT {{month}} AS m, count(*) AS n FROM ticket WHERE {{kind_filter}} AND opened_at IS NOT NULL AND {{window}} GROUP BY 1 ORDER BY 1

-- name: fx_ticket
-- dur_h: kpi's time to resolve (resolution_hours, src/metrics/macros.sql: mttr's per-incident hours, NULL for a
-- reversed range) capped at the horizon, open counted as the horizon, unknown for a closed ticket without the
-- time; sla and reopened only on judged tickets (old enough, not cancelled); no reopen information is unknown,
-- not "never"
CREATE OR REPLACE TEMP TABLE fx_ticket AS
    SELECT opened_at, {{month}} AS month, {{mo}} AS mo, {{week}} AS week,
           ({{in_period}}) AS in_period,
           {{dims}}, nullif(trim(requester), '') AS requester,
           CASE WHEN NOT {{judged}} THEN NULL
                WHEN {{end}} IS NULL THEN CASE WHEN status IN ('resolved', 'closed') THEN NULL ELSE {{horizon}} END
                -- least() would skip the NULL of a reversed range and give the horizon
                WHEN resolution_hours(opened_at, {{end}}) > {{horizon}} THEN {{horizon}}
                ELSE resolution_hours(opened_at, {{end}}) END AS dur_h,
           CASE WHEN {{judged}} THEN sla_met END AS sla,
           CASE WHEN {{judged}} AND {{end}} IS NOT NULL AND has_reopen_info(reopen_count, reopened_at)
                THEN is_reopened(reopen_count, reopened_at) END AS reopened,
           has_reopen_info(reopen_count, reopened_at) AS has_reopen_info
    FROM ticket WHERE {{base_filter}}

-- name: counts
-- what the frame holds: tickets, in the period, with an SLA flag, with reopen information, with a duration
SELECT count(*) AS n, count(*) FILTER (WHERE in_period) AS np, count(sla) AS sla, count(*) FILTER (WHERE has_reopen_info) AS reo,
       count(dur_h) AS dur, strftime(min(opened_at), '%Y-%m-%d') AS first, strftime(max(opened_at), '%Y-%m-%d') AS last FROM fx_ticket

-- name: fx_exposure
-- the weekday profile of the whole window, then each month's covered days weighted by it
CREATE OR REPLACE TEMP TABLE fx_exposure AS
    WITH days AS (SELECT d::DATE AS d FROM generate_series({{first}}, {{last}}, INTERVAL 1 DAY) t(d)),
    per_dow AS (SELECT isodow(make_timestamp(epoch_us(opened_at))) AS dow, count(*) AS n FROM fx_ticket GROUP BY ALL),
    ndays AS (SELECT isodow(d) AS dow, count(*) AS k FROM days GROUP BY ALL),
    wt AS (SELECT dow, coalesce(n, 0) / k AS w FROM ndays LEFT JOIN per_dow USING (dow))
    -- summed as fixed-point: a sum of doubles depends on the order of its terms, which the join left to chance
    SELECT strftime(d, '%Y-%m') AS month, sum(w::DECIMAL(38, 15))::DOUBLE AS exposure FROM days JOIN wt ON wt.dow = isodow(d) GROUP BY ALL

-- name: exposure
-- each month's weekday-weighted covered days (the change points' expected volume)
SELECT month, exposure FROM fx_exposure

-- name: assignee_counts
-- the period's tickets per group and assignee (the imbalance test's counts), ordered: the chi-square is summed
-- in this order, and a tie for the most tickets goes to the first
SELECT "group" AS g, assignee AS a, count(*) AS n FROM fx_ticket WHERE in_period AND "group" IS NOT NULL AND assignee IS NOT NULL GROUP BY ALL
ORDER BY g, n DESC, a

-- name: period_months
-- the months a change point may be reported for
SELECT DISTINCT month AS m FROM fx_ticket WHERE in_period ORDER BY 1

-- name: span_months
-- how many months the frame spans (six or more: monthly series, else weekly)
SELECT count(DISTINCT month) AS months FROM fx_ticket

-- name: period_tickets
-- the tickets of the reporting period in the frame
SELECT count(*) AS n FROM fx_ticket WHERE in_period

-- name: concentration
-- per member `m` of dimension `dim`, the value `v` of field `field` most over-represented among its tickets
-- in the period (odds against the rest, ties by count, then by value: the same one whatever order the rows
-- came in), with its counts; k = values common enough to test.
-- The field's missing values count as "other", never as a value that can dominate
-- One pass over the frame: the tickets per (member, value) pair, NULLs included, from which the member's and the
-- value's counts are sums (three passes, one per count, cost twice the CPU; a copy of the two columns more still)
WITH b AS MATERIALIZED (SELECT {{dim}} AS m, {{field}} AS v, count(*) AS x FROM fx_ticket WHERE in_period GROUP BY ALL),
        mv AS (SELECT m, v, x FROM b WHERE m IS NOT NULL AND v IS NOT NULL),
        nm AS (SELECT m, sum(x)::BIGINT AS n_m FROM b WHERE m IS NOT NULL GROUP BY ALL HAVING sum(x) >= {{min_member}}),
        nv AS (SELECT v, sum(x)::BIGINT AS n_v FROM b WHERE v IS NOT NULL GROUP BY ALL),
        k AS (SELECT count(*) FILTER (WHERE n_v >= {{min_value}}) AS k FROM nv),
        top AS (SELECT mv.*, n_m, n_v, row_number() OVER (PARTITION BY mv.m ORDER BY (x / n_m) / ((n_v - x + 0.5) / ({{total}} - n_m + 0.5)) DESC, x DESC, v) AS rn
                FROM mv JOIN nm USING (m) JOIN nv USING (v) WHERE x >= {{min_value}})
        SELECT m, v, x, n_m, n_v, (SELECT k FROM k) AS k FROM top WHERE rn = 1

-- name: frame_tickets
-- the tickets in the frame
SELECT count(*) AS n FROM fx_ticket

-- name: members
-- the members of dimension `dim` with at least `min` tickets in the frame, largest first (ordered, so that the
-- candidates come in the same order on every run)
SELECT {{dim}} AS m, count(*) AS n FROM fx_ticket WHERE {{dim}} IS NOT NULL GROUP BY ALL HAVING count(*) >= {{min}} ORDER BY n DESC, m

-- name: weekly_volume
-- tickets per opened week between two Mondays, per member of `member` (NULL: all), eligible members only; the
-- week written as text after grouping (per ticket, strftime cost more than the grouping)
SELECT m, strftime(week, '%Y-%m-%d') AS w, n FROM (
    SELECT {{member}}::VARCHAR AS m, week, count(*) AS n FROM fx_ticket
    WHERE week >= {{first}} AND week <= {{last}} AND {{eligible}} GROUP BY ALL)

-- name: fx_mm
-- table `name` (trend.ts memberPeriods: fx_mm_<dimension> by month, fx_mw_<dimension> by week; replaced with
-- fx_ticket by the next frame): per member `m` of a dimension (`col`: '*' for all) and period (`period`: the
-- columns month, mo or week), eligible members only (`member_filter`): the tickets, the SLA flags and SLAs met,
-- the reopen flags and reopens, the resolution times and their median. The one definition of what the trends
-- (member_periods, by the frame's unit) and the change points (changepoint.sql cp_month, by month) read: the two
-- tests ask for the same members (CHANGE_POINT and TREND share their minimum), and each grouped the frame for
-- itself (a scan and a median per dimension, ~0.1 s of CPU each at 1M tickets). The median is an aggregate (no
-- window over the frame); its state holds a period's values in memory outside DuckDB's limit (8 bytes a
-- ticket: ~80 MB at 10M).
CREATE OR REPLACE TEMP TABLE {{name}} AS
SELECT {{col}}::VARCHAR AS m, {{period}}, count(*) AS n, count(sla) AS n_sla, count(*) FILTER (WHERE sla) AS x_sla,
       count(reopened) AS n_reo, count(*) FILTER (WHERE reopened) AS x_reo, count(dur_h) AS n_dur, median(dur_h) AS med
FROM fx_ticket WHERE {{member_filter}} GROUP BY ALL

-- name: member_periods
-- per member and period (`t`: its label, from fx_mm's period columns) of a dimension's fx_mm table `mm`: the
-- tickets judged and the median capped resolution time, SLA attainment and reopen rate over them (the rates are
-- the count over the tickets in doubles, as avg(sla::INT) is)
SELECT {{member}} AS m, {{t}} AS t, n_dur, med AS dur, n_sla, CASE WHEN n_sla > 0 THEN x_sla / n_sla END AS sla,
       n_reo, CASE WHEN n_reo > 0 THEN x_reo / n_reo END AS reo
FROM {{mm}}

-- name: periods
-- the months (or weeks) the frame covers
SELECT DISTINCT {{unit}} AS t FROM fx_ticket ORDER BY 1
