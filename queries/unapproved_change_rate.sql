-- id: unapproved_change_rate
-- title: Unapproved change rate
-- definition: implemented changes whose approval is not 'approved' (not requested, requested/pending, rejected, other) / implemented changes with a known approval
-- variant: approval state on the change record (ServiceNow approval); standard changes are pre-authorised by their model and are counted as the export states them, shown apart in unapproved_standard; HPSM's "CAB approval needed" says whether approval was required, not whether it was given, so it is not used
-- unit: ratio
-- denominator: implemented changes (an actual end, or closed and not cancelled) ending in the period that carry an approval state
-- table: change
-- anchor: coalesce(actual_end, closed_at)
WITH c AS (
  SELECT {{dims}} approval, change_type, cab_required
  FROM base
  WHERE actual_end IS NOT NULL OR (closed_at IS NOT NULL AND status IS DISTINCT FROM 'cancelled' AND outcome IS DISTINCT FROM 'cancelled')
)
SELECT {{dims}}
  CASE WHEN count(approval) > 0 THEN count(*) FILTER (WHERE approval <> 'approved') / count(approval) END AS value,
  count(approval) AS n,
  count(*) FILTER (WHERE approval <> 'approved') AS unapproved,
  count(*) FILTER (WHERE approval = 'rejected') AS rejected,
  count(*) FILTER (WHERE approval = 'not_requested') AS not_requested,
  count(*) FILTER (WHERE approval = 'requested') AS pending,
  count(*) FILTER (WHERE approval <> 'approved' AND change_type = 'standard') AS unapproved_standard,
  CASE WHEN count(*) = 0 THEN 'no implemented change (actual end, or closed and not cancelled) in the period'
       WHEN count(approval) = 0 AND count(cab_required) > 0
       THEN 'the changes carry no approval outcome (the export''s CAB-approval-needed flag says whether approval was required, not whether it was given)'
       WHEN count(approval) = 0 THEN 'the implemented changes carry no approval state' END AS reason
FROM c
{{group_by}}
