-- id: change-emergency-without-review
-- severity: warn
-- table: change
-- description: emergency change implemented or closed without an (emergency CAB) approval on record
-- requires: approval
-- scope: (change_type = 'emergency' OR emergency) AND status IN ('implement', 'review', 'closed')
SELECT change_key AS key, source_id AS id FROM change
WHERE (change_type = 'emergency' OR emergency) AND status IN ('implement', 'review', 'closed') AND approval IS DISTINCT FROM 'approved'
