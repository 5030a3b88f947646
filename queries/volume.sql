-- id: volume
-- title: Ticket volume
-- definition: tickets opened in the period, by kind; value = all tickets (incidents + service requests + interactions + other); break it down with --by channel, category, priority, group … for volume by channel etc.
-- variant: opened in the period (opened_at); with no period, every loaded ticket (those without an opened time included), as in counts
-- unit: count
-- denominator: none (counts of tickets opened in the period)
-- table: ticket
-- anchor: opened_at
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE kind = 'incident') AS incidents,
  count(*) FILTER (WHERE kind = 'service_request') AS service_requests,
  count(*) FILTER (WHERE kind = 'interaction') AS interactions,
  count(*) FILTER (WHERE kind IS NULL OR kind NOT IN ('incident', 'service_request', 'interaction')) AS other,
  CASE WHEN count(*) = 0 THEN 'no ticket was opened in the period' END AS reason
FROM base
{{group_by}}
