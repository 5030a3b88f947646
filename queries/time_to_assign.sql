-- id: time_to_assign
-- kpi: mtta
-- rank: 2
-- title: Time to assign (incidents)
-- definition: first_assigned_at − opened_at in calendar hours, per incident opened in the period whose event history shows its first assignment (group or assignee set); mean, median and 90th percentile (interpolated)
-- variant: MTTA proxy when no response time is exported: first assignment from the event log (kpi-definitions §1.2), calendar time (24×7)
-- unit: hours
-- denominator: incidents opened in the period with an opened and a first-assigned time; assignments before the opening are excluded and counted in excluded_negative
-- table: ticket
-- anchor: opened_at
WITH r AS (
  SELECT {{dims}} (epoch(first_assigned_at) - epoch(opened_at)) / 3600.0 AS hours
  FROM base
  WHERE kind = 'incident' AND opened_at IS NOT NULL AND first_assigned_at IS NOT NULL
)
SELECT {{dims}}
  'hours' AS unit,
  'calendar' AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql)
  unnest(duration_stats(hours, hours < 0)),
  CASE WHEN count(*) FILTER (WHERE hours >= 0) = 0
       THEN 'no incident opened in the period has a first-assignment time (it comes from event-log exports)' END AS reason
FROM r
{{group_by}}
