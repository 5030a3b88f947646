-- Derived per-ticket tables the metric queries read (src/metrics/prepare.ts runs them in this order, before
-- the SLA recomputation of src/sla/recompute.ts). They live for the connection (TEMP):
--   ticket_status_span  (id, status, pause_start, pause_end): the status after each update of the event
--                       history, held until the next update; read by ticket_hold, the SLA pauses and the
--                       SLA reconciliation
--   ticket_hold         (ticket_key, hold_seconds): time in a pending state between opened and resolved;
--                       only tickets with an event history
--   ticket_business     (ticket_key, resolve_business_s, close_business_s, response_business_s,
--                       next_day_deadline): durations on the default business calendar, and the end of the
--                       business day after the one a ticket was opened on; empty without a calendar
--   availability_calendar (service, calendar): a service's own calendar for business-hours availability
-- The business-time expressions are generated from the calendar (src/calendar/business-time.ts) and come in
-- through placeholders.

-- name: ticket_business_table
-- empty until a default calendar fills it: the business queries read "no rows" as "no calendar configured"
CREATE OR REPLACE TEMP TABLE ticket_business (ticket_key VARCHAR, resolve_business_s DOUBLE,
  close_business_s DOUBLE, response_business_s DOUBLE, next_day_deadline TIMESTAMPTZ);

-- name: ticket_status_span
-- updates of one ticket in order (seq, else time, else the row in the file); the last one holds open-ended
CREATE OR REPLACE TEMP TABLE ticket_status_span AS
SELECT record_key AS id, status, event_time AS pause_start,
       lead(event_time) OVER (PARTITION BY record_key ORDER BY seq NULLS FIRST, event_time, source_row) AS pause_end
FROM ticket_event WHERE event_type = 'update' AND record_kind = 'ticket';

-- name: ticket_hold
-- each pending span clipped to [opened, resolved]; an open-ended span holds until resolution
CREATE OR REPLACE TEMP TABLE ticket_hold AS
SELECT t.ticket_key,
       sum(CASE WHEN ev.status = 'pending'
                THEN greatest(0, epoch(least(coalesce(ev.pause_end, t.resolved_at), t.resolved_at)) - epoch(greatest(ev.pause_start, t.opened_at)))
                ELSE 0 END) AS hold_seconds
FROM ticket t JOIN ticket_status_span ev ON ev.id = t.ticket_key
WHERE t.opened_at IS NOT NULL AND t.resolved_at >= t.opened_at
GROUP BY t.ticket_key;

-- name: ticket_span
-- the first and latest instants of the tickets, to build the calendar's segments over (latest: the latest
-- of a ticket's own times, LATEST_TICKET_TIME in prepare.ts)
SELECT strftime(min(opened_at), '%Y-%m-%dT%H:%M:%SZ') AS first,
       strftime(max({{latest}}), '%Y-%m-%dT%H:%M:%SZ') AS last FROM ticket;

-- name: business_input
-- the tickets a business duration is measured for: opened to end_at (resolved, closed, first response)
SELECT ticket_key AS id, opened_at AS start_at, {{end_at}} AS end_at FROM ticket WHERE opened_at IS NOT NULL AND {{end_at}} IS NOT NULL;

-- name: deadline_input
-- every opened ticket: the deadline is one business day after the day it was opened on
SELECT ticket_key AS id, opened_at AS start_at, 1 AS days FROM ticket WHERE opened_at IS NOT NULL;

-- name: ticket_business_fill
-- resolve, close, response: business durations (id, business_seconds …) from opened to resolved, closed
-- and first response (else first assignment); deadline: (id, deadline_at) the end of the next business day. Every ticket with an opened time gets a row (the deadline), its durations where they exist.
INSERT INTO ticket_business
WITH r AS ({{resolve}}), c AS ({{close}}), f AS ({{response}}), d AS ({{deadline}})
SELECT d.id, r.business_seconds, c.business_seconds, f.business_seconds, d.deadline_at
FROM d LEFT JOIN r ON r.id = d.id LEFT JOIN c ON c.id = d.id LEFT JOIN f ON f.id = d.id;

-- name: availability_calendar
-- each service's own business calendar (metrics.availability_calendars), keyed by the trimmed lower-case service
-- name (exports spell a service differently); `rows` are (service, calendar) literals, or none
CREATE OR REPLACE TEMP TABLE availability_calendar AS
  SELECT * FROM (VALUES {{rows}}) v(service, calendar) WHERE service IS NOT NULL;

-- name: as_of
-- the "as of" instant a recomputed SLA still running is measured to: the period's end (kpi.sql period_macros)
(SELECT period_end FROM period_bounds)

-- name: business_calendar
-- business_calendar(): the default calendar's name (a literal), NULL without one
CREATE OR REPLACE TEMP MACRO business_calendar() AS {{name}}
