-- id: reassignment_rate
-- title: Reassignment rate (incidents)
-- definition: share of resolved incidents reassigned at least once (reassignment_count > 0); also the mean reassignment count
-- variant: the export's reassignment_count (group or assignee changes as the tool counts them), no event history needed; see group_hops for hops between groups
-- unit: ratio
-- denominator: incidents resolved in the period that carry a reassignment count
-- table: ticket
-- anchor: resolved_at
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE reassignment_count > 0) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE reassignment_count > 0) AS reassigned,
  avg(reassignment_count) AS mean_reassignments,
  CASE WHEN count(*) = 0 THEN 'no resolved incident in the period carries a reassignment count' END AS reason
FROM base
WHERE kind = 'incident' AND resolved_at IS NOT NULL AND reassignment_count IS NOT NULL
{{group_by}}
