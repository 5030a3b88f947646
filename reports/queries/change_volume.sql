-- id: report_change_volume
-- title: Changes opened by type
-- definition: changes opened in each month of the trend window, by change type (standard, normal, emergency, other; unknown when the export has no type)
-- variant: opened_at (the change's creation), UTC months
-- unit: count
-- denominator: none (counts of changes opened in the month)
-- table: change
-- anchor: opened_at
SELECT
  strftime(make_timestamp(epoch_us(opened_at)), '%Y-%m') AS x,
  coalesce(CASE WHEN emergency AND coalesce(change_type, '') <> 'emergency' THEN 'emergency' ELSE change_type END, 'unknown') AS series,
  count(*) AS value,
  count(*) AS n
FROM change
WHERE opened_at >= {{trend_from}} AND opened_at < {{to}}
GROUP BY ALL
ORDER BY x, series
