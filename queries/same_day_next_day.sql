-- id: same_day_next_day
-- title: Same-day / next-day resolution rate (incidents)
-- definition: share of incidents resolved by the end of the business day after the one they were opened on (opened after hours: the next working day counts as the first), on the project's default calendar
-- variant: HDI same day/next day (kpi-definitions §1.1, §5.3 case 2); business days, not 8-hour chunks
-- unit: ratio
-- denominator: incidents opened in the period (open ones count as not resolved in time once their deadline has passed; those whose deadline is still ahead are left out)
-- table: ticket
-- anchor: opened_at
WITH t AS (
  SELECT {{dims}} b.resolved_at, tb.next_day_deadline AS deadline
  FROM base b JOIN ticket_business tb ON tb.ticket_key = b.ticket_key
  WHERE b.kind = 'incident' AND tb.next_day_deadline IS NOT NULL
    AND (b.resolved_at IS NOT NULL OR tb.next_day_deadline <= period_end())
)
SELECT {{dims}}
  CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE resolved_at <= deadline) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE resolved_at <= deadline) AS met,
  CASE WHEN (SELECT count(*) FROM ticket_business) = 0 THEN 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)'
       WHEN count(*) = 0 THEN 'no incident opened in the period' END AS reason
FROM t
{{group_by}}
