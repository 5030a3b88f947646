-- id: mttr
-- title: Time to resolve (incidents)
-- definition: resolved_at − opened_at in calendar hours, per incident resolved in the period; mean, median and 90th percentile (interpolated)
-- variant: calendar time (24×7), to resolution (not closure), on-hold time included
-- unit: hours
-- denominator: incidents with an opened and a resolved time, resolved in the period; resolved before opened are excluded and counted in excluded_negative
-- table: ticket
-- anchor: resolved_at
WITH r AS (
  SELECT {{dims}} (epoch(resolved_at) - epoch(opened_at)) / 3600.0 AS hours
  FROM base
  WHERE kind = 'incident' AND opened_at IS NOT NULL AND resolved_at IS NOT NULL
)
SELECT {{dims}}
  'hours' AS unit,
  'calendar' AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql)
  unnest(duration_stats(hours, hours < 0)),
  CASE WHEN count(*) FILTER (WHERE hours >= 0) = 0
       THEN 'no incident in the period has both an opened and a resolved time' END AS reason
FROM r
{{group_by}}
