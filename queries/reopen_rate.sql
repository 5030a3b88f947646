-- id: reopen_rate
-- title: Reopen rate (incidents)
-- definition: share of resolved incidents reopened at least once (reopen_count > 0, or a reopen time where the export has only that)
-- variant: ever reopened, no time window (the exports carry a count, not the reopen dates)
-- unit: ratio
-- denominator: incidents resolved in the period that carry reopen information
-- table: ticket
-- anchor: resolved_at
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE reopen_count > 0) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE reopen_count > 0) AS reopened,
  CASE WHEN count(*) = 0 THEN 'no resolved incident in the period carries reopen information' END AS reason
FROM base
WHERE kind = 'incident' AND resolved_at IS NOT NULL AND reopen_count IS NOT NULL
{{group_by}}
