-- id: warranty_expiring
-- title: Warranty expiring (assets in use)
-- definition: in-use assets whose warranty_end falls within the 90 days from period_end() (period-end date ≤ warranty_end < that date + 90 days); expired_in_use = in-use assets whose warranty ended before the period-end date
-- variant: snapshot of the asset export as loaded, dated at the period's end in UTC (without a period, the latest time in the ticket data); 90-day horizon
-- unit: count
-- denominator: assets in use that carry a warranty end date
-- table: asset
-- anchor: none
WITH a AS (
  SELECT {{dims}} warranty_end, (period_end() AT TIME ZONE 'UTC')::DATE AS as_of
  FROM base
  WHERE status = 'in_use'
)
SELECT {{dims}}
  CASE WHEN count(warranty_end) > 0
       THEN count(*) FILTER (WHERE warranty_end >= as_of AND warranty_end < as_of + 90) END AS value,
  count(warranty_end) AS n,
  count(*) FILTER (WHERE warranty_end >= as_of AND warranty_end < as_of + 90) AS expiring_90d,
  count(*) FILTER (WHERE warranty_end < as_of) AS expired_in_use,
  count(*) - count(warranty_end) AS no_warranty_date,
  CASE WHEN count(*) = 0 THEN 'no asset in use is loaded'
       WHEN count(warranty_end) = 0 THEN 'no asset in use carries a warranty end date' END AS reason
FROM a
{{group_by}}
