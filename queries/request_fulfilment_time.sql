-- id: request_fulfilment_time
-- title: Request fulfilment lead time (service requests)
-- definition: closed_at (else resolved_at) − opened_at in calendar days, per service request fulfilled in the period; mean, median and 90th percentile (interpolated); late_share = requests fulfilled after their due date / requests with a due date
-- variant: calendar days (24×7), opened → closed (complete), falling back to resolved where the export has no close time (kpi-definitions §1.6); cancelled requests excluded
-- unit: days
-- denominator: service requests fulfilled (closed, else resolved) in the period with an opened time, cancelled excluded; fulfilled before opened are excluded and counted in excluded_negative; late_share over those with a due date (due_n)
-- table: ticket
-- anchor: coalesce(closed_at, resolved_at)
WITH r AS (
  SELECT {{dims}}
    -- src/metrics/macros.sql
    fulfilment_days(opened_at, closed_at, resolved_at) AS days,
    due_at,
    coalesce(closed_at, resolved_at) AS done_at
  FROM base
  WHERE kind = 'service_request' AND opened_at IS NOT NULL AND coalesce(closed_at, resolved_at) IS NOT NULL
    AND status IS DISTINCT FROM 'cancelled'
)
SELECT {{dims}}
  'days' AS unit,
  'calendar' AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql)
  unnest(duration_stats(days, days < 0)),
  count(*) FILTER (WHERE days >= 0 AND due_at IS NOT NULL) AS due_n,
  count(*) FILTER (WHERE days >= 0 AND done_at > due_at) AS late,
  CASE WHEN count(*) FILTER (WHERE days >= 0 AND due_at IS NOT NULL) > 0
       THEN count(*) FILTER (WHERE days >= 0 AND done_at > due_at) / count(*) FILTER (WHERE days >= 0 AND due_at IS NOT NULL) END AS late_share,
  CASE WHEN count(*) FILTER (WHERE days >= 0) = 0
       THEN 'no service request fulfilled (closed or resolved) in the period has an opened time' END AS reason
FROM r
{{group_by}}
