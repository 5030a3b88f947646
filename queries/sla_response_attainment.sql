-- id: sla_response_attainment
-- title: Response SLA attainment (incidents, recomputed from the configured policy)
-- definition: share of incidents whose response SLA (opened → first response, else first assignment), recomputed from the project's policy, is met; open ones past the target count as breached, those still within it are left out
-- variant: policy (source = policy), response target, business time of the policy's calendar
-- unit: ratio
-- denominator: incidents opened in the period that a response policy covers and whose response SLA has ended
-- table: ticket
-- anchor: opened_at
SELECT {{dims}}
  CASE WHEN count(*) FILTER (WHERE s.state <> 'in_progress') > 0
       THEN count(*) FILTER (WHERE s.state = 'met') / count(*) FILTER (WHERE s.state <> 'in_progress') END AS value,
  count(*) FILTER (WHERE s.state <> 'in_progress') AS n,
  count(*) FILTER (WHERE s.state = 'met') AS met,
  count(*) FILTER (WHERE s.state = 'in_progress') AS in_progress,
  'policy' AS source,
  CASE WHEN (SELECT count(*) FROM sla_result WHERE sla = 'response') = 0 THEN 'no response SLA policy in the project config (sla.policies), no ticket it covers, or no ticket of its kinds with a first-response or assignment time'
       WHEN count(*) FILTER (WHERE s.state <> 'in_progress') = 0 THEN 'no incident in the period whose response SLA has ended'
            -- tickets still running are not nothing: say how many, their due times are in kpi --explain
            || CASE WHEN count(*) FILTER (WHERE s.state = 'in_progress') > 0
                    THEN printf(' (%d still in progress: kpi --explain TICKET shows each due time)', count(*) FILTER (WHERE s.state = 'in_progress')) ELSE '' END END AS reason
FROM base b JOIN sla_result s ON s.ticket_key = b.ticket_key AND s.sla = 'response'
WHERE b.kind = 'incident'
{{group_by}}
