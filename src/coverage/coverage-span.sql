-- coverage-span: per kind (and '*' for every kind together), the export's opened span and its settled end.
--   first_opened, last_opened   the earliest and latest opened time
--   export_end    the latest opened time inside the core span's months (up to the month of the 97.5 %
--                 quantile of opened times): where the export stops taking in tickets, which a stray late
--                 ticket does not move
--   horizon_hours the 90th percentile of resolution time (resolved minus opened; closed minus opened for a
--                 kind with no resolved time at all), kept within 1 … 90 days: how long it takes until most
--                 tickets' resolution times are known
--   settled_end   export_end − horizon: tickets opened after it are mostly still running when the export was
--                 taken, so their resolution times are not known yet (a close stamped a year later does not
--                 move it: it is derived from the opened span and the distribution, not the latest timestamp)
--   resolved_n    tickets with that end time at or after their opening: the horizon's sample
--   closed_only   no ticket of the kind is open (each has a resolved or closed time, or an ended status): an
--                 export of ended tickets only (BPI 2014's HPSM log), which lacks the tickets still open when it
--                 was taken, where a live export holds them open
--   last_end      the latest resolved or closed time: when a closed-only export was taken, at the earliest
--   complete_until for a closed-only kind, last_end − the 95th percentile of resolution time (kept within 1 …
--                 90 days): tickets opened later are missing when they had not ended by last_end (HPSM: Mar 2014
--                 opened after the 10th has a median resolution time of 4 h against 16 h before); NULL otherwise.
--                 settled_end is never later than it
--   late_ended    the share of the tickets opened after settled_end (to export_end) that have the end time the
--                 horizon waits for: under a half in an export taken when it stops taking in tickets; most of
--                 them when it was taken later (the UCI audit log: 94 %), where the coverage text must not say
--                 that they have none yet
-- One pass over the tickets for every kind and '*' together (GROUPING SETS, not a copy of the table), then joins of
-- a few rows (no window over the tickets, no subquery per kind): 0.3 of the CPU of a copy of the table with a window
-- on 1M tickets, with the same values.
WITH a AS (
  -- the resolution time where the kind has any, else time to close (findings judges durations the same way).
  -- Which one is known only once the kind is aggregated, so both are aggregated: a kind without a resolved time
  -- has every resolved_at NULL, so its close durations are those of the tickets without one (a handful in a kind
  -- that has resolved times: the second branch costs little where it is not taken)
  SELECT CASE WHEN grouping(kind) = 1 THEN '*' ELSE kind END AS kind, grouping(kind) = 1 AS every_kind,
         count(resolved_at) > 0 AS by_resolved,
         min(opened_at) AS first_opened, max(opened_at) AS last_opened,
         date_trunc('month', make_timestamp(epoch_us(quantile_disc(opened_at, 0.975)))) + INTERVAL 1 MONTH AS core_end,
         -- p90 and p95 from one state (a list of quantiles): each the same as quantile_cont(x, 0.9), (x, 0.95) alone
         quantile_cont((epoch(resolved_at) - epoch(opened_at)) / 3600, [0.9, 0.95]) FILTER (WHERE resolved_at >= opened_at) AS pr,
         count(*) FILTER (WHERE resolved_at >= opened_at) AS n_r,
         quantile_cont((epoch(closed_at) - epoch(opened_at)) / 3600, [0.9, 0.95]) FILTER (WHERE resolved_at IS NULL AND closed_at >= opened_at) AS pc,
         count(*) FILTER (WHERE resolved_at IS NULL AND closed_at >= opened_at) AS n_c,
         -- open: no end time, and no status saying it ended (an unmapped status is no such sign)
         NOT bool_or(resolved_at IS NULL AND closed_at IS NULL AND NOT coalesce(status IN ('resolved', 'closed', 'cancelled'), false)) AS closed_only,
         max(greatest(resolved_at, closed_at)) AS last_end
  FROM ticket WHERE opened_at IS NOT NULL
  GROUP BY GROUPING SETS ((kind), ())
  -- no '*' row for no tickets (the empty grouping set gives one row even then)
  HAVING count(*) > 0
),
q AS (
  SELECT *, (CASE WHEN by_resolved THEN pr ELSE pc END)[1] AS p90, (CASE WHEN by_resolved THEN pr ELSE pc END)[2] AS p95,
         CASE WHEN by_resolved THEN n_r ELSE n_c END AS resolved_n
  FROM a
),
-- the latest opened time per kind and day (UTC, on plain TIMESTAMPs as core_end is cut): core_end is a midnight, so
-- o < core_end exactly when o's day is before it, and the export's end is read from this small table (a day, not a
-- month: a cast to DATE costs a fraction of date_trunc on every ticket)
mo AS (
  SELECT kind, CAST(make_timestamp(epoch_us(opened_at)) AS DATE) AS day, max(opened_at) AS last_o
  FROM ticket WHERE opened_at IS NOT NULL GROUP BY ALL
),
s AS (
  SELECT q.kind, q.every_kind, q.by_resolved, q.first_opened, q.last_opened, q.resolved_n, q.closed_only, q.last_end,
         -- kind = kind: a ticket without a kind counts under '*' only (as it always did)
         (SELECT max(mo.last_o) FROM mo WHERE (q.every_kind OR mo.kind = q.kind) AND mo.day < q.core_end) AS export_end,
         CASE WHEN q.p90 IS NULL THEN NULL ELSE least(2160, greatest(24, q.p90)) END AS horizon_hours,
         CASE WHEN q.closed_only AND q.p95 IS NOT NULL
              THEN q.last_end - to_microseconds(CAST(round(least(2160, greatest(24, q.p95)) * 3600e6) AS BIGINT)) END AS complete_until
  FROM q
),
r AS (SELECT *, least(export_end - to_microseconds(CAST(round(horizon_hours * 3600e6) AS BIGINT)), complete_until) AS settled FROM s),
-- the tickets opened after the earliest settled end: the few late_ended reads, for a join with r of a few rows
lt AS (SELECT kind, opened_at, resolved_at, closed_at FROM ticket WHERE opened_at > (SELECT min(settled) FROM r)),
late AS (
  SELECT r.kind, avg(coalesce(CASE WHEN r.by_resolved THEN lt.resolved_at ELSE lt.closed_at END >= lt.opened_at, false)::INT) AS late_ended
  FROM r JOIN lt ON (r.every_kind OR lt.kind = r.kind) AND lt.opened_at > r.settled AND lt.opened_at <= r.export_end
  GROUP BY r.kind
)
SELECT r.kind,
       strftime(first_opened, '%Y-%m-%dT%H:%M:%SZ') AS first_opened,
       strftime(last_opened, '%Y-%m-%dT%H:%M:%SZ') AS last_opened,
       strftime(export_end, '%Y-%m-%dT%H:%M:%SZ') AS export_end,
       horizon_hours, resolved_n, closed_only,
       strftime(last_end, '%Y-%m-%dT%H:%M:%SZ') AS last_end,
       strftime(complete_until, '%Y-%m-%dT%H:%M:%SZ') AS complete_until,
       strftime(settled, '%Y-%m-%dT%H:%M:%SZ') AS settled_end,
       late.late_ended
FROM r LEFT JOIN late ON late.kind = r.kind ORDER BY r.kind
