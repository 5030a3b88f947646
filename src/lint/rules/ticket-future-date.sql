-- id: ticket-future-date
-- severity: error
-- table: ticket
-- description: a date after the moment of the lint (opened, resolved, closed, updated or first response in the future): a typo or a wrong date format
SELECT ticket_key AS key, source_id AS id FROM ticket
WHERE greatest(opened_at, resolved_at, closed_at, updated_at, first_response_at) > current_timestamp + INTERVAL 1 DAY
