-- id: fcr_flag
-- kpi: fcr
-- rank: 1
-- title: First-contact resolution (the export's own flag)
-- definition: share of service-desk contacts (interactions) the agent flagged as resolved at first contact (e.g. HPSM First Call Resolution = Y)
-- variant: P5 agent flag (agent-reported; kpi-definitions §1.3)
-- unit: ratio
-- denominator: interactions opened in the period that carry the flag
-- table: ticket
-- anchor: opened_at
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE first_contact_resolved) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE first_contact_resolved) AS resolved_first,
  CASE WHEN count(*) = 0 THEN 'no interaction with a first-contact-resolution flag in the period' END AS reason
FROM base
WHERE kind = 'interaction' AND first_contact_resolved IS NOT NULL
{{group_by}}
