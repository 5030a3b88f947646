-- id: mtta_business
-- title: Time to first response in business hours (incidents)
-- definition: business hours between opened_at and the first response (else the first assignment) on the project's default calendar, per incident opened in the period; mean, median, 90th percentile
-- variant: business time of the default calendar; first response where exported, first assignment (event logs) otherwise
-- unit: hours
-- denominator: incidents opened in the period with a first-response or first-assignment time inside the calendar's coverage; responses before the opening are excluded and counted in excluded_negative
-- table: ticket
-- anchor: opened_at
WITH r AS (
  SELECT {{dims}} tb.response_business_s / 3600.0 AS hours, coalesce(b.first_response_at, b.first_assigned_at) < b.opened_at AS reversed
  FROM base b JOIN ticket_business tb ON tb.ticket_key = b.ticket_key
  WHERE b.kind = 'incident' AND tb.response_business_s IS NOT NULL
)
SELECT {{dims}}
  'hours' AS unit,
  'business' AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql): a reversed range is left out, not 0 h
  unnest(duration_stats(hours, reversed)),
  CASE WHEN (SELECT count(*) FROM ticket_business) = 0 THEN 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)'
       WHEN count(*) FILTER (WHERE NOT reversed) = 0 THEN 'no incident opened in the period has a first-response or first-assignment time' END AS reason
FROM r
{{group_by}}
