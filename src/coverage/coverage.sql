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
WITH t AS (
  SELECT kind, make_timestamp(epoch_us(opened_at)) AS o, make_timestamp(epoch_us(resolved_at)) AS r FROM ticket
  UNION ALL
  SELECT '*', make_timestamp(epoch_us(opened_at)), make_timestamp(epoch_us(resolved_at)) FROM ticket
),
span AS (
  SELECT kind, min(o) AS first_opened, max(o) AS last_opened,
         date_trunc('month', quantile_disc(o, 0.025)) AS core_from, date_trunc('month', quantile_disc(o, 0.975)) AS core_to
  FROM t WHERE o IS NOT NULL GROUP BY kind
),
months AS (
  SELECT kind, unnest(generate_series(date_trunc('month', first_opened), date_trunc('month', last_opened), INTERVAL 1 MONTH)) AS month
  FROM span
),
opened AS (SELECT kind, date_trunc('month', o) AS month, count(*) AS n FROM t WHERE o IS NOT NULL GROUP BY ALL),
resolved AS (SELECT kind, date_trunc('month', r) AS month, count(*) AS n FROM t WHERE r IS NOT NULL GROUP BY ALL),
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
