-- id: assets
-- title: Assets by status
-- definition: assets as loaded, by canonical status; value = all assets; break it down with --by class, location, department … for assets by class etc.
-- variant: snapshot of the asset export as loaded (assets carry no time: the period does not filter them)
-- unit: count
-- denominator: none (count of loaded assets)
-- table: asset
-- anchor: none
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE status = 'in_use') AS in_use,
  count(*) FILTER (WHERE status = 'in_stock') AS in_stock,
  count(*) FILTER (WHERE status = 'on_order') AS on_order,
  count(*) FILTER (WHERE status = 'in_maintenance') AS in_maintenance,
  count(*) FILTER (WHERE status = 'retired') AS retired,
  count(*) FILTER (WHERE status = 'disposed') AS disposed,
  count(*) FILTER (WHERE status = 'missing') AS missing,
  count(*) FILTER (WHERE status = 'other') AS other,
  count(*) FILTER (WHERE status IS NULL) AS unknown,
  CASE WHEN count(*) = 0 THEN 'no asset export is loaded' END AS reason
FROM base
{{group_by}}
