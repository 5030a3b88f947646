-- id: problems_opened
-- title: Problems opened
-- definition: problems opened in the period; value = their count, with how many are known errors and how many are already resolved or closed
-- variant: opened in the period (opened_at); with no period, every loaded problem (those without an opened time included), as in counts; the open-problem snapshot is problem_backlog
-- unit: count
-- denominator: none (count of problems opened in the period)
-- table: problem
-- anchor: opened_at
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE known_error) AS known_errors,
  count(*) FILTER (WHERE resolved_at IS NOT NULL OR closed_at IS NOT NULL) AS resolved_or_closed,
  CASE WHEN count(*) = 0 THEN 'no problem was opened in the period' END AS reason
FROM base
{{group_by}}
