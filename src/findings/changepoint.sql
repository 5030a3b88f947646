-- changepoint: per member of one dimension (or '*' for all incidents) and month, the counts, rates and the
-- month's Mann–Whitney rank sum of resolution time within the member, and the other months' median; read by
-- src/findings/changepoint.ts, which runs the stages in this order for each dimension and tests in TypeScript.
--   cp_r     the member's tickets with a resolution time, in the member's order of dur_h: position a, mid-rank rk
--   cp_rj    each such ticket's position j among its month's tickets (in the same order)
--   cp_ties  per member: Σ(t³ − t) over tied values, and the member's number of tickets with a time
--   cp_month the result, one row per member and month
--   cp_drop  the stage tables
-- Stages are temp tables, each with one window ordering: the whole chain in one statement (five references to
-- one windowed CTE) held several sorted copies of the frame at once and peaked at 8.6 GiB at 10M tickets under
-- a 4 GB limit; a table between stages can spill.
-- {{col}} is the member expression ('*' for all), {{member_filter}} a condition on fx_ticket (TRUE for all).

-- name: cp_r
-- mid-rank = rank of the first tie + (ties − 1) / 2 = (rank() + count of values ≤ this one) / 2, one ordering
CREATE OR REPLACE TEMP TABLE cp_r AS
SELECT m, month, dur_h, a, (lo + le) / 2.0 AS rk
FROM (SELECT {{col}}::VARCHAR AS m, month, dur_h,
             row_number() OVER w AS a, rank() OVER w AS lo, count(*) OVER w AS le
      FROM fx_ticket WHERE dur_h IS NOT NULL AND {{member_filter}}
      WINDOW w AS (PARTITION BY {{col}}::VARCHAR ORDER BY dur_h));

-- name: cp_rj
CREATE OR REPLACE TEMP TABLE cp_rj AS
SELECT m, month, a, row_number() OVER (PARTITION BY m, month ORDER BY a) AS j FROM cp_r;

-- name: cp_ties
CREATE OR REPLACE TEMP TABLE cp_ties AS
SELECT m, sum(t * t * t - t) AS ties, sum(t) AS n_all FROM (SELECT m, dur_h, count(*) AS t FROM cp_r GROUP BY ALL) GROUP BY m;

-- name: cp_month
WITH rs AS (SELECT m, month, sum(rk) AS r1, median(dur_h) AS med FROM cp_r GROUP BY ALL),
-- The other months' median without copying the other months per month: in the member's order (a), the
-- k-th row outside month X is at position k + #(X's rows j with a_j - j < k), j numbering X's rows.
ks AS (SELECT m, month, (n_all - count(*) + 1) // 2 AS k1, (n_all - count(*)) // 2 + 1 AS k2
       FROM cp_rj JOIN cp_ties USING (m) GROUP BY m, month, n_all HAVING n_all > count(*)),
ps AS (SELECT m, month, k1 + count(*) FILTER (WHERE a - j < k1) AS p1, k2 + count(*) FILTER (WHERE a - j < k2) AS p2
       FROM ks JOIN cp_rj USING (m, month) GROUP BY m, month, k1, k2),
rest AS (SELECT ps.m, ps.month, (v1.dur_h + v2.dur_h) / 2 AS med_rest
         FROM ps JOIN cp_r v1 ON v1.m = ps.m AND v1.a = ps.p1 JOIN cp_r v2 ON v2.m = ps.m AND v2.a = ps.p2),
agg AS (SELECT {{col}}::VARCHAR AS m, month, count(*) AS n, count(sla) AS n_sla, count(*) FILTER (WHERE sla) AS x_sla,
               count(reopened) AS n_reo, count(*) FILTER (WHERE reopened) AS x_reo, count(dur_h) AS n_dur
        FROM fx_ticket WHERE {{member_filter}} GROUP BY ALL)
SELECT agg.*, rs.r1, rs.med, rest.med_rest, cp_ties.n_all AS n_dur_all, cp_ties.ties
FROM agg LEFT JOIN rs USING (m, month) LEFT JOIN rest USING (m, month) LEFT JOIN cp_ties USING (m);

-- name: cp_drop
DROP TABLE IF EXISTS cp_r; DROP TABLE IF EXISTS cp_rj; DROP TABLE IF EXISTS cp_ties;
