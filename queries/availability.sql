-- id: availability
-- title: Service availability (major incidents)
-- definition: per service, 1 − (minutes inside a major incident on the service ÷ minutes of the period), overlapping incidents merged so no minute counts twice; an incident counts on each service it affects (its Statuspage components); the value is the worst service's (`worst_service`), `--by service` gives each, `--by month` each month's worst service over that month's minutes, `--by ci` each configuration item (the ticket's ci_name) instead of each service (`per` says which)
-- variant: calendar time, unweighted (every major-incident minute a full outage) in `value`; impact-weighted beside it in `value_weighted` (`weights` says how; a Statuspage component's own status, where an update sets one, weighs that component's minutes); in business hours in `value_business` / `value_business_weighted` (1 − outage minutes inside business hours ÷ business minutes of the period, each service on its own calendar: metrics.availability_calendars, else the default calendar; `--by ci` always on the default calendar, as a CI has no calendar mapping; null with `business_reason` when no calendar applies); an unresolved incident is down until the period's end; the major-incident rule is in `rule`
-- unit: ratio
-- denominator: services named by an incident open at some time in the period (scheduled maintenances are changes, never outages)
-- table: ticket
-- anchor: none
-- spans: opened_at, coalesce(resolved_at, closed_at)
-- dimensions: service, ci, month
--
-- `base` carries the slice of time each row is measured in (__slice_from, __slice_to): the period, or with
-- --by month each month the incident touches (src/metrics/queries.ts, `spans`). A unit is what availability
-- is measured of: the service, or the CI when broken down by ci. `k` keys a unit's timeline: the breakdown
-- columns and the unit (text; a month as its first instant), so that each month's and each service's outages merge apart; a row (STRUCT)
-- rather than a list: at 1M incidents by month, grouping and joining on it cost ~0.13 CPU-s less.
-- A unit's business calendar (`cal`): the service's own (availability_calendar, src/metrics/prepare.ts, matched
-- ignoring case and surrounding spaces), else the default (business_calendar()); a CI always the default. A
-- service with no calendar (none mapped and no default) is left out of the business variant. Business fields:
-- `business_calendar` is the calendar of `worst_service_business` (so the default when every service is on it),
-- `business_calendars` every calendar measured on (comma-separated), `period_business_minutes` the business
-- minutes of the period on the worst service's calendar, `down_business_minutes` the sum of each service's
-- business outage minutes on its own calendar (null when a service has no calendar).
WITH b AS (
  -- a ticket once per service it affects: its ticket_service links (a Statuspage incident's components), else
  -- its service; the service breakdown (__d_service) follows the same service
  SELECT COLUMNS(c -> c NOT IN ('service', '__d_service', '__k', '__s')), coalesce(l.__s, base.service) AS service, coalesce(l.__s, base.service) AS __d_service,
    CASE WHEN {{by:ci}} THEN base.ci_name ELSE coalesce(l.__s, base.service) END AS unit
  FROM base LEFT JOIN (SELECT ticket_key AS __k, service AS __s FROM ticket_service) l ON l.__k = base.ticket_key
),
-- incidents open at some time in the slice, clipped to it
open_in AS (
  SELECT {{dims}} row({{dims}} unit) AS k, unit, service, ticket_key, is_major_incident(kind, priority, major_incident) AS major, major_incident IS NOT NULL AS marked,
    impact_weight(impact) AS w, __slice_from AS s, __slice_to AS e,
    greatest(opened_at, __slice_from) AS f, least(coalesce(resolved_at, closed_at, __slice_to), __slice_to) AS t
  FROM b
  WHERE kind = 'incident' AND unit IS NOT NULL AND trim(unit) <> '' AND opened_at IS NOT NULL
    AND opened_at < __slice_to AND coalesce(resolved_at, closed_at, __slice_to) > __slice_from
),
units AS (
  SELECT u.*, CASE WHEN {{by:ci}} THEN business_calendar() ELSE coalesce(ac.calendar, business_calendar()) END AS cal
  FROM (SELECT {{dims}} k, unit, any_value(s) AS s, any_value(e) AS e, bool_or(marked) AS marked FROM open_in GROUP BY ALL) u
  LEFT JOIN availability_calendar ac ON ac.service = lower(trim(u.unit))
),
-- materialised: bounds and stretch read the outages' numbers (oid), which a second evaluation in another scan order
-- would give to other rows
outage AS MATERIALIZED (SELECT *, row_number() OVER () AS oid FROM open_in WHERE major AND t > f),
-- a component's status after each update that sets it (Statuspage affected_components; canonical statuses
-- of the adapter's component_status vocabulary): major outage weighs as impact 1, partial outage as 2,
-- degraded as 3; operational and maintenance weigh nothing (the unweighted value still counts the minute)
comp AS (
  SELECT record_key AS ticket_key, field AS service, event_time AS at,
    CASE status WHEN 'major_outage' THEN impact_weight(1) WHEN 'partial_outage' THEN impact_weight(2) WHEN 'degraded' THEN impact_weight(3)
                WHEN 'operational' THEN 0 WHEN 'maintenance' THEN 0 END AS cw
  FROM ticket_event WHERE event_type = 'component_status' AND event_time IS NOT NULL
),
-- each outage cut where its service's component status changes; a stretch weighs its latest status, else
-- (before the first status, or with none) the incident's impact
bounds AS (
  SELECT oid, f AS x FROM outage
  UNION SELECT o.oid, st.at FROM outage o JOIN comp st ON st.ticket_key = o.ticket_key AND st.service = o.service AND st.at > o.f AND st.at < o.t
),
stretch AS (
  SELECT x.k, x.f, x.t, coalesce(st.cw, x.w) AS w
  FROM (SELECT o.k, o.ticket_key, o.service, o.w, bd.x AS f, coalesce(lead(bd.x) OVER (PARTITION BY bd.oid ORDER BY bd.x), o.t) AS t
          FROM outage o JOIN bounds bd ON bd.oid = o.oid) x
  ASOF LEFT JOIN comp st ON st.ticket_key = x.ticket_key AND st.service = x.service AND x.f >= st.at
),
-- the unit's timeline cut at every stretch's start and end; a piece is down when a stretch covers it, and
-- weighs the highest weight among those covering it
cuts AS (SELECT DISTINCT k, x FROM (SELECT k, f AS x FROM stretch UNION ALL SELECT k, t FROM stretch)),
-- (i numbers a unit's cuts in time order: the pieces a stretch covers are those from its start's number to the one
-- before its end's, found by equality joins; a join on the unit with f <= a AND t >= b compared every piece with
-- every stretch of the unit)
pieces AS (SELECT k, x AS a, lead(x) OVER (PARTITION BY k ORDER BY x) AS b, row_number() OVER (PARTITION BY k ORDER BY x) AS i FROM cuts),
covers AS (
  SELECT o.k, unnest(range(pf.i, pt.i)) AS i, o.w
  FROM stretch o JOIN pieces pf ON pf.k = o.k AND pf.a = o.f JOIN pieces pt ON pt.k = o.k AND pt.a = o.t
),
-- Pieces are measured in whole microseconds (weighted ones rounded to one) and summed as integers: a parallel
-- sum of floating-point minutes came out in a different last digit from run to run.
down AS (
  SELECT pc.k, epoch_us(pc.b) - epoch_us(pc.a) AS us, round((business_cum(u.cal, pc.b) - business_cum(u.cal, pc.a)) * 1e6)::BIGINT AS business_us, max(o.w) AS w
  FROM pieces pc JOIN units u ON u.k = pc.k JOIN covers o ON o.k = pc.k AND o.i = pc.i
  WHERE pc.b IS NOT NULL
  GROUP BY pc.k, pc.a, pc.b, u.cal
),
per_unit AS (
  SELECT *, down_us / 6e7 AS down_minutes, down_b_us / 6e7 AS down_b
  FROM (SELECT u.*, coalesce(sum(d.us), 0) AS down_us, coalesce(sum(round(d.us * d.w)::BIGINT), 0) / 6e7 AS weighted_minutes,
          coalesce(sum(d.business_us), 0) AS down_b_us, coalesce(sum(round(d.business_us * d.w)::BIGINT), 0) / 6e7 AS weighted_b
        FROM units u LEFT JOIN down d ON d.k = u.k
        GROUP BY ALL)
),
a AS (
  -- at least 0: merged pieces never exceed the period; the clamp stays as a guard (before the integer sums, a unit
  -- down the whole month showed as -0.000 % on some runs and 0.000 % on others)
  SELECT *, greatest(0, 1 - down_minutes / period_minutes) AS avail, greatest(0, 1 - weighted_minutes / period_minutes) AS avail_w,
    CASE WHEN period_b > 0 THEN greatest(0, 1 - down_b / period_b) END AS avail_b, CASE WHEN period_b > 0 THEN greatest(0, 1 - weighted_b / period_b) END AS avail_bw
  FROM (SELECT *, (epoch_us(e) - epoch_us(s)) / 6e7 AS period_minutes, (business_cum(cal, e) - business_cum(cal, s)) / 60.0 AS period_b FROM per_unit)
  WHERE period_minutes > 0
)
SELECT {{dims}}
  min(avail) AS value,
  min(avail_w) AS value_weighted,
  -- ties (two services down the whole period) go to the first name; rounded so that float noise in summed
  -- pieces does not break a tie
  arg_min(unit, (round(avail, 9), unit)) AS worst_service,
  CASE WHEN {{by:ci}} THEN 'ci' ELSE 'service' END AS per,
  CASE WHEN {{by:ci}} THEN 'configuration items' ELSE 'services' END AS n_of,
  count(*) AS n,
  count(*) FILTER (WHERE down_minutes > 0) AS services_with_outage,
  sum(down_us) / 6e7 AS down_minutes,
  any_value(period_minutes) AS period_minutes,
  min(avail_b) AS value_business,
  min(avail_bw) AS value_business_weighted,
  arg_min(unit, (round(avail_b, 9), unit)) FILTER (WHERE avail_b IS NOT NULL) AS worst_service_business,
  CASE WHEN bool_and(avail_b IS NOT NULL) THEN sum(down_b_us) / 6e7 END AS down_business_minutes,
  coalesce(arg_min(period_b, (round(avail_b, 9), unit)) FILTER (WHERE avail_b IS NOT NULL), any_value(period_b)) AS period_business_minutes,
  coalesce(arg_min(cal, (round(avail_b, 9), unit)) FILTER (WHERE avail_b IS NOT NULL), CASE WHEN count(DISTINCT cal) = 1 THEN any_value(cal) END, business_calendar()) AS business_calendar,
  string_agg(DISTINCT cal, ', ' ORDER BY cal) AS business_calendars,
  major_incident_rule(bool_or(marked)) AS rule,
  impact_weights_rule() AS weights,
  CASE WHEN count(*) = 0 THEN 'no incident open in the period names a service' END AS reason,
  CASE WHEN business_calendar() IS NULL AND (count(*) = 0 OR bool_and(cal IS NULL)) AND NOT EXISTS (FROM availability_calendar)
         THEN 'no business calendar configured (add a calendars: section to itsm-lens.config.yaml)'
       WHEN count(*) = 0 THEN 'no incident open in the period names a service'
       WHEN bool_and(cal IS NULL) THEN 'no business calendar for these services (metrics.availability_calendars names none of them and calendars: has no default)'
       WHEN bool_and(avail_b IS NULL) AND bool_or(cal IS NOT NULL AND period_b IS NULL)
         THEN 'the period lies outside the span of calendar ' || string_agg(DISTINCT cal, ', ' ORDER BY cal) FILTER (WHERE period_b IS NULL) || ' (built over the data''s times)'
       WHEN bool_and(avail_b IS NULL) THEN 'the period holds no business hours on calendar ' || string_agg(DISTINCT cal, ', ' ORDER BY cal) END AS business_reason
FROM a
{{group_by}}
