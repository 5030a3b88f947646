-- `kpi --explain TICKET`: the rows behind one ticket's durations and SLA results (src/metrics/explain.ts
-- prints them). ticket_business and sla_result are built by computeKpis first; $id / $key are bound values.

-- name: ticket
-- the ticket by its key or its number in the tool, with its calendar durations
SELECT ticket_key, source_id, source_tool, kind, status, status_raw, priority, priority_raw, assignment_group, assignee,
       opened_at, first_assigned_at, first_response_at, resolved_at, closed_at, reopen_count, reassignment_count,
       sla_met, sla_met_raw, round((epoch(resolved_at) - epoch(opened_at)) / 3600, 2) AS resolve_calendar_hours,
       round((epoch(closed_at) - epoch(opened_at)) / 3600, 2) AS close_calendar_hours
  FROM ticket WHERE ticket_key = $id OR source_id = $id ORDER BY ticket_key LIMIT 1

-- name: events
-- its history: state changes, and the first (creation) row of an event log
SELECT event_time, seq, actor, event_type, field, old_value, new_value, status FROM ticket_event
 WHERE record_key = $key AND (event_type <> 'update' OR seq IS NULL OR seq = 0)
 ORDER BY seq NULLS FIRST, event_time, event_type

-- name: business
-- its business durations on the default calendar and the next-business-day deadline
SELECT round(resolve_business_s / 3600, 2) AS resolve_business_hours, round(close_business_s / 3600, 2) AS close_business_hours,
       round(response_business_s / 3600, 2) AS response_business_hours, next_day_deadline,
       (SELECT resolved_at FROM ticket WHERE ticket_key = $key) <= next_day_deadline AS resolved_by_next_day
  FROM ticket_business WHERE ticket_key = $key

-- name: sla
-- each recomputed SLA of the ticket
SELECT policy, calendar, sla, round(target_seconds / 3600, 2) AS target_hours, start_at, stop_at,
       round(business_seconds / 3600, 2) AS elapsed_business_hours, round(paused_business_seconds / 3600, 2) AS paused_business_hours,
       round(net_business_seconds / 3600, 2) AS net_business_hours, due_at, state
  FROM sla_result WHERE ticket_key = $key ORDER BY sla DESC
