-- id: sla_attainment
-- title: SLA attainment (incidents, the export's own flag)
-- definition: share of incidents whose export flags the SLA as met (ServiceNow made_sla, JSM Time to resolution not negative)
-- variant: ticket-level flag as exported (source = export); open incidents count with their current flag
-- unit: ratio
-- denominator: incidents opened in the period that carry an SLA flag
-- table: ticket
-- anchor: opened_at
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE sla_met) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE sla_met) AS met,
  'export' AS source,
  CASE WHEN count(*) = 0 THEN 'no incident in the period carries an SLA flag in the export' END AS reason
FROM base
WHERE kind = 'incident' AND sla_met IS NOT NULL
{{group_by}}
