-- id: mttr
-- title: Time to resolve (incidents)
-- definition: resolved_at − opened_at in calendar hours, per incident resolved in the period; mean, median and 90th percentile (interpolated)
-- variant: calendar time (24×7), to resolution (not closure), on-hold time included
-- unit: hours
-- denominator: incidents with an opened and a resolved time, resolved in the period; resolved before opened are excluded and counted in excluded_negative
-- table: ticket
-- anchor: resolved_at
-- with: basis = 'calendar'
-- The body of mttr and mttr_business (queries/mttr_business.sql runs it with basis = 'business'): one query,
-- the time basis a parameter. Calendar hours are resolution_hours (src/metrics/macros.sql), business hours the
-- default calendar's from ticket_business (src/metrics/prepare.sql). One rule for a reversed range, both bases:
-- left out and counted in excluded_negative (never 0 h).
WITH r AS (
  SELECT {{dims}}
    CASE WHEN {{basis}} = 'business' THEN tb.resolve_business_s / 3600.0 ELSE hours_between(b.opened_at, b.resolved_at) END AS hours,
    b.resolved_at < b.opened_at AS reversed
  FROM base b LEFT JOIN ticket_business tb ON {{basis}} = 'business' AND tb.ticket_key = b.ticket_key
  WHERE b.kind = 'incident' AND b.opened_at IS NOT NULL AND b.resolved_at IS NOT NULL
    -- business time: only incidents whose times lie inside the calendar's coverage
    AND ({{basis}} = 'calendar' OR tb.resolve_business_s IS NOT NULL)
)
SELECT {{dims}}
  'hours' AS unit,
  {{basis}} AS basis,
  -- n, mean, median, p90, excluded_negative (src/metrics/macros.sql)
  unnest(duration_stats(hours, reversed)),
  CASE WHEN {{basis}} = 'business' AND NOT EXISTS (FROM ticket_business) THEN 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)'
       WHEN count(*) FILTER (WHERE NOT reversed) = 0 THEN 'no incident in the period has both an opened and a resolved time' END AS reason
FROM r
{{group_by}}
