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
WITH k AS (
  SELECT kind, opened_at, resolved_at, closed_at, status FROM ticket WHERE opened_at IS NOT NULL
  UNION ALL
  SELECT '*', opened_at, resolved_at, closed_at, status FROM ticket WHERE opened_at IS NOT NULL
),
t AS (
  -- the resolution time where the kind has any, else time to close (findings judges durations the same way)
  SELECT kind, opened_at AS o, CASE WHEN count(resolved_at) OVER (PARTITION BY kind) > 0 THEN resolved_at ELSE closed_at END AS e,
         greatest(resolved_at, closed_at) AS ended,
         -- open: no end time, and no status saying it ended (an unmapped status is no such sign)
         resolved_at IS NULL AND closed_at IS NULL AND NOT coalesce(status IN ('resolved', 'closed', 'cancelled'), false) AS open
  FROM k
),
q AS (
  SELECT kind, min(o) AS first_opened, max(o) AS last_opened,
         date_trunc('month', make_timestamp(epoch_us(quantile_disc(o, 0.975)))) + INTERVAL 1 MONTH AS core_end,
         quantile_cont((epoch(e) - epoch(o)) / 3600, 0.9) FILTER (WHERE e >= o) AS p90,
         quantile_cont((epoch(e) - epoch(o)) / 3600, 0.95) FILTER (WHERE e >= o) AS p95,
         count(*) FILTER (WHERE e >= o) AS resolved_n,
         NOT bool_or(open) AS closed_only,
         max(ended) AS last_end
  FROM t GROUP BY kind
),
s AS (
  SELECT q.kind, q.first_opened, q.last_opened, q.resolved_n, q.closed_only, q.last_end,
         (SELECT max(o) FROM t WHERE t.kind = q.kind AND make_timestamp(epoch_us(o)) < q.core_end) AS export_end,
         CASE WHEN q.p90 IS NULL THEN NULL ELSE least(2160, greatest(24, q.p90)) END AS horizon_hours,
         CASE WHEN q.closed_only AND q.p95 IS NOT NULL
              THEN q.last_end - to_microseconds(CAST(round(least(2160, greatest(24, q.p95)) * 3600e6) AS BIGINT)) END AS complete_until
  FROM q
),
r AS (SELECT *, least(export_end - to_microseconds(CAST(round(horizon_hours * 3600e6) AS BIGINT)), complete_until) AS settled FROM s)
SELECT kind,
       strftime(first_opened, '%Y-%m-%dT%H:%M:%SZ') AS first_opened,
       strftime(last_opened, '%Y-%m-%dT%H:%M:%SZ') AS last_opened,
       strftime(export_end, '%Y-%m-%dT%H:%M:%SZ') AS export_end,
       horizon_hours, resolved_n, closed_only,
       strftime(last_end, '%Y-%m-%dT%H:%M:%SZ') AS last_end,
       strftime(complete_until, '%Y-%m-%dT%H:%M:%SZ') AS complete_until,
       strftime(settled, '%Y-%m-%dT%H:%M:%SZ') AS settled_end,
       (SELECT avg(coalesce(t.e >= t.o, false)::INT) FROM t WHERE t.kind = r.kind AND t.o > r.settled AND t.o <= r.export_end) AS late_ended
FROM r ORDER BY kind
