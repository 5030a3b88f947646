-- Metric macros: the per-record rules that more than one metric, the findings frame or the maturity rubric
-- apply, written once. src/metrics/kpi.ts defines them on the connection before the queries in queries/ run
-- (beside the period and settings macros it generates), src/maturity/evaluate.ts before the rubric's queries.
--   is_reopened(reopen_count, reopened_at)      reopened at least once: a count above 0, or a reopen time
--                                               (an export may carry only the time)
--   has_reopen_info(reopen_count, reopened_at)  the record says whether it was reopened: the denominator of
--                                               reopen rate (a record without either is unknown, not "never")
--   hours_between(a, b)                         calendar hours from a to b (epoch(b) - epoch(a): 3-30x faster than
--                                               the epoch of a TIMESTAMPTZ difference); negative when b is before a
--   resolution_hours(opened_at, resolved_at)    time to resolve in calendar hours, NULL when the range is
--                                               reversed (the rule below): MTTR's per-incident figure, which
--                                               the findings frame and the maturity rubric read too
--   fulfilment_days(opened_at, closed_at, resolved_at)
--                                               a service request's fulfilment lead time in calendar days:
--                                               opened → closed, else resolved (kpi-definitions §1.6); negative
--                                               when reversed. request_fulfilment_time's per-request figure,
--                                               which the maturity rubric's fulfilment criteria read too
--   duration_stats(x, reversed)                 the duration statistics of a group: n, mean, median and 90th
--                                               percentile (interpolated) of x over the records whose range is
--                                               not reversed, and excluded_negative = the reversed ones. Use
--                                               as `unnest(duration_stats(x, reversed))` for five columns.
-- One rule for reversed ranges (an end before its start), calendar and business time alike: a data error,
-- left out of the statistics and counted in excluded_negative. Counting it as 0 h (the business-calendar
-- arithmetic's answer for a reversed range) would pull the mean down with records that say nothing of how
-- fast the work was done.

-- name: metric_macros
CREATE OR REPLACE TEMP MACRO is_reopened(reopen_count, reopened_at) AS (coalesce(reopen_count > 0, FALSE) OR reopened_at IS NOT NULL);
CREATE OR REPLACE TEMP MACRO has_reopen_info(reopen_count, reopened_at) AS (reopen_count IS NOT NULL OR reopened_at IS NOT NULL);
CREATE OR REPLACE TEMP MACRO hours_between(a, b) AS ((epoch(b) - epoch(a)) / 3600.0);
CREATE OR REPLACE TEMP MACRO resolution_hours(opened_at, resolved_at) AS (CASE WHEN resolved_at >= opened_at THEN hours_between(opened_at, resolved_at) END);
CREATE OR REPLACE TEMP MACRO fulfilment_days(opened_at, closed_at, resolved_at) AS ((epoch(coalesce(closed_at, resolved_at)) - epoch(opened_at)) / 86400.0);
CREATE OR REPLACE TEMP MACRO duration_stats(x, reversed) AS {
  'n': count(*) FILTER (WHERE NOT reversed),
  'mean': avg(x) FILTER (WHERE NOT reversed),
  'median': quantile_cont(x, 0.5) FILTER (WHERE NOT reversed),
  'p90': quantile_cont(x, 0.9) FILTER (WHERE NOT reversed),
  'excluded_negative': count(*) FILTER (WHERE reversed)
};
