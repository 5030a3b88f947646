-- id: ticket-missing-priority
-- severity: warn
-- table: ticket
-- description: incident or request without a priority: it drops out of every per-priority SLA figure
-- requires: priority_raw
-- scope: kind IN ('incident', 'service_request')
SELECT ticket_key AS key, source_id AS id FROM ticket WHERE kind IN ('incident', 'service_request') AND priority IS NULL
