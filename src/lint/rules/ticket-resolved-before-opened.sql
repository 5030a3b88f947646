-- id: ticket-resolved-before-opened
-- severity: error
-- table: ticket
-- description: resolved before it was opened: every duration of the ticket is negative and MTTR excludes it
SELECT ticket_key AS key, source_id AS id FROM ticket WHERE resolved_at < opened_at
