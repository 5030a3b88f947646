-- id: report_reassignment_hops
-- title: Reassignments per resolved incident
-- definition: incidents resolved in the report month, counted by their reassignment count (the export's own count, else the group changes in the event history); buckets 0, 1, 2, 3, 4 or more
-- variant: reassignment_count as exported (ServiceNow reassignment_count, HPSM # Reassignments); incidents with no count are left out
-- unit: count
-- denominator: incidents resolved in the report month that carry a reassignment count
-- table: ticket
-- anchor: resolved_at
SELECT
  CASE WHEN reassignment_count >= 4 THEN '4 or more reassignments'
       WHEN reassignment_count = 1 THEN '1 reassignment'
       ELSE CAST(reassignment_count AS VARCHAR) || ' reassignments' END AS x,
  'Incidents' AS series,
  count(*) AS value,
  count(*) AS n
FROM ticket
WHERE kind = 'incident' AND reassignment_count IS NOT NULL
  AND resolved_at >= {{from}} AND resolved_at < {{to}}
GROUP BY 1, least(reassignment_count, 4)
ORDER BY least(reassignment_count, 4)
