-- id: ticket-closed-before-resolved
-- severity: warn
-- table: ticket
-- description: closed before it was resolved: the resolution time was set after closure (often a later edit, or a reopen after closure)
SELECT ticket_key AS key, source_id AS id FROM ticket WHERE closed_at < resolved_at
