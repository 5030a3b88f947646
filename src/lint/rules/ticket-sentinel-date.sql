-- id: ticket-sentinel-date
-- severity: info
-- table: ticket
-- description: a date in the year 2200 or later (9999-12-31, 4000-01-01: an export's "never"), or the word infinity, in opened, first response, resolved, closed, reopened, updated or due time, loaded as unknown; the text stays in the field's _raw column
-- Such a value is the only way a timestamp whose text is there loads as NULL (text that is no date rejects the row).
SELECT ticket_key AS key, source_id AS id FROM ticket
WHERE (opened_at IS NULL AND opened_at_raw IS NOT NULL)
   OR (first_response_at IS NULL AND first_response_at_raw IS NOT NULL)
   OR (resolved_at IS NULL AND resolved_at_raw IS NOT NULL)
   OR (closed_at IS NULL AND closed_at_raw IS NOT NULL)
   OR (reopened_at IS NULL AND reopened_at_raw IS NOT NULL)
   OR (updated_at IS NULL AND updated_at_raw IS NOT NULL)
   OR (due_at IS NULL AND due_at_raw IS NOT NULL)
