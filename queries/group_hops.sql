-- id: group_hops
-- title: Assignment-group hops (incidents, from the event history)
-- definition: per resolved incident with an event history, hops = distinct assignment groups it was ever in − 1 (its group_change events plus its current group); value = mean hops; ping_pong = returns to the group held two steps before (A→B→A), counted per return
-- variant: event-log history (ticket_event, event_type = 'group_change'); blanks dropped and consecutive repeats collapsed before counting (kpi-definitions §1.6)
-- unit: hops
-- denominator: incidents resolved in the period that have an event history (any ticket_event row but a status page's communications and component statuses)
-- table: ticket
-- anchor: resolved_at
WITH t AS (
  SELECT {{dims}} ticket_key, assignment_group FROM base
  WHERE kind = 'incident' AND resolved_at IS NOT NULL
),
-- a workflow history: not a status page's public communications (Statuspage updates), which never show a group
hist AS (SELECT DISTINCT record_key FROM ticket_event WHERE event_type NOT IN ('communication', 'component_status') AND record_key IN (SELECT ticket_key FROM t)),
ev AS (
  SELECT record_key, old_value, new_value,
         row_number() OVER (PARTITION BY record_key ORDER BY seq NULLS FIRST, event_time NULLS FIRST, source_row) AS k
  FROM ticket_event
  WHERE event_type = 'group_change' AND record_key IN (SELECT record_key FROM hist)
),
path AS ( -- the group before the first change (position 0), then each new group
  SELECT record_key, 0 AS pos, old_value AS grp FROM ev WHERE k = 1
  UNION ALL
  SELECT record_key, k AS pos, new_value AS grp FROM ev
),
nonblank AS (
  SELECT record_key, pos, grp, lag(grp) OVER (PARTITION BY record_key ORDER BY pos) AS prev
  FROM path WHERE grp IS NOT NULL
),
steps AS ( -- consecutive repeats collapsed: A, A, B, A → A, B, A
  SELECT record_key, grp, lag(grp, 2) OVER (PARTITION BY record_key ORDER BY pos) AS prev2
  FROM nonblank WHERE prev IS DISTINCT FROM grp
),
per AS (
  SELECT record_key, list(DISTINCT grp) AS groups, count(*) FILTER (WHERE grp = prev2) AS returns
  FROM steps GROUP BY record_key
),
h AS (
  SELECT t.*,
         greatest(len(list_distinct(list_append(coalesce(per.groups, []), t.assignment_group))) - 1, 0) AS hops,
         coalesce(per.returns, 0) AS returns
  FROM t JOIN hist ON hist.record_key = t.ticket_key LEFT JOIN per ON per.record_key = t.ticket_key
)
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN avg(hops) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE hops > 0) AS hopped,
  max(hops) AS max_hops,
  coalesce(sum(returns), 0) AS ping_pong,
  count(*) FILTER (WHERE returns > 0) AS ping_pong_incidents,
  CASE WHEN count(*) = 0
       THEN 'no resolved incident in the period has an event history (group hops need an event-log / audit export)' END AS reason
FROM h
{{group_by}}
