-- id: problem_backlog
-- title: Problem backlog at period end
-- definition: problems open at period_end(): opened before it and neither resolved nor closed before it; value = their count, with median and mean age (period end − opened_at, calendar days), known errors among them, and those open over 90 days
-- variant: snapshot "as of" the period's end (without a period, the latest time in the ticket data); open or closed by its resolved and closed times, a status only marking an ended problem that has no such time; a cancelled problem counts until its closed time and is left out when it has none; problems opened in the period are in problems_opened
-- unit: count
-- denominator: problems opened before the period end; problems marked resolved, closed or cancelled without any resolved/closed time cannot be placed and are counted in excluded_undated
-- table: problem
-- anchor: none
WITH o AS ( -- period_end() only in the select list: as a WHERE condition it becomes a slow nested-loop join
  SELECT {{dims}}
    (epoch(pe) - epoch(opened_at)) / 86400.0 AS age_days,
    known_error,
    opened_at < pe AS before_end,
    -- an unknown status (no status column mapped) is no sign of an end: the times decide (a NULL here once made
    -- every ticket neither open nor closed, and the backlog 0)
    coalesce(status IN ('resolved', 'closed', 'cancelled'), false) AND resolved_at IS NULL AND closed_at IS NULL AS undated,
    least(resolved_at, closed_at) >= pe AS ended_after
  FROM base, (SELECT period_end() AS pe)
  WHERE opened_at IS NOT NULL
),
b AS (
  SELECT *, before_end AND NOT undated AND coalesce(ended_after, true) AS is_open FROM o
)
SELECT {{dims}}
  CASE WHEN count(*) FILTER (WHERE before_end) > 0 THEN count(*) FILTER (WHERE is_open) END AS value,
  count(*) FILTER (WHERE is_open) AS n,
  quantile_cont(age_days, 0.5) FILTER (WHERE is_open) AS median_age_days,
  avg(age_days) FILTER (WHERE is_open) AS mean_age_days,
  count(*) FILTER (WHERE is_open AND age_days >= 91) AS age_over_90d,
  count(*) FILTER (WHERE is_open AND known_error) AS known_errors,
  count(*) FILTER (WHERE before_end AND undated) AS excluded_undated,
  CASE WHEN count(*) FILTER (WHERE before_end) = 0 THEN 'no problem was opened before the period end' END AS reason
FROM b
{{group_by}}
