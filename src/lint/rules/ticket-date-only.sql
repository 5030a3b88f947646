-- id: ticket-date-only
-- severity: warn
-- table: ticket
-- description: opened or resolved time exported as a date without a time of day: durations under a day and business time cannot be measured
-- requires: opened_at_raw
-- a time of day (a ':'), or an epoch number (9+ digits): contains() first, the regular expression only for the
-- few values without a ':' (one expression with both, ':|^…$', cost 4× the CPU on 1M tickets)
SELECT ticket_key AS key, source_id AS id FROM ticket
WHERE (opened_at IS NOT NULL AND NOT contains(opened_at_raw, ':') AND NOT regexp_matches(opened_at_raw, '^\s*\d{9,}(\.\d+)?\s*$'))
   OR (resolved_at IS NOT NULL AND NOT contains(resolved_at_raw, ':') AND NOT regexp_matches(resolved_at_raw, '^\s*\d{9,}(\.\d+)?\s*$'))
