-- id: time_on_hold
-- title: Time on hold (incidents, from the event history)
-- definition: per resolved incident, the time between opened and resolved spent in a pending state (on hold, awaiting user/vendor/problem …), from the status after each update in the event history (table ticket_hold); hours
-- variant: calendar time; a status holds from its update until the next update (or resolution); only incidents with an event history count
-- unit: hours
-- denominator: incidents resolved in the period that have an event history; share_with_hold = those on hold at least once
-- table: ticket
-- anchor: resolved_at
WITH h AS (
  SELECT {{dims}} th.hold_seconds / 3600.0 AS hold_hours
  FROM base b JOIN ticket_hold th ON th.ticket_key = b.ticket_key
  WHERE b.kind = 'incident'
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
FROM h
{{group_by}}
