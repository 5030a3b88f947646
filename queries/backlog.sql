-- id: backlog
-- title: Backlog at period end (incidents and service requests)
-- definition: tickets open at period_end(): opened before it and neither resolved nor closed before it; value = their count, with age (period end − opened_at, calendar days) in the buckets 0–1, 2–5, 6–30, 31–90, >90 days (whole days elapsed) and the median age
-- variant: snapshot "as of" the period's end (without a period, the latest time in the data); open or closed by its resolved and closed times, a status only marking an ended ticket that has no such time; calendar days; a cancelled ticket counts until its closed time and is left out when it has none; reopened-after-resolution tickets are not put back (the exports keep the last resolution only); an export that holds no open ticket at all (closed tickets only, like BPI 2014's HPSM log) cannot show a backlog once its last ticket has ended (null with the reason) and gives a lower bound before that (`lower_bound`)
-- unit: count
-- denominator: incidents and service requests opened before the period end; tickets marked resolved, closed or cancelled without any resolved/closed time cannot be placed and are counted in excluded_undated
-- table: ticket
-- anchor: none
WITH o AS ( -- period_end() only in the select list: as a WHERE condition it becomes a slow nested-loop join
  SELECT {{dims}}
    opened_at < pe AS before_end,
    -- an unknown status (no status column mapped) is no sign of an end: the times decide (a NULL here once made
    -- every ticket neither open nor closed, and the backlog 0)
    coalesce(status IN ('resolved', 'closed', 'cancelled'), false) AND resolved_at IS NULL AND closed_at IS NULL AS undated,
    before_end AND NOT undated AND coalesce(least(resolved_at, closed_at) >= pe, true) AS is_open,
    -- the age of an open ticket only, NULL otherwise: the other tickets need no division, and the buckets and the
    -- median no is_open test of their own (0.2 → 0.12 CPU-s a run on 1M tickets; the report runs it at each month end)
    CASE WHEN is_open THEN (epoch(pe) - epoch(opened_at)) / 86400.0 END AS age_days,
    -- for the whole export's test below: no end, no sign of one
    resolved_at IS NULL AND closed_at IS NULL AND NOT coalesce(status IN ('resolved', 'closed', 'cancelled'), false) AS unended,
    greatest(resolved_at, closed_at) AS ended_at
  FROM base, (SELECT period_end() AS pe)
  WHERE kind IN ('incident', 'service_request') AND opened_at IS NOT NULL
),
pe AS (SELECT period_end() AS pe)
-- the whole export, whatever the breakdown: an export holding no ticket without an end (BPI 2014's HPSM log
-- holds closed incidents only) cannot show what was open once its last ticket had ended, and shows a lower
-- bound before that (the tickets still open when it was taken are missing). Taken over every group (OVER (): the
-- overall row and the breakdown's groups hold the same tickets, and bool_or and max are unaffected by a ticket
-- counted in both) in this one pass: a second scan of the tickets for it was a third of a run's CPU, and the
-- report runs this at each month end. It is the whole export's only while every ticket lands in some row of
-- the result: a HAVING or a filter on the groups would make it a per-group test.
SELECT {{dims}}
  CASE WHEN count(*) FILTER (WHERE before_end) > 0 AND NOT (NOT bool_or(count(*) FILTER (WHERE unended) > 0) OVER () AND any_value(pe.pe) >= max(max(ended_at)) OVER ())
       THEN count(*) FILTER (WHERE is_open) END AS value,
  count(*) FILTER (WHERE is_open) AS n,
  count(*) FILTER (WHERE age_days < 2) AS age_0_1d,
  count(*) FILTER (WHERE age_days >= 2 AND age_days < 6) AS age_2_5d,
  count(*) FILTER (WHERE age_days >= 6 AND age_days < 31) AS age_6_30d,
  count(*) FILTER (WHERE age_days >= 31 AND age_days < 91) AS age_31_90d,
  count(*) FILTER (WHERE age_days >= 91) AS age_over_90d,
  quantile_cont(age_days, 0.5) AS median_age_days,
  count(*) FILTER (WHERE before_end AND undated) AS excluded_undated,
  -- true when the export holds no open ticket at all: the value then counts only tickets that ended later (no
  -- ticket at all: unknown)
  CASE WHEN count(*) > 0 THEN NOT bool_or(count(*) FILTER (WHERE unended) > 0) OVER () END AS lower_bound,
  CASE WHEN count(*) FILTER (WHERE before_end) = 0 THEN 'no incident or service request was opened before the period end'
       WHEN NOT bool_or(count(*) FILTER (WHERE unended) > 0) OVER () AND any_value(pe.pe) >= max(max(ended_at)) OVER ()
       THEN 'the export holds no open incident or request (every one has ended, the last on ' || strftime(max(max(ended_at)) OVER (), '%Y-%m-%d') || '): it looks like an export of closed tickets only, which cannot show what was open at the period end' END AS reason
FROM o, pe
{{group_by}}
