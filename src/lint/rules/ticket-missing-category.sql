-- id: ticket-missing-category
-- severity: warn
-- table: ticket
-- description: incident or request without a category: invisible to volume by category and to recurring-problem analysis
-- requires: category
-- scope: kind IN ('incident', 'service_request')
SELECT ticket_key AS key, source_id AS id FROM ticket WHERE kind IN ('incident', 'service_request') AND nullif(trim(category), '') IS NULL
