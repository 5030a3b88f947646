-- id: mttr_business
-- title: Time to resolve in business hours (incidents)
-- definition: business hours between opened_at and resolved_at on the project's default calendar (working hours, holidays, its time zone with DST), per incident resolved in the period; mean, median, 90th percentile
-- variant: business time of the default calendar, to resolution, on-hold time included
-- unit: hours
-- denominator: incidents resolved in the period with both times inside the calendar's coverage; resolved before opened are excluded and counted in excluded_negative (as in mttr)
-- table: ticket
-- anchor: resolved_at
WITH r AS (
  SELECT {{dims}} tb.resolve_business_s / 3600.0 AS hours, b.resolved_at < b.opened_at AS reversed
  FROM base b JOIN ticket_business tb ON tb.ticket_key = b.ticket_key
  WHERE b.kind = 'incident' AND tb.resolve_business_s IS NOT NULL
)
SELECT {{dims}}
  'hours' AS unit,
  'business' AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql): a reversed range is left out, not 0 h
  unnest(duration_stats(hours, reversed)),
  CASE WHEN (SELECT count(*) FROM ticket_business) = 0 THEN 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)'
       WHEN count(*) FILTER (WHERE NOT reversed) = 0 THEN 'no incident in the period has both an opened and a resolved time' END AS reason
FROM r
{{group_by}}
