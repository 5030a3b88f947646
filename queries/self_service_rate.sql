-- id: self_service_rate
-- title: Self-service rate
-- definition: share of incidents and service requests opened through a self-service channel (portal, chat or virtual agent) among those opened through a self-service or an assisted channel (phone, e-mail, walk-in)
-- variant: by the export's channel mapped to the canonical vocabulary (the tool's own words per adapter); chat counts as self-service because the tools name virtual agents and chat bots so, and do not tell a bot from a person; machine-raised (monitoring, api) and unclassified (other) tickets are left out and counted
-- unit: ratio
-- denominator: incidents and service requests opened in the period with a self-service or assisted channel
-- table: ticket
-- anchor: opened_at
SELECT {{dims}}
  CASE WHEN count(*) FILTER (WHERE channel IN ('portal', 'chat', 'phone', 'email', 'walk_in')) > 0
       THEN count(*) FILTER (WHERE channel IN ('portal', 'chat'))
            / count(*) FILTER (WHERE channel IN ('portal', 'chat', 'phone', 'email', 'walk_in')) END AS value,
  count(*) FILTER (WHERE channel IN ('portal', 'chat', 'phone', 'email', 'walk_in')) AS n,
  count(*) FILTER (WHERE channel IN ('portal', 'chat')) AS self_service,
  count(*) FILTER (WHERE channel IN ('phone', 'email', 'walk_in')) AS assisted,
  count(*) FILTER (WHERE channel IN ('monitoring', 'api', 'other')) AS machine_or_other,
  count(*) FILTER (WHERE channel IS NULL) AS no_channel,
  CASE WHEN count(*) = 0 THEN 'no incident or service request was opened in the period'
       WHEN count(*) FILTER (WHERE channel IS NOT NULL) = 0 THEN 'the tickets carry no channel (the export has no channel column, or it is empty)'
       WHEN count(*) FILTER (WHERE channel IN ('portal', 'chat', 'phone', 'email', 'walk_in')) = 0 THEN 'every ticket with a channel came from monitoring, an API or an unclassified channel'
  END AS reason
FROM base
WHERE kind IN ('incident', 'service_request')
{{group_by}}
