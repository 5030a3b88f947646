-- id: time_to_close
-- title: Time to close (incidents)
-- definition: closed_at − opened_at in calendar hours, per incident closed in the period; mean, median and 90th percentile (interpolated)
-- variant: calendar time (24×7), to administrative closure (includes the resolved → closed auto-close delay; MTTR measures to resolution)
-- unit: hours
-- denominator: incidents closed in the period with an opened and a closed time, cancelled ones excluded; closed before opened are excluded and counted in excluded_negative
-- table: ticket
-- anchor: closed_at
WITH r AS (
  SELECT {{dims}} (epoch(closed_at) - epoch(opened_at)) / 3600.0 AS hours
  FROM base
  WHERE kind = 'incident' AND opened_at IS NOT NULL AND closed_at IS NOT NULL AND status IS DISTINCT FROM 'cancelled'
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
       THEN 'no incident closed in the period has both an opened and a closed time' END AS reason
FROM r
{{group_by}}
