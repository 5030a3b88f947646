-- id: change-without-approval
-- severity: warn
-- table: change
-- description: normal change implemented or closed without an approval on record (standard changes are pre-approved and not counted)
-- requires: approval
-- scope: change_type = 'normal' AND status IN ('implement', 'review', 'closed')
SELECT change_key AS key, source_id AS id FROM change
WHERE change_type = 'normal' AND status IN ('implement', 'review', 'closed') AND approval IS DISTINCT FROM 'approved'
