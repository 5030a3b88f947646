-- id: change_success_rate
-- title: Change success rate
-- definition: successful changes / changes with an outcome (successful, successful with issues, unsuccessful, backed out)
-- variant: ServiceNow close-code definition (kpi-definitions §1.5); "successful with issues" is not a success and is shown apart
-- unit: ratio
-- denominator: changes with a recorded outcome, completed in the period (actual end, else closed, else opened)
-- table: change
-- anchor: coalesce(actual_end, closed_at, opened_at)
WITH c AS (SELECT {{dims}} outcome FROM base)
SELECT {{dims}}
  CASE WHEN count(*) FILTER (WHERE outcome IN ('successful', 'successful_with_issues', 'unsuccessful', 'backed_out')) > 0
       THEN count(*) FILTER (WHERE outcome = 'successful')
            / count(*) FILTER (WHERE outcome IN ('successful', 'successful_with_issues', 'unsuccessful', 'backed_out')) END AS value,
  count(*) FILTER (WHERE outcome IN ('successful', 'successful_with_issues', 'unsuccessful', 'backed_out')) AS n,
  count(*) FILTER (WHERE outcome = 'successful') AS successful,
  count(*) FILTER (WHERE outcome = 'successful_with_issues') AS successful_with_issues,
  count(*) FILTER (WHERE outcome IN ('unsuccessful', 'backed_out')) AS failed,
  CASE WHEN count(*) = 0 THEN 'no changes loaded for the period'
       WHEN count(*) FILTER (WHERE outcome IN ('successful', 'successful_with_issues', 'unsuccessful', 'backed_out')) = 0
       THEN 'the loaded changes carry no outcome (close code)' END AS reason
FROM c
{{group_by}}
