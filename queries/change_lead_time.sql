-- id: change_lead_time
-- title: Change lead time
-- definition: actual_end (else closed_at) − opened_at in calendar days, per change implemented in the period; mean, median and 90th percentile (interpolated)
-- variant: calendar days (24×7), record opened → implementation end (not deployment lead time from commit as in DORA)
-- unit: days
-- denominator: implemented changes (an actual end, or closed and not cancelled) ending in the period with an opened time; ending before opened are excluded and counted in excluded_negative
-- table: change
-- anchor: coalesce(actual_end, closed_at)
WITH r AS (
  SELECT {{dims}} (epoch(coalesce(actual_end, closed_at)) - epoch(opened_at)) / 86400.0 AS days
  FROM base
  WHERE opened_at IS NOT NULL
    AND (actual_end IS NOT NULL OR (closed_at IS NOT NULL AND status IS DISTINCT FROM 'cancelled' AND outcome IS DISTINCT FROM 'cancelled'))
)
SELECT {{dims}}
  'days' AS unit,
  'calendar' AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql)
  unnest(duration_stats(days, days < 0)),
  CASE WHEN count(*) FILTER (WHERE days >= 0) = 0
       THEN 'no change implemented in the period has an opened time' END AS reason
FROM r
{{group_by}}
