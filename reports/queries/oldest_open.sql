-- id: report_oldest_open
-- title: Oldest open tickets
-- definition: the ten incidents and service requests open longest at the report month's end: opened before it and neither resolved nor closed before it (the backlog definition of queries/backlog.sql), oldest first
-- variant: calendar days since opened_at at the month end
-- unit: days
-- denominator: none (a list)
-- table: ticket
-- anchor: none
SELECT source_id AS ticket, title, assignment_group AS "group",
  CASE WHEN priority IS NULL THEN NULL ELSE 'P' || priority END AS priority,
  floor((epoch({{to}}) - epoch(opened_at)) / 86400.0) AS age_days
FROM ticket
WHERE kind IN ('incident', 'service_request') AND opened_at < {{to}}
  -- an unknown status is no sign of an end (as in backlog.sql): without the coalesce a ticket with no status was never listed
  AND NOT (coalesce(status IN ('resolved', 'closed', 'cancelled'), false) AND resolved_at IS NULL AND closed_at IS NULL)
  AND coalesce(least(resolved_at, closed_at) >= {{to}}, true)
ORDER BY opened_at, source_id
LIMIT 10
