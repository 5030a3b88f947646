-- The statements src/metrics/kpi.ts runs around the metric queries of queries/: the period and settings macros
-- every query may use (beside src/metrics/macros.sql), the data's span for the kpi@1 document, and the check
-- behind the "period outside the data" warning. Values from the period and the project config come in through
-- placeholders, as SQL literals made by kpi.ts.

-- name: data_ends
-- the "as of" instant when the period has no end (just after the latest time of a ticket: a ticket opened at
-- that very instant is open as of the data's end), and the earliest time (availability's period start)
SELECT strftime(max({{latest}}) + INTERVAL 1 MICROSECOND, '%Y-%m-%dT%H:%M:%S.%fZ') AS t,
       strftime(min(least(opened_at, resolved_at, closed_at)), '%Y-%m-%dT%H:%M:%S.%fZ') AS first FROM ticket

-- name: period_macros
-- in_period(ts): in the period (no period = everything); period_start(): a literal, so filters on it are
-- constant-folded
CREATE OR REPLACE TEMP MACRO in_period(ts) AS ({{in_period}});
CREATE OR REPLACE TEMP MACRO period_start() AS {{start}}

-- name: as_of_macros
-- period_end(): the "as of" instant (a literal, constant-folded), also as the table period_bounds for the derived
-- tables; the report moves it to each month's end for a snapshot KPI's series (src/report/collect.ts)
CREATE OR REPLACE TEMP TABLE period_bounds AS SELECT {{end}} AS period_end;
CREATE OR REPLACE TEMP MACRO period_end() AS {{end}}

-- name: settings_macros
-- the metric settings of the project config (else their defaults): the change-failure window, the major-incident
-- rule (the tool's own mark wins where the record has one) and its words, the availability impact weights and
-- their words
CREATE OR REPLACE TEMP MACRO change_failure_window_days() AS {{change_failure_window_days}};
CREATE OR REPLACE TEMP MACRO is_major_incident(kind, priority, mark) AS kind = 'incident' AND coalesce(mark, priority <= {{major_incident_max_priority}});
CREATE OR REPLACE TEMP MACRO major_incident_rule(marked) AS CASE WHEN marked THEN {{major_rule_marked}} ELSE {{major_rule}} END;
CREATE OR REPLACE TEMP MACRO impact_weight(impact) AS CASE {{impact_weights}} WHEN impact IS NULL THEN 1 ELSE {{last_weight}} END;
CREATE OR REPLACE TEMP MACRO impact_weights_rule() AS {{impact_weights_rule}}

-- name: cost_macros
-- the cost model (metrics.cost), or NULLs: cost_per_ticket is then null with the config key to set. team_ and
-- channel_cost_per_month are CASE expressions over their argument, NULL::DOUBLE without a list
CREATE OR REPLACE TEMP MACRO cost_per_month() AS {{per_month}};
CREATE OR REPLACE TEMP MACRO cost_by_team() AS {{by_team}};
CREATE OR REPLACE TEMP MACRO team_cost_per_month(team) AS {{team_cost}};
CREATE OR REPLACE TEMP MACRO cost_by_channel() AS {{by_channel}};
CREATE OR REPLACE TEMP MACRO channel_cost_per_month(channel) AS {{channel_cost}};
CREATE OR REPLACE TEMP MACRO cost_per_hour() AS {{per_hour}};
CREATE OR REPLACE TEMP MACRO cost_model() AS {{model}};
CREATE OR REPLACE TEMP MACRO cost_currency() AS {{currency}}

-- name: data_span
-- the first opened time and the latest time of the tickets: the kpi@1 document's data_from / data_to
SELECT min(opened_at) AS first, max(greatest(opened_at, resolved_at, closed_at)) AS last FROM ticket

-- name: opened_span
-- the opened times of every record (tickets, changes, problems): their span, and how many fall in the period
SELECT strftime(min(o), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(max(o), '%Y-%m-%dT%H:%M:%SZ') AS last,
       count(*) FILTER (WHERE in_period(o)) AS inside
  FROM (SELECT opened_at AS o FROM ticket UNION ALL SELECT opened_at FROM "change" UNION ALL SELECT opened_at FROM problem)
 WHERE o IS NOT NULL

-- name: base_view
-- `base`, the records a metric query reads: one of the three below, filled by renderQuery (src/metrics/queries.ts)
-- from the query's header
CREATE OR REPLACE TEMP VIEW base AS {{base}}

-- name: base
-- a metric's table in the period (its records whose `anchor` time is in it), with a `__d_<dim>` column per
-- breakdown dimension (`dims`: `, <expression> AS __d_<dim>` each)
SELECT *{{dims}} FROM {{table}} WHERE in_period({{anchor}})

-- name: snapshot_base
-- a snapshot metric's table (header `anchor: none`): every record, as of the period's end
SELECT *{{dims}} FROM {{table}}

-- name: month_key
-- a month breakdown's `__d_month` in `base` (a metric with a time anchor): the UTC month's first instant as a
-- naive TIMESTAMP, grouped on as an integer; month_label turns the few grouped rows into 'YYYY-MM' (the same text
-- as strftime of the anchor, but ~0.05 CPU-s less per query at 1M tickets than formatting every row)
date_trunc('month', make_timestamp(epoch_us({{anchor}})))

-- name: month_label
-- a metric query broken down by month_key: its rows with `__d_month` as 'YYYY-MM' (FROM first, so that a trace's
-- first characters still name the query)
FROM (
{{query}}
) SELECT * REPLACE (strftime(__d_month, '%Y-%m') AS __d_month)

-- name: grouping_sets
-- a breakdown's GROUP BY (the group_by placeholder of a metric query): the overall row and the groups in one pass
GROUP BY GROUPING SETS ((), ({{cols}}))

-- name: span_base
-- a span metric's records (header `spans:`), each measured over the whole period
SELECT *{{dims}}, period_start() AS __slice_from, period_end() AS __slice_to FROM {{table}}

-- name: span_base_months
-- a span metric broken down by month: one row per UTC month the span (`start` to `end`, an end NULL running to
-- the period's end) touches inside the period, the slice clipped to both; months through naive UTC timestamps
-- (no ICU zone work); `__d_month` the month's first instant, labelled 'YYYY-MM' after grouping (month_label)
SELECT * EXCLUDE (__m), __m AS __d_month,
       greatest(to_timestamp(epoch(__m)), period_start()) AS __slice_from,
       least(to_timestamp(epoch(__m + INTERVAL 1 MONTH)), period_end()) AS __slice_to
  FROM (SELECT *{{dims}}, unnest(generate_series(date_trunc('month', make_timestamp(epoch_us(greatest({{start}}, period_start())))),
          make_timestamp(epoch_us(least(coalesce({{end}}, period_end()), period_end()))) - INTERVAL 1 MICROSECOND, INTERVAL 1 MONTH)) AS __m
        FROM {{table}} WHERE {{start}} IS NOT NULL)
