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
WITH k AS (
  SELECT kind, opened_at, resolved_at, closed_at FROM ticket WHERE opened_at IS NOT NULL
  UNION ALL
  SELECT '*', opened_at, resolved_at, closed_at FROM ticket WHERE opened_at IS NOT NULL
),
t AS (
  -- the resolution time where the kind has any, else time to close (findings judges durations the same way)
  SELECT kind, opened_at AS o, CASE WHEN count(resolved_at) OVER (PARTITION BY kind) > 0 THEN resolved_at ELSE closed_at END AS e FROM k
),
q AS (
  SELECT kind, min(o) AS first_opened, max(o) AS last_opened,
         date_trunc('month', make_timestamp(epoch_us(quantile_disc(o, 0.975)))) + INTERVAL 1 MONTH AS core_end,
         quantile_cont((epoch(e) - epoch(o)) / 3600, 0.9) FILTER (WHERE e >= o) AS p90,
         count(*) FILTER (WHERE e >= o) AS resolved_n
  FROM t GROUP BY kind
),
s AS (
  SELECT q.kind, q.first_opened, q.last_opened, q.resolved_n,
         (SELECT max(o) FROM t WHERE t.kind = q.kind AND make_timestamp(epoch_us(o)) < q.core_end) AS export_end,
         CASE WHEN q.p90 IS NULL THEN NULL ELSE least(2160, greatest(24, q.p90)) END AS horizon_hours
  FROM q
)
SELECT kind,
       strftime(first_opened, '%Y-%m-%dT%H:%M:%SZ') AS first_opened,
       strftime(last_opened, '%Y-%m-%dT%H:%M:%SZ') AS last_opened,
       strftime(export_end, '%Y-%m-%dT%H:%M:%SZ') AS export_end,
       horizon_hours, resolved_n,
       strftime(export_end - to_microseconds(CAST(round(horizon_hours * 3600e6) AS BIGINT)), '%Y-%m-%dT%H:%M:%SZ') AS settled_end
FROM s ORDER BY kind
