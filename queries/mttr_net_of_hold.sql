-- id: mttr_net_of_hold
-- title: Time to resolve, on-hold time excluded (incidents)
-- definition: resolved_at − opened_at minus the time spent in a pending state (on hold, awaiting user/vendor/problem …) per the event history, calendar hours; mean, median, 90th percentile
-- variant: calendar time, pauses removed as an SLA clock would; only incidents with an event history count
-- unit: hours
-- denominator: incidents resolved in the period that have an event history
-- table: ticket
-- anchor: resolved_at
WITH ev AS (
  SELECT record_key, status, event_time AS t0,
         lead(event_time) OVER (PARTITION BY record_key ORDER BY seq NULLS FIRST, event_time, source_row) AS t1
  FROM ticket_event WHERE event_type = 'update' AND record_kind = 'ticket'
),
tk AS (
  SELECT {{dims}} ticket_key, opened_at, resolved_at FROM base
  WHERE kind = 'incident' AND opened_at IS NOT NULL AND resolved_at >= opened_at
    AND ticket_key IN (SELECT record_key FROM ev)
),
h AS (
  SELECT tk.ticket_key,
         sum(CASE WHEN ev.status = 'pending'
                  THEN greatest(0, epoch(least(coalesce(ev.t1, tk.resolved_at), tk.resolved_at)) - epoch(greatest(ev.t0, tk.opened_at)))
                  ELSE 0 END) AS hold_s
  FROM tk JOIN ev ON ev.record_key = tk.ticket_key
  GROUP BY tk.ticket_key
),
r AS (SELECT {{dims}} (epoch(resolved_at) - epoch(opened_at) - hold_s) / 3600.0 AS hours FROM tk JOIN h USING (ticket_key))
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
