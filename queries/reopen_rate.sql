-- id: reopen_rate
-- title: Reopen rate (incidents)
-- definition: share of resolved incidents reopened at least once (reopen_count > 0, or a reopen time where the export has only that)
-- variant: ever reopened, no time window (the exports carry a count, not the reopen dates)
-- unit: ratio
-- denominator: incidents resolved in the period that carry reopen information (a reopen count or a reopen time)
-- table: ticket
-- anchor: resolved_at
SELECT {{dims}}
  -- is_reopened / has_reopen_info: src/metrics/macros.sql (the findings frame and the maturity rubric use them too)
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE is_reopened(reopen_count, reopened_at)) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE is_reopened(reopen_count, reopened_at)) AS reopened,
  CASE WHEN count(*) = 0 THEN 'no resolved incident in the period carries reopen information' END AS reason
FROM base
WHERE kind = 'incident' AND resolved_at IS NOT NULL AND has_reopen_info(reopen_count, reopened_at)
{{group_by}}
