-- id: knowledge_use_rate
-- title: Knowledge use rate (incidents)
-- definition: share of resolved incidents that reference a knowledge article (ServiceNow knowledge flag or KB used for resolution, HPSM KM number, Ivanti knowledge link)
-- variant: a reference is any value but an empty or "no" one (false, no, n, 0, none, -); kpi-definitions N2 (linkage at resolution)
-- unit: ratio
-- denominator: incidents resolved in the period, when the export carries a knowledge reference for some of them
-- table: ticket
-- anchor: resolved_at
-- A field every record fills from the first on is often mandatory in the tool (HPSM's KM number) and then says
-- nothing about use: `caveat` says so beside the value.
WITH r AS (
  SELECT *, knowledge_ref IS NOT NULL AND lower(trim(knowledge_ref)) NOT IN ('', 'false', 'no', 'n', '0', 'none', '-') AS cites
  FROM base WHERE kind = 'incident' AND resolved_at IS NOT NULL
)
SELECT {{dims}}
  CASE WHEN count(knowledge_ref) > 0 THEN count(*) FILTER (WHERE cites) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE cites) AS with_article,
  CASE WHEN count(*) = 0 THEN 'no incident was resolved in the period'
       WHEN count(knowledge_ref) = 0 THEN 'the resolved incidents carry no knowledge reference (the export has no knowledge column, or it is empty)'
  END AS reason,
  CASE WHEN count(*) > 0 AND count(*) FILTER (WHERE cites) = count(*)
       THEN 'every resolved incident names an article: the field may be mandatory in the tool, so the rate may not show use' END AS caveat
FROM r
{{group_by}}
