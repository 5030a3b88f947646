-- id: time_to_first_response
-- kpi: mtta
-- rank: 1
-- title: Time to first response (incidents)
-- definition: first_response_at − opened_at in calendar hours, per incident opened in the period that has a first response; mean, median and 90th percentile (interpolated)
-- variant: calendar time (24×7); the export's own first-response / acknowledgement time (kpi-definitions §1.2), not inferred from comments
-- unit: hours
-- denominator: incidents opened in the period with an opened and a first-response time; responses before the opening are excluded and counted in excluded_negative
-- table: ticket
-- anchor: opened_at
-- with: basis = 'calendar'; response = b.first_response_at; no_data = 'no incident opened in the period has a first-response time in the export'
-- The body of time_to_first_response, time_to_assign and mtta_business (they run it with their own
-- parameters): `response` is the end of the range, `basis` calendar or business. Business hours are the default
-- calendar's from ticket_business (src/metrics/prepare.sql), measured to the first response else the first
-- assignment only: a business variant names that end. One rule for a reversed range, both bases: left out and
-- counted in excluded_negative (never 0 h).
WITH r AS (
  SELECT {{dims}}
    CASE WHEN {{basis}} = 'business' THEN tb.response_business_s / 3600.0 ELSE hours_between(b.opened_at, {{response}}) END AS hours,
    {{response}} < b.opened_at AS reversed
  FROM base b LEFT JOIN ticket_business tb ON {{basis}} = 'business' AND tb.ticket_key = b.ticket_key
  WHERE b.kind = 'incident' AND b.opened_at IS NOT NULL AND {{response}} IS NOT NULL
    -- business time: only incidents whose times lie inside the calendar's coverage
    AND ({{basis}} = 'calendar' OR tb.response_business_s IS NOT NULL)
)
SELECT {{dims}}
  'hours' AS unit,
  {{basis}} AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql)
  unnest(duration_stats(hours, reversed)),
  CASE WHEN {{basis}} = 'business' AND NOT EXISTS (FROM ticket_business) THEN 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)'
       WHEN count(*) FILTER (WHERE NOT reversed) = 0 THEN {{no_data}} END AS reason
FROM r
{{group_by}}
