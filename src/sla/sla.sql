-- SLA policies recomputed from the data (src/sla/recompute.ts runs these per policy and SLA) and their
-- reconciliation with the export's own flag (src/sla/reconcile.ts). sla_result holds one row per ticket and
-- SLA (resolution, response) under the first policy that covers it; the business-time arithmetic is
-- src/calendar/business-time.sql. `as_of` is the "as of" instant (the period's end), an SQL expression.

-- name: result_table
-- sla_result, emptied: what the policy SLA queries (queries/sla_attainment_policy.sql …) read
CREATE OR REPLACE TEMP TABLE sla_result (ticket_key VARCHAR, policy VARCHAR, calendar VARCHAR, sla VARCHAR,
    target_seconds DOUBLE, start_at TIMESTAMPTZ, stop_at TIMESTAMPTZ, business_seconds DOUBLE, paused_business_seconds DOUBLE,
    net_business_seconds DOUBLE, due_at TIMESTAMPTZ, state VARCHAR)

-- name: span
-- the first opening time and the "as of" instant, the range the calendars must cover
SELECT strftime(min(opened_at), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime({{as_of}}, '%Y-%m-%dT%H:%M:%SZ') AS asof FROM ticket

-- name: input
-- sla_input: the tickets a policy covers (kinds, priorities with a target, services) and no earlier policy
-- took; the clock runs from opened_at to the SLA's stop `stop`, or to the "as of" while running; cancelled
-- tickets are not judged. `target` is a CASE over the priority generated from the policy's targets
CREATE OR REPLACE TEMP TABLE sla_input AS SELECT ticket_key AS id, opened_at AS start_at, {{stop}} AS stop_at,
          least(coalesce({{stop}}, {{as_of}}), {{as_of}}) AS end_at, CAST({{target}} AS DOUBLE) AS target_seconds
        FROM ticket
        WHERE kind IN ({{kinds}}) AND priority IN ({{priorities}}) AND opened_at IS NOT NULL
          AND opened_at <= {{as_of}} AND coalesce(status, '') <> 'cancelled'{{services}}
          AND ticket_key NOT IN (SELECT ticket_key FROM sla_result WHERE sla = {{sla}})

-- name: pauses
-- the policy's pause states from the status spans, cut at the SLA's stop: a ticket answered and then pending
-- for days keeps its response due time (the pause no longer stops a clock that has already stopped)
SELECT s.id, s.pause_start,
                  CASE WHEN i.stop_at IS NULL THEN s.pause_end ELSE least(coalesce(s.pause_end, i.stop_at), i.stop_at) END AS pause_end
             FROM ticket_status_span s JOIN sla_input i ON i.id = s.id
            WHERE s.status IN ({{states}}) AND (i.stop_at IS NULL OR s.pause_start < i.stop_at)

-- name: stops
-- how many tickets of the policy's kinds carry the SLA's stop time (none: the export cannot show that SLA)
SELECT count({{stop}}) AS n FROM ticket WHERE kind IN ({{kinds}})

-- name: due_input
-- the due-time input: start and target per ticket
SELECT id, start_at, target_seconds FROM sla_input

-- name: results
-- one policy's results: met = stopped by the "as of" with net business time within the target; breached =
-- over the target, stopped or not; in progress otherwise. `durations` and `due` are the business-time
-- relations over sla_input; `paused` / `net` their columns (0.0 / business_seconds without pause states)
INSERT INTO sla_result
        WITH d AS ({{durations}}),
             u AS ({{due}})
        SELECT d.id, {{policy}}, {{calendar}}, {{sla}}, d.target_seconds, d.start_at, d.stop_at, d.business_seconds,
               {{paused}}, {{net}}, u.due_at,
               CASE WHEN {{net}} > d.target_seconds THEN 'breached'
                    WHEN d.stop_at IS NOT NULL AND d.stop_at <= {{as_of}} THEN 'met'
                    ELSE 'in_progress' END
        FROM d JOIN u ON u.id = d.id

-- name: reconcile
-- the tickets whose export flag and recomputed resolution SLA disagree, with the likeliest reason
WITH hold AS (
  SELECT id, sum(epoch(least(coalesce(pause_end, now()), r.stop_at)) - epoch(greatest(pause_start, r.start_at))) / 3600.0 AS hold_hours
  FROM ticket_status_span p JOIN sla_result r ON r.ticket_key = p.id AND r.sla = 'resolution'
  WHERE p.status = 'pending' AND r.stop_at IS NOT NULL AND p.pause_start < r.stop_at AND coalesce(p.pause_end, r.stop_at) > r.start_at
  GROUP BY id
),
x AS (
  SELECT t.source_id AS ticket, t.priority, t.opened_at, t.resolved_at, r.policy, r.calendar,
         r.target_seconds / 3600.0 AS target_hours, r.net_business_seconds / 3600.0 AS policy_hours, r.due_at,
         t.sla_met AS export_met, r.state AS policy_state, coalesce(h.hold_hours, 0) AS hold_hours,
         (epoch(coalesce(r.stop_at, r.start_at)) - epoch(r.start_at)) / 3600.0 AS calendar_hours
  FROM ticket t JOIN sla_result r ON r.ticket_key = t.ticket_key AND r.sla = 'resolution'
  LEFT JOIN hold h ON h.id = t.ticket_key
  WHERE t.sla_met IS NOT NULL AND r.state <> 'in_progress'
    AND ((t.sla_met AND r.state = 'breached') OR (NOT t.sla_met AND r.state = 'met'))
)
SELECT *,
  CASE
    WHEN export_met AND policy_hours - hold_hours <= target_hours AND hold_hours > 0
      THEN printf('the export pauses on hold: %.1f h on hold would bring it within the %.1f h target', hold_hours, target_hours)
    WHEN export_met AND resolved_at IS NULL
      THEN 'still open past the policy target; the export''s flag may not update until the ticket closes'
    WHEN export_met
      THEN printf('over the policy target by %.1f h; the export may use a longer target, another calendar or a later start', policy_hours - target_hours)
    WHEN NOT export_met AND calendar_hours > target_hours
      THEN printf('within %.1f business hours of its calendar, but %.1f calendar hours: the export may count calendar time', target_hours, calendar_hours)
    ELSE printf('met the policy with %.1f h to spare; the export may have a shorter target or breached another SLA (e.g. response)', target_hours - policy_hours)
  END AS reason
FROM x ORDER BY opened_at, ticket

-- name: reconcile_summary
-- export flag against recomputed resolution SLA over the settled tickets opened in the period (in_period:
-- the period macro kpi defines)
SELECT count(*) AS compared,
      count(*) FILTER (WHERE t.sla_met = (r.state = 'met')) AS agree,
      count(*) FILTER (WHERE t.sla_met AND r.state = 'breached') AS export_met_policy_breached,
      count(*) FILTER (WHERE NOT t.sla_met AND r.state = 'met') AS export_breached_policy_met
    FROM ticket t JOIN sla_result r ON r.ticket_key = t.ticket_key AND r.sla = 'resolution'
    WHERE t.sla_met IS NOT NULL AND r.state <> 'in_progress' AND in_period(t.opened_at)
