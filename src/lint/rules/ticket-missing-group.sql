-- id: ticket-missing-group
-- severity: warn
-- table: ticket
-- description: resolved or closed incident or request without an assignment group: nobody owns its figures
-- requires: assignment_group
-- scope: kind IN ('incident', 'service_request') AND (resolved_at IS NOT NULL OR closed_at IS NOT NULL)
SELECT ticket_key AS key, source_id AS id FROM ticket
WHERE kind IN ('incident', 'service_request') AND (resolved_at IS NOT NULL OR closed_at IS NOT NULL) AND nullif(trim(assignment_group), '') IS NULL
