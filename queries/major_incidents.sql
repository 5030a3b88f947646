-- id: major_incidents
-- title: Major incidents
-- definition: incidents opened in the period that are major: marked so by their tool (ServiceNow major_incident_state accepted, Freshservice Major incident type set, TOPdesk majorCall, every Statuspage incident), else under the project's rule (`rule` says which: by default priority 1); value = their count, with the median and mean hours from start to resolution and the median hours to the first communication (first response) where the export has it
-- variant: the tool's mark where the record has one (`marked_by_tool` of them), else by priority (metrics.major_incident_max_priority); calendar hours; unresolved ones counted in `open`
-- unit: count
-- denominator: incidents opened in the period with a priority or the tool's mark (n); value counts the major ones among them
-- table: ticket
-- anchor: opened_at
WITH m AS (
  SELECT {{dims}}
    is_major_incident(kind, priority, major_incident) AS major,
    major_incident IS NOT NULL AS marked,
    (epoch(resolved_at) - epoch(opened_at)) / 3600.0 AS hours,
    (epoch(first_response_at) - epoch(opened_at)) / 3600.0 AS comms_hours
  FROM base
  WHERE kind = 'incident' AND (priority IS NOT NULL OR major_incident IS NOT NULL)
)
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE major) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE major AND hours IS NULL) AS open,
  quantile_cont(hours, 0.5) FILTER (WHERE major AND hours >= 0) AS mttr_median_hours,
  avg(hours) FILTER (WHERE major AND hours >= 0) AS mttr_mean_hours,
  quantile_cont(comms_hours, 0.5) FILTER (WHERE major AND comms_hours >= 0) AS first_communication_median_hours,
  count(*) FILTER (WHERE major AND comms_hours >= 0) AS with_first_communication,
  count(*) FILTER (WHERE major AND marked) AS marked_by_tool,
  major_incident_rule(bool_or(marked)) AS rule,
  CASE WHEN count(*) = 0 THEN 'no incident opened in the period carries a priority or its tool''s major-incident mark' END AS reason
FROM m
{{group_by}}
