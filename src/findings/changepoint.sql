-- changepoint: per member of one dimension (or '*' for all incidents) and month, the counts, rates and the
-- month's Mann–Whitney rank sum of resolution time within the member, and the other months' median; read by
-- src/findings/changepoint.ts, which runs the stages in this order for each dimension and tests in TypeScript.
--   cp_g     the dimension's members as numbers g
--   cp_rj    the member's tickets with a resolution time: in the member's order of dur_h position a, rank lo
--            and ties t of its value
--   cp_month the result, one row per member and month (fx_mm's counts and median, with the rank sums)
--   cp_drop  the stage tables
-- Members and months are sorted on as small integers (g, and the frame's mo = year · 12 + month): a window
-- partitioned on text cost 3–4× as much CPU. cp_rj is a stage table, read four times by cp_month: the whole
-- chain in one statement (five references to one windowed CTE) held several sorted copies of the frame at once
-- and peaked at 8.6 GiB at 10M tickets under a 4 GB limit; a table between stages can spill.
-- One sort of the member's tickets: the month's own order (j), which the other months' median needs, is taken
-- only in the band of positions that can move it (cp_month). A second window numbering every month's tickets
-- cost a third of the statement pair's CPU. The month's own median is not computed here: it is fx_mm's.
-- {{col}} is the member expression ('*' for all), {{mm}} the dimension's table of members by month (frame.sql
-- fx_mm, built once per frame for the trends and the change points).

-- name: cp_g
-- the members of the dimension's table of members by month (`mm`), numbered: cp_month joins its rank sums to that
-- table's rows, so the members are its own (not a scan of the frame per dimension, ~50 ms of CPU each at 1M tickets)
CREATE OR REPLACE TEMP TABLE cp_g AS
SELECT m, (row_number() OVER (ORDER BY m))::UINTEGER AS g
FROM (SELECT DISTINCT m FROM {{mm}});

-- name: cp_rj
-- mid-rank = (rank of the first tie + rank of the last) / 2 = lo + (t − 1) / 2; Σ(t³ − t) over tied values =
-- Σ over tickets of t² − 1
CREATE OR REPLACE TEMP TABLE cp_rj AS
SELECT g, mo, dur_h, row_number() OVER w AS a, rank() OVER w AS lo, count(*) OVER w - rank() OVER w + 1 AS t
FROM (SELECT g, mo, dur_h FROM fx_ticket JOIN cp_g ON cp_g.m = {{col}}::VARCHAR WHERE dur_h IS NOT NULL)
WINDOW w AS (PARTITION BY g ORDER BY dur_h);

-- name: cp_month
-- The other months' median without copying the other months per month: in the member's order (a), the k-th
-- row outside month X is at position p = k + #(X's rows j with a_j − j < k), j numbering X's rows in that
-- order (a_j − j counts the other months' rows before row j), for k = k1 and k2, the rest's middle two. A row
-- with a < k1 always counts (a_j − j < a_j ≤ k1 − 1; c0 of them), one with a ≥ k2 + n never (a_j − j ≥ k2 + n − n):
-- only X's rows in between are numbered, from c0 + 1 (band): about 1/(months) of the tickets when months are
-- alike, up to all of a month's rows when it holds most of the member's. A month that is the member's whole
-- set has no other months and is not numbered.
WITH gm0 AS (
  -- n_all: the member's count, over the member's months (a third window over every ticket cost a tenth of cp_rj)
  SELECT g, mo, count(*) AS n_dur, sum(2 * lo + t - 1) / 2 AS r1, sum(t * t - 1) AS ties, (sum(count(*)) OVER (PARTITION BY g))::BIGINT AS n_all
  FROM cp_rj GROUP BY g, mo),
kk AS (SELECT g, mo, n_dur AS n, (n_all - n_dur + 1) // 2 AS k1, (n_all - n_dur) // 2 + 1 AS k2 FROM gm0 WHERE n_all > n_dur),
c0 AS (SELECT r.g, r.mo, count(*) AS c0 FROM cp_rj r JOIN kk ON kk.g = r.g AND kk.mo = r.mo WHERE r.a < kk.k1 GROUP BY ALL),
band AS (
  SELECT g, mo, k1, k2, a - coalesce(c0.c0, 0) - row_number() OVER (PARTITION BY g, mo ORDER BY a) AS d
  FROM (SELECT r.g, r.mo, r.a, kk.k1, kk.k2 FROM cp_rj r JOIN kk ON kk.g = r.g AND kk.mo = r.mo WHERE r.a >= kk.k1 AND r.a < kk.k2 + kk.n)
       LEFT JOIN c0 USING (g, mo)),
pc AS (SELECT g, mo, count(*) FILTER (WHERE d < k1) AS q1, count(*) FILTER (WHERE d < k2) AS q2 FROM band GROUP BY ALL),
gm AS (SELECT gm0.*, kk.k1 + coalesce(c0.c0, 0) + coalesce(pc.q1, 0) AS p1, kk.k2 + coalesce(c0.c0, 0) + coalesce(pc.q2, 0) AS p2
       FROM gm0 LEFT JOIN kk USING (g, mo) LEFT JOIN c0 USING (g, mo) LEFT JOIN pc USING (g, mo)),
gt AS (SELECT g, sum(ties) AS ties, any_value(n_all) AS n_all FROM gm0 GROUP BY g),
ps AS (SELECT g, mo, unnest([p1, p2]) AS p, unnest([1, 2]) AS k FROM gm WHERE n_all > n_dur),
rest AS (SELECT ps.g, ps.mo, (max(r.dur_h) FILTER (WHERE k = 1) + max(r.dur_h) FILTER (WHERE k = 2)) / 2 AS med_rest
         FROM ps JOIN cp_rj r ON r.g = ps.g AND r.a = ps.p GROUP BY ALL),
-- the member's months: frame.sql fx_mm (the trends read the same table), with the month's median
agg AS (SELECT * FROM {{mm}})
-- in a fixed order: changepoint.ts sums the other months' counts and exposures in it (floating point), and the
-- order the joins gave varied from run to run (the last digits of p-values with it)
SELECT agg.* EXCLUDE (mo), gm.r1, rest.med_rest, gt.n_all AS n_dur_all, gt.ties
FROM agg LEFT JOIN cp_g USING (m) LEFT JOIN gm ON gm.g = cp_g.g AND gm.mo = agg.mo
     LEFT JOIN rest ON rest.g = gm.g AND rest.mo = gm.mo LEFT JOIN gt ON gt.g = cp_g.g
ORDER BY agg.m, agg.month;

-- name: cp_drop
DROP TABLE IF EXISTS cp_g; DROP TABLE IF EXISTS cp_rj;
