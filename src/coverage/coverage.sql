-- coverage: which months of the export each kind of ticket covers, and how fully.
-- One row per kind (and '*' for every kind together) and per month (UTC) of its opened span:
--   opened, resolved   tickets opened / resolved in the month
--   complete           the export's opened span covers the whole month (a day's slack at each end for
--                      time zones): its first and last month are usually cut by the export's first and last day
--   core               the month lies in the kind's core span, between the 2.5 % and 97.5 % quantiles of the
--                      opened time, so that a few stray early or late tickets do not stretch it
--   typical            the median tickets opened of the complete months of the core span (the size a month of
--                      this export has); NULL when the core span holds no complete month
--   first_opened, last_opened   the kind's opened span
-- Months are truncated on plain TIMESTAMPs (make_timestamp(epoch_us(x))): TIMESTAMPTZ goes through ICU.
-- Every kind and '*' from passes over the tickets, not over a copy of them: GROUPING SETS for the span, and the counts
-- per kind and day summed into months and into '*' (a few thousand rows); 0.35 of the CPU of the copy on 1M tickets.
-- t is read three times: NOT MATERIALIZED, since scanning the columns again costs less than storing t.
WITH t AS NOT MATERIALIZED (
  SELECT kind, make_timestamp(epoch_us(opened_at)) AS o, make_timestamp(epoch_us(resolved_at)) AS r FROM ticket
),
span AS (
  SELECT kind, first_opened, last_opened, date_trunc('month', q[1]) AS core_from, date_trunc('month', q[2]) AS core_to
  FROM (
    -- both quantiles from one state (a list of quantiles): each the same as quantile_disc(o, 0.025), (o, 0.975) alone
    SELECT CASE WHEN grouping(kind) = 1 THEN '*' ELSE kind END AS kind, min(o) AS first_opened, max(o) AS last_opened,
           quantile_disc(o, [0.025, 0.975]) AS q
    FROM t WHERE o IS NOT NULL GROUP BY GROUPING SETS ((kind), ())
    -- no '*' row for no tickets (the empty grouping set gives one row even then)
    HAVING count(*) > 0
  )
),
months AS (
  SELECT kind, unnest(generate_series(date_trunc('month', first_opened), date_trunc('month', last_opened), INTERVAL 1 MONTH)) AS month
  FROM span
),
-- per kind and day (a cast to DATE costs a fraction of date_trunc on every ticket), summed per month, then into '*'
-- (a ticket without a kind counts under '*' only: the join on kind below leaves its own rows out)
opened_d AS (SELECT kind, CAST(o AS DATE) AS day, count(*) AS n FROM t WHERE o IS NOT NULL GROUP BY ALL),
opened_k AS (SELECT kind, CAST(date_trunc('month', day) AS TIMESTAMP) AS month, CAST(sum(n) AS BIGINT) AS n FROM opened_d GROUP BY ALL),
opened AS (SELECT kind, month, n FROM opened_k UNION ALL SELECT '*', month, CAST(sum(n) AS BIGINT) FROM opened_k GROUP BY month),
resolved_d AS (SELECT kind, CAST(r AS DATE) AS day, count(*) AS n FROM t WHERE r IS NOT NULL GROUP BY ALL),
resolved_k AS (SELECT kind, CAST(date_trunc('month', day) AS TIMESTAMP) AS month, CAST(sum(n) AS BIGINT) AS n FROM resolved_d GROUP BY ALL),
resolved AS (SELECT kind, month, n FROM resolved_k UNION ALL SELECT '*', month, CAST(sum(n) AS BIGINT) FROM resolved_k GROUP BY month),
m AS (
  SELECT months.kind, months.month, coalesce(opened.n, 0) AS opened, coalesce(resolved.n, 0) AS resolved,
         s.first_opened <= months.month + INTERVAL 1 DAY
           AND s.last_opened >= months.month + INTERVAL 1 MONTH - INTERVAL 1 DAY AS complete,
         months.month BETWEEN s.core_from AND s.core_to AS core,
         s.first_opened, s.last_opened
  FROM months JOIN span s USING (kind)
  LEFT JOIN opened USING (kind, month) LEFT JOIN resolved USING (kind, month)
),
typ AS (SELECT kind, median(opened) FILTER (WHERE complete AND core) AS typical FROM m GROUP BY kind)
SELECT kind, strftime(month, '%Y-%m') AS month, opened, resolved, complete, core, typical,
       strftime(first_opened, '%Y-%m-%d') AS first_opened, strftime(last_opened, '%Y-%m-%d') AS last_opened
FROM m JOIN typ USING (kind)
ORDER BY kind, month
