-- id: fcr_first_group
-- kpi: fcr
-- rank: 3
-- title: Resolved by the first assigned group (FCR proxy, from the event history)
-- definition: share of resolved incidents whose assignment group at resolution is the first group they were assigned to, per the event history (the first group_change's old value, else its new value; no group change = one group throughout)
-- variant: P3 resolved-by-first-group (kpi-definitions §1.3, ServiceNow "% of incidents resolved by first assigned group"); FLR-like when the first group is the service desk
-- unit: ratio
-- denominator: incidents resolved in the period that have an event history
-- table: ticket
-- anchor: resolved_at
WITH g AS (
  SELECT record_key, arg_min(coalesce(old_value, new_value), (coalesce(seq, -1), event_time, source_row)) AS first_group
  FROM ticket_event WHERE event_type = 'group_change' GROUP BY record_key
),
h AS (SELECT DISTINCT record_key FROM ticket_event WHERE event_type = 'update'),
t AS (
  SELECT {{dims}} b.assignment_group, g.first_group
  FROM base b JOIN h ON h.record_key = b.ticket_key LEFT JOIN g ON g.record_key = b.ticket_key
  WHERE b.kind = 'incident' AND b.resolved_at IS NOT NULL
)
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE first_group IS NULL OR first_group = assignment_group) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE first_group IS NULL OR first_group = assignment_group) AS resolved_first,
  CASE WHEN count(*) = 0 THEN 'no resolved incident in the period has an event history (an audit or event-log export)' END AS reason
FROM t
{{group_by}}
