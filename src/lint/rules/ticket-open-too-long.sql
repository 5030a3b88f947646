-- id: ticket-open-too-long
-- severity: warn
-- table: ticket
-- description: still open more than {{max_open_days}} days after it was opened (as of the latest time in the data): forgotten, or closed elsewhere and never updated
-- param max_open_days: 180
-- scope: resolved_at IS NULL AND closed_at IS NULL
SELECT ticket_key AS key, source_id AS id FROM ticket
WHERE resolved_at IS NULL AND closed_at IS NULL AND status IS DISTINCT FROM 'cancelled'
  AND opened_at < (SELECT max(greatest(opened_at, resolved_at, closed_at, updated_at)) FROM ticket) - to_days({{max_open_days}})
