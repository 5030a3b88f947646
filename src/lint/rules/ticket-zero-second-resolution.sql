-- id: ticket-zero-second-resolution
-- severity: warn
-- table: ticket
-- description: resolved within {{max_seconds}} seconds of being opened: logged after the fact or auto-closed, it flatters MTTR and FCR
-- param max_seconds: 0
-- scope: resolved_at IS NOT NULL
SELECT ticket_key AS key, source_id AS id FROM ticket
WHERE resolved_at IS NOT NULL AND epoch(resolved_at) - epoch(opened_at) BETWEEN 0 AND {{max_seconds}}
