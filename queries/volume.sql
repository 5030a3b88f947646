-- id: volume
-- title: Ticket volume
-- definition: tickets opened in the period, by kind; value = all tickets (incidents + service requests + interactions + other), kinds = the kinds it adds; tickets = the same without interactions (service-desk contacts, counted apart from the tickets they raise), tickets_kinds = the kinds it adds; break it down with --by channel, category, priority, group … for volume by channel etc.
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
  count(*) FILTER (WHERE kind IS DISTINCT FROM 'interaction') AS tickets,
  -- the kinds each figure adds, those present: "Tickets opened" never hides the contacts it counts
  list_filter([CASE WHEN count(*) FILTER (WHERE kind = 'incident') > 0 THEN 'incidents' END,
               CASE WHEN count(*) FILTER (WHERE kind = 'service_request') > 0 THEN 'service_requests' END,
               CASE WHEN count(*) FILTER (WHERE kind = 'interaction') > 0 THEN 'interactions' END,
               CASE WHEN count(*) FILTER (WHERE kind IS NULL OR kind NOT IN ('incident', 'service_request', 'interaction')) > 0 THEN 'other' END],
              k -> k IS NOT NULL) AS kinds,
  list_filter(kinds, k -> k <> 'interactions') AS tickets_kinds,
  CASE WHEN count(*) = 0 THEN 'no ticket was opened in the period' END AS reason
FROM base
{{group_by}}
