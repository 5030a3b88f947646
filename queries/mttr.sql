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
  count(*) FILTER (WHERE hours >= 0) AS n,
  avg(hours) FILTER (WHERE hours >= 0) AS mean,
  quantile_cont(hours, 0.5) FILTER (WHERE hours >= 0) AS median,
  quantile_cont(hours, 0.9) FILTER (WHERE hours >= 0) AS p90,
  count(*) FILTER (WHERE hours < 0) AS excluded_negative,
  CASE WHEN count(*) FILTER (WHERE hours >= 0) = 0
       THEN 'no incident in the period has both an opened and a resolved time' END AS reason
FROM r
{{group_by}}
