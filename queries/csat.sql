-- id: csat
-- title: Customer satisfaction (CSAT)
-- definition: mean satisfaction score (csat_score, normalised to 0..1) of tickets resolved in the period; satisfied_share = scores ≥ 0.75 (satisfied or very satisfied on a 5-point scale) / scores; response_rate = tickets with a score / tickets resolved
-- variant: ServiceNow-style average normalised score as value, MetricNet-style share satisfied beside it (kpi-definitions §1.6); every ticket kind, cancelled excluded
-- unit: score
-- denominator: tickets resolved (else closed) in the period that carry a score (n); response_rate over all tickets resolved (else closed) in the period (resolved)
-- table: ticket
-- anchor: coalesce(resolved_at, closed_at)
SELECT {{dims}}
  avg(csat_score) AS value,
  count(csat_score) AS n,
  count(*) FILTER (WHERE csat_score >= 0.75) AS satisfied,
  CASE WHEN count(csat_score) > 0 THEN count(*) FILTER (WHERE csat_score >= 0.75) / count(csat_score) END AS satisfied_share,
  count(*) AS resolved,
  CASE WHEN count(csat_score) > 0 THEN count(csat_score) / count(*) END AS response_rate,
  CASE WHEN count(*) = 0 THEN 'no ticket was resolved or closed in the period'
       WHEN count(csat_score) = 0 THEN 'no ticket resolved in the period carries a satisfaction score' END AS reason
FROM base
WHERE coalesce(resolved_at, closed_at) IS NOT NULL AND status IS DISTINCT FROM 'cancelled'
{{group_by}}
