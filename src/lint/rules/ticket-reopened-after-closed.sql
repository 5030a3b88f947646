-- id: ticket-reopened-after-closed
-- severity: warn
-- table: ticket
-- description: reopened after it was closed (or before it was opened): a closed ticket should stay closed and a new one be raised
-- requires: reopened_at
SELECT ticket_key AS key, source_id AS id FROM ticket WHERE reopened_at > closed_at OR reopened_at < opened_at
