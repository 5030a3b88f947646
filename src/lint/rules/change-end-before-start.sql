-- id: change-end-before-start
-- severity: error
-- table: change
-- description: actual (or planned) end before its start: the change window is negative
SELECT change_key AS key, source_id AS id FROM change WHERE actual_end < actual_start OR planned_end < planned_start
