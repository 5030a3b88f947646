-- id: sla_attainment_policy
-- kpi: sla_attainment
-- rank: 2
-- title: SLA attainment (incidents, recomputed from the configured policy)
-- definition: share of incidents whose resolution SLA, recomputed from the project's policy (target by priority, on the policy's calendar, pause states removed), is met; open incidents already past their target count as breached, open ones still within it are left out (in_progress)
-- variant: policy (source = policy), resolution target, business time of the policy's calendar
-- unit: ratio
-- denominator: incidents opened in the period that a policy covers and whose SLA has ended (met, or breached)
-- table: ticket
-- anchor: opened_at
SELECT {{dims}}
  CASE WHEN count(*) FILTER (WHERE s.state <> 'in_progress') > 0
       THEN count(*) FILTER (WHERE s.state = 'met') / count(*) FILTER (WHERE s.state <> 'in_progress') END AS value,
  count(*) FILTER (WHERE s.state <> 'in_progress') AS n,
  count(*) FILTER (WHERE s.state = 'met') AS met,
  count(*) FILTER (WHERE s.state = 'in_progress') AS in_progress,
  'policy' AS source,
  CASE WHEN (SELECT count(*) FROM sla_result WHERE sla = 'resolution') = 0 THEN 'no resolution SLA policy in the project config (sla.policies), or no ticket it covers'
       WHEN count(*) FILTER (WHERE s.state <> 'in_progress') = 0 THEN 'no incident in the period whose policy SLA has ended'
            -- tickets still running are not nothing: say how many, their due times are in kpi --explain
            || CASE WHEN count(*) FILTER (WHERE s.state = 'in_progress') > 0
                    THEN printf(' (%d still in progress: kpi --explain TICKET shows each due time)', count(*) FILTER (WHERE s.state = 'in_progress')) ELSE '' END END AS reason
FROM base b JOIN sla_result s ON s.ticket_key = b.ticket_key AND s.sla = 'resolution'
WHERE b.kind = 'incident'
{{group_by}}
