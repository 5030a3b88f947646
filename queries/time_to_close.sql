-- id: time_to_close
-- title: Time to close (incidents)
-- definition: closed_at − opened_at in calendar hours, per incident closed in the period; mean, median and 90th percentile (interpolated)
-- variant: calendar time (24×7), to administrative closure (includes the resolved → closed auto-close delay; MTTR measures to resolution)
-- unit: hours
-- denominator: incidents closed in the period with an opened and a closed time, cancelled ones excluded; closed before opened are excluded and counted in excluded_negative
-- table: ticket
-- anchor: closed_at
WITH r AS (
  SELECT {{dims}} hours_between(opened_at, closed_at) AS hours
  FROM base
  WHERE kind = 'incident' AND opened_at IS NOT NULL AND closed_at IS NOT NULL AND status IS DISTINCT FROM 'cancelled'
)
SELECT {{dims}}
  'hours' AS unit,
  'calendar' AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql)
  unnest(duration_stats(hours, hours < 0)),
  CASE WHEN count(*) FILTER (WHERE hours >= 0) = 0
       THEN 'no incident closed in the period has both an opened and a closed time' END AS reason
FROM r
{{group_by}}
