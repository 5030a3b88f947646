-- id: ticket-closed-before-opened
-- severity: error
-- table: ticket
-- description: closed before it was opened: time to close is negative
SELECT ticket_key AS key, source_id AS id FROM ticket WHERE closed_at < opened_at
