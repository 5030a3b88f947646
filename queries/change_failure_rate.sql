-- id: change_failure_rate
-- title: Change failure rate (ITIL)
-- definition: implemented changes that failed / implemented changes; failed = unsuccessful, or backed out, or caused an incident: an incident whose caused_by_change_ref names it, or a new incident on one of its CIs (change.ci_name or change_ci) — opened within change_failure_window_days() days after its actual end (else closed time) on a CI that had no incident in the same number of days before the change's start (a CI that was already failing is not evidence against the change); each cause counted separately, failed counts each change once; incident_on_ci counts every change with an incident after it, new or not, and incident_on_ci_before those whose CI had one before
-- variant: ITIL change_failure_rate_itil (kpi-definitions §1.5) with an N-day same-CI window, N = change_failure_window_days() (setting changeFailureWindowDays, default 7); the result's variant states the N used
-- unit: ratio
-- denominator: implemented changes (an actual end, or closed and not cancelled) whose actual end (else closed time) is in the period
-- table: change
-- anchor: coalesce(actual_end, closed_at)
WITH c AS (
  SELECT {{dims}} change_key, source_id, ci_name, outcome, coalesce(actual_end, closed_at) AS end_at,
         coalesce(actual_start, actual_end, closed_at) AS start_at
  FROM base
  WHERE actual_end IS NOT NULL OR (closed_at IS NOT NULL AND status IS DISTINCT FROM 'cancelled' AND outcome IS DISTINCT FROM 'cancelled')
),
cis AS ( -- every CI an implemented change touched
  SELECT change_key, ci_name, start_at, end_at FROM c WHERE ci_name IS NOT NULL
  UNION
  SELECT cc.change_key, cc.ci_name, c.start_at, c.end_at FROM change_ci cc JOIN c ON c.change_key = cc.change_key WHERE cc.ci_name IS NOT NULL
),
-- the CIs numbered: the ASOF joins below partition on the number rather than the text (at 1M incidents by month and
-- priority 0.59-0.67 CPU-s against 0.71-0.78 on ci_name); `cisn` is cis with its CI's number. Numbered in the
-- CIs' order, not the scan's: cisn and inc read cid each, and a CTE evaluated twice (not materialised) would number
-- the CIs twice, differently with several threads (HPSM: 222, 453 and 323 failed changes in three runs)
cid AS (SELECT ci_name, row_number() OVER (ORDER BY ci_name) AS id FROM (SELECT DISTINCT ci_name FROM cis)),
cisn AS (SELECT cis.*, cid.id FROM cis JOIN cid ON cid.ci_name = cis.ci_name),
span AS ( -- the only incidents that can matter open within N days of the period's changes
  SELECT min(start_at) - to_days(change_failure_window_days()) AS lo, max(end_at) + to_days(change_failure_window_days()) AS hi FROM c
),
inc AS (
  -- only the changes' CIs (the joins below match on the CI: others never count); a join on cid, where the semi-join
  -- `ci_name IN (SELECT ci_name FROM cis)` built its hash table on the ~0.9M incidents
  SELECT cid.id, t.opened_at FROM ticket t JOIN cid ON cid.ci_name = t.ci_name, span
  WHERE t.kind = 'incident' AND t.opened_at >= span.lo AND t.opened_at < span.hi
),
nxt AS ( -- the first incident on the same CI opened at or after the change's end
  SELECT cis.change_key, cis.end_at, inc.opened_at AS next_incident_at
  FROM cisn cis ASOF JOIN inc ON cis.id = inc.id AND cis.end_at <= inc.opened_at
),
on_ci AS (SELECT DISTINCT change_key FROM nxt WHERE next_incident_at < end_at + to_days(change_failure_window_days())),
prv AS ( -- the last incident on the same CI opened before the change's start: the CI's base rate, for comparison
  SELECT cis.change_key, cis.start_at, inc.opened_at AS prev_incident_at
  FROM cisn cis ASOF JOIN inc ON cis.id = inc.id AND cis.start_at > inc.opened_at
),
-- (one timeline per CI with two window frames over one sort did the same at 1.08-1.15 CPU-s against the two ASOF
-- joins' 0.82-0.88, at 1M incidents by month and priority: kept as joins)
before_ci AS (SELECT DISTINCT change_key FROM prv WHERE prev_incident_at >= start_at - to_days(change_failure_window_days())),
named AS (SELECT DISTINCT caused_by_change_ref AS source_id FROM ticket WHERE caused_by_change_ref IS NOT NULL),
-- the incidents with a CI the data holds, first to last: a change whose N days after its end lie outside them has no
-- incident data to be judged by (an HPSM change ended 21-3-2021 in an export whose incidents end in March 2014 was
-- "0 % failed")
inc_span AS (SELECT min(opened_at) AS lo, max(opened_at) AS hi FROM ticket WHERE kind = 'incident' AND ci_name IS NOT NULL),
f AS (
  SELECT c.*,
    coalesce(outcome = 'unsuccessful', false) AS unsuccessful,
    coalesce(outcome = 'backed_out', false) AS backed_out,
    c.change_key IN (SELECT change_key FROM on_ci) AS incident_on_ci,
    c.change_key IN (SELECT change_key FROM before_ci) AS incident_on_ci_before,
    c.source_id IN (SELECT source_id FROM named) AS named_by_incident,
    c.change_key IN (SELECT change_key FROM on_ci) AND c.change_key NOT IN (SELECT change_key FROM before_ci) AS new_incident_on_ci,
    c.change_key IN (SELECT change_key FROM cis)
      AND c.end_at + to_days(change_failure_window_days()) > (SELECT lo FROM inc_span) AND c.end_at <= (SELECT hi FROM inc_span) AS ci_linkable
  FROM c
)
SELECT {{dims}}
  CASE WHEN count(*) > 0 AND (count(outcome) > 0 OR count(*) FILTER (WHERE ci_linkable) > 0 OR EXISTS (SELECT 1 FROM named))
       THEN count(*) FILTER (WHERE unsuccessful OR backed_out OR new_incident_on_ci OR named_by_incident) / count(*) END AS value,
  count(*) AS n,
  count(*) FILTER (WHERE unsuccessful OR backed_out OR new_incident_on_ci OR named_by_incident) AS failed,
  count(*) FILTER (WHERE unsuccessful) AS unsuccessful,
  count(*) FILTER (WHERE backed_out) AS backed_out,
  count(*) FILTER (WHERE new_incident_on_ci OR named_by_incident) AS caused_incident,
  count(*) FILTER (WHERE new_incident_on_ci) AS new_incident_on_ci,
  count(*) FILTER (WHERE incident_on_ci) AS incident_on_ci,
  count(*) FILTER (WHERE named_by_incident) AS named_by_incident,
  count(*) FILTER (WHERE incident_on_ci_before) AS incident_on_ci_before,
  'ITIL: unsuccessful, backed out, an incident naming it as its cause, or a new incident on the same CI within '
    || change_failure_window_days() || ' days after the change''s end (none in the ' || change_failure_window_days() || ' days before its start)' AS variant,
  CASE WHEN count(*) = 0 THEN 'no implemented change (actual end, or closed and not cancelled) in the period'
       WHEN NOT (count(outcome) > 0 OR count(*) FILTER (WHERE ci_linkable) > 0 OR EXISTS (SELECT 1 FROM named))
       THEN 'the implemented changes carry no outcome (close code) and cannot be linked to incidents (no CI on both sides, no incident names a change, or no incident loaded from before their end to after it)' END AS reason
FROM f
{{group_by}}
