-- id: time_on_hold
-- title: Time on hold (incidents, from the event history)
-- definition: per resolved incident, the time between opened and resolved spent in a pending state (on hold, awaiting user/vendor/problem …), from the status after each update in the event history; hours
-- variant: calendar time; a status holds from its update until the next update (or resolution); only incidents with an event history count
-- unit: hours
-- denominator: incidents resolved in the period that have an event history; share_with_hold = those on hold at least once
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
                  ELSE 0 END) / 3600.0 AS hold_hours
  FROM tk JOIN ev ON ev.record_key = tk.ticket_key
  GROUP BY tk.ticket_key
)
SELECT {{dims}}
  'hours' AS unit,
  count(*) AS n,
  avg(hold_hours) AS mean,
  quantile_cont(hold_hours, 0.5) AS median,
  quantile_cont(hold_hours, 0.9) AS p90,
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE hold_hours > 0) / count(*) END AS share_with_hold,
  sum(hold_hours) AS total_hours,
  CASE WHEN count(*) = 0 THEN 'no resolved incident in the period has an event history (an audit or event-log export)' END AS reason
FROM tk JOIN h USING (ticket_key)
{{group_by}}
