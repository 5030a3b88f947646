-- id: fcr_first_assignment
-- kpi: fcr
-- rank: 2
-- title: First-assignment resolution (FCR proxy)
-- definition: share of resolved incidents never reassigned and never reopened (reassignment_count = 0 and reopen_count = 0)
-- variant: P2 first-assignment resolution (kpi-definitions §1.3); overstates FCR because multi-day work by one group counts
-- unit: ratio
-- denominator: incidents resolved in the period that carry a reassignment count
-- table: ticket
-- anchor: resolved_at
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE reassignment_count = 0 AND coalesce(reopen_count, 0) = 0) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE reassignment_count = 0 AND coalesce(reopen_count, 0) = 0) AS resolved_first,
  CASE WHEN count(*) = 0 THEN 'no resolved incident in the period carries a reassignment count' END AS reason
FROM base
WHERE kind = 'incident' AND resolved_at IS NOT NULL AND reassignment_count IS NOT NULL
{{group_by}}
