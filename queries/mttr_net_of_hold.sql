-- id: mttr_net_of_hold
-- title: Time to resolve, on-hold time excluded (incidents)
-- definition: resolved_at − opened_at minus the time spent in a pending state (on hold, awaiting user/vendor/problem …) per the event history (table ticket_hold), calendar hours; mean, median, 90th percentile
-- variant: calendar time, pauses removed as an SLA clock would; only incidents with an event history count
-- unit: hours
-- denominator: incidents resolved in the period that have an event history
-- table: ticket
-- anchor: resolved_at
WITH r AS (
  SELECT {{dims}} (epoch(b.resolved_at) - epoch(b.opened_at) - th.hold_seconds) / 3600.0 AS hours
  FROM base b JOIN ticket_hold th ON th.ticket_key = b.ticket_key
  WHERE b.kind = 'incident'
)
SELECT {{dims}}
  'hours' AS unit,
  'calendar, hold excluded' AS basis,
  count(*) AS n,
  avg(hours) AS mean,
  quantile_cont(hours, 0.5) AS median,
  quantile_cont(hours, 0.9) AS p90,
  CASE WHEN count(*) = 0 THEN 'no resolved incident in the period has an event history (an audit or event-log export)' END AS reason
FROM r
{{group_by}}
