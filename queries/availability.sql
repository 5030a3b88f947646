-- id: availability
-- title: Service availability (major incidents)
-- definition: per service, 1 − (minutes inside a major incident on the service ÷ minutes of the period), overlapping incidents merged so no minute counts twice; an incident counts on each service it affects (its Statuspage components); the value is the worst service's (`worst_service`), `--by service` gives each
-- variant: calendar time; unweighted (every major-incident minute a full outage) in `value`, impact-weighted beside it in `value_weighted` (`weights` says how); an unresolved incident is down until the period's end; the major-incident rule is in `rule`
-- unit: ratio
-- denominator: services named by an incident open at some time in the period (scheduled maintenances are changes, never outages)
-- table: ticket
-- anchor: none
-- dimensions: service
WITH p AS (SELECT period_start() AS s, period_end() AS e, (epoch(period_end()) - epoch(period_start())) / 60.0 AS minutes),
-- a ticket once per service it affects: its ticket_service links (a Statuspage incident's components), else
-- its service; the service breakdown (__d_service) follows the same service
b AS (
  SELECT COLUMNS(c -> c NOT IN ('service', '__d_service', '__k', '__s')), coalesce(l.__s, base.service) AS service, coalesce(l.__s, base.service) AS __d_service
  FROM base LEFT JOIN (SELECT ticket_key AS __k, service AS __s FROM ticket_service) l ON l.__k = base.ticket_key
),
-- incidents open at some time in the period, clipped to it; service and dims carried along
open_in AS (
  SELECT {{dims}} service, is_major_incident(kind, priority, major_incident) AS major, major_incident IS NOT NULL AS marked, impact_weight(impact) AS w,
    greatest(opened_at, p.s) AS f, least(coalesce(resolved_at, closed_at, p.e), p.e) AS t
  FROM b, p
  WHERE kind = 'incident' AND service IS NOT NULL AND trim(service) <> '' AND opened_at IS NOT NULL
    AND opened_at < p.e AND coalesce(resolved_at, closed_at, p.e) > p.s
),
services AS (SELECT {{dims}} service, bool_or(marked) AS marked FROM open_in GROUP BY ALL),
outage AS (SELECT * FROM open_in WHERE major AND t > f),
-- the service's timeline cut at every outage's start and end; a piece is down when an outage covers it, and
-- weighs the highest impact weight among those covering it
cuts AS (SELECT DISTINCT service, x FROM (SELECT service, f AS x FROM outage UNION ALL SELECT service, t FROM outage)),
pieces AS (SELECT service, x AS a, lead(x) OVER (PARTITION BY service ORDER BY x) AS b FROM cuts),
down AS (
  SELECT pc.service, (epoch(pc.b) - epoch(pc.a)) / 60.0 AS minutes, max(o.w) AS w
  FROM pieces pc JOIN outage o ON o.service = pc.service AND o.f <= pc.a AND o.t >= pc.b
  WHERE pc.b IS NOT NULL
  GROUP BY pc.service, pc.a, pc.b
),
per_service AS (
  SELECT s.*, coalesce(sum(d.minutes), 0) AS down_minutes, coalesce(sum(d.minutes * d.w), 0) AS weighted_minutes
  FROM services s LEFT JOIN down d ON d.service = s.service
  GROUP BY ALL
),
a AS (
  SELECT per_service.*, 1 - down_minutes / p.minutes AS avail, 1 - weighted_minutes / p.minutes AS avail_w, p.minutes AS period_minutes
  FROM per_service, p WHERE p.minutes > 0
)
SELECT {{dims}}
  min(avail) AS value,
  min(avail_w) AS value_weighted,
  arg_min(service, (avail, service)) AS worst_service,
  count(*) AS n,
  count(*) FILTER (WHERE down_minutes > 0) AS services_with_outage,
  sum(down_minutes) AS down_minutes,
  any_value(period_minutes) AS period_minutes,
  major_incident_rule(bool_or(marked)) AS rule,
  impact_weights_rule() AS weights,
  CASE WHEN count(*) = 0 THEN 'no incident open in the period names a service' END AS reason
FROM a
{{group_by}}
