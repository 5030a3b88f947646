-- id: ticket-reopen-without-resolve
-- severity: warn
-- table: ticket
-- description: counted as reopened but never resolved or closed, and its history (if loaded) shows no resolved state to reopen from
-- requires: reopen_count
SELECT ticket_key AS key, source_id AS id FROM ticket t
WHERE reopen_count > 0 AND resolved_at IS NULL AND closed_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM ticket_event e WHERE e.record_key = t.ticket_key AND e.status IN ('resolved', 'closed'))
