-- id: ticket-sla-flag-inconsistent
-- severity: warn
-- table: ticket
-- description: the exported SLA flag contradicts the times: met although resolved after the due date, or breached although resolved before it (paused clocks explain some)
-- requires: sla_met, due_at
-- scope: sla_met IS NOT NULL AND due_at IS NOT NULL AND resolved_at IS NOT NULL
SELECT ticket_key AS key, source_id AS id FROM ticket
WHERE due_at IS NOT NULL AND resolved_at IS NOT NULL AND ((sla_met AND resolved_at > due_at) OR (NOT sla_met AND resolved_at <= due_at))
