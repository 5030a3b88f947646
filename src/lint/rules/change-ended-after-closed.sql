-- id: change-ended-after-closed
-- severity: error
-- table: change
-- description: actual end (or start) more than a day after the change was closed: a date typo, such as 21-3-2021 in a change closed 21-3-2014, that stretches its lead time by years and adds months to a by-month breakdown
SELECT change_key AS key, source_id AS id FROM change
WHERE greatest(actual_end, actual_start) > closed_at + INTERVAL 1 DAY
