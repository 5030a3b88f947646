-- id: emergency_change_rate
-- title: Emergency change rate
-- definition: implemented emergency changes (change_type = 'emergency' or the emergency flag set) / implemented changes whose type or emergency flag is known
-- variant: ITIL/kpi-definitions §1.5 emergency_change_rate; the tool's own type or flag, no inference from lead time
-- unit: ratio
-- denominator: implemented changes (an actual end, or closed and not cancelled) ending in the period with a known type (standard, normal, emergency) or emergency flag; the rest are counted in unknown_type
-- table: change
-- anchor: coalesce(actual_end, closed_at)
WITH c AS (
  SELECT {{dims}}
    coalesce(change_type = 'emergency', false) OR coalesce(emergency, false) AS is_emergency,
    change_type IN ('standard', 'normal', 'emergency') OR emergency IS NOT NULL AS known
  FROM base
  WHERE actual_end IS NOT NULL OR (closed_at IS NOT NULL AND status IS DISTINCT FROM 'cancelled' AND outcome IS DISTINCT FROM 'cancelled')
)
SELECT {{dims}}
  CASE WHEN count(*) FILTER (WHERE known) > 0
       THEN count(*) FILTER (WHERE known AND is_emergency) / count(*) FILTER (WHERE known) END AS value,
  count(*) FILTER (WHERE known) AS n,
  count(*) FILTER (WHERE known AND is_emergency) AS emergency,
  count(*) FILTER (WHERE NOT known) AS unknown_type,
  CASE WHEN count(*) = 0 THEN 'no implemented change (actual end, or closed and not cancelled) in the period'
       WHEN count(*) FILTER (WHERE known) = 0 THEN 'the implemented changes carry neither a recognised change type nor an emergency flag' END AS reason
FROM c
{{group_by}}
