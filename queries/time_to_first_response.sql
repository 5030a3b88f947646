-- id: time_to_first_response
-- kpi: mtta
-- rank: 1
-- title: Time to first response (incidents)
-- definition: first_response_at − opened_at in calendar hours, per incident opened in the period that has a first response; mean, median and 90th percentile (interpolated)
-- variant: calendar time (24×7); the export's own first-response / acknowledgement time (kpi-definitions §1.2), not inferred from comments
-- unit: hours
-- denominator: incidents opened in the period with an opened and a first-response time; responses before the opening are excluded and counted in excluded_negative
-- table: ticket
-- anchor: opened_at
WITH r AS (
  SELECT {{dims}} (epoch(first_response_at) - epoch(opened_at)) / 3600.0 AS hours
  FROM base
  WHERE kind = 'incident' AND opened_at IS NOT NULL AND first_response_at IS NOT NULL
)
SELECT {{dims}}
  'hours' AS unit,
  'calendar' AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql)
  unnest(duration_stats(hours, hours < 0)),
  CASE WHEN count(*) FILTER (WHERE hours >= 0) = 0
       THEN 'no incident opened in the period has a first-response time in the export' END AS reason
FROM r
{{group_by}}
