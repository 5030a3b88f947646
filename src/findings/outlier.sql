-- outlier: per member of one dimension (group, location, assignee) and stratum (the same work: category ×
-- priority, assignees also within their group), the van Elteren pieces over the reporting period's tickets with a
-- resolution time: the member's rank sum within the stratum, the stratum's ties, the member's median and the
-- rest of the stratum's median. Read by src/findings/outlier.ts, which runs, per stratum expression, ol_s,
-- the ol_big of each dimension judged on it, ol_rj once, ol_rows per dimension, then the drops.
--   ol_s     the strata, numbered si
--   ol_big   members with enough tickets to test, numbered mi: ol_big{k} for the k-th dimension of the strata
--   ol_rj    the tickets: in the stratum's order of dur_h position a, rank lo and ties t of its value; mi1, mi2 …
--            the big member's number in each dimension (NULL for the others)
--   ol_rows  the result for dimension k, one row per big member and stratum
--   ol_drop, ol_big_drop  the stage tables
-- Dimensions judged on the same strata (group and location: category × priority) share ol_s and ol_rj: one sort
-- of the period's tickets for both, not one each.
-- Strata and members are sorted on as small integers: a window partitioned on text cost 2–3× as much CPU.
-- The rest's median is read at its position in the stratum's order (as in changepoint.sql), not computed over a
-- copy of the stratum per member: that join held members × stratum rows in median states, which cannot spill.
-- One sort of the stratum's tickets: the member's median is an aggregate (no window; its state is held in memory
-- outside DuckDB's limit, as in changepoint.sql), and the member's own order (j) is taken only in the band of
-- positions that can move the rest's median (ol_rows, as in changepoint.sql).
-- {{member}} is the member column of fx_ticket, {{stratum}} the stratum expression, {{min}} the minimum tickets,
-- {{k}} the dimension's number among those of the strata; ol_rj's {{mis}}, {{big_mis}} and {{big_joins}} list the
-- dimensions' numbers and joins (outlier.ts rjParams).

-- name: ol_s
CREATE OR REPLACE TEMP TABLE ol_s AS
SELECT s, (row_number() OVER (ORDER BY s))::UINTEGER AS si
FROM (SELECT DISTINCT {{stratum}} AS s FROM fx_ticket WHERE in_period AND dur_h IS NOT NULL);

-- name: ol_big
CREATE OR REPLACE TEMP TABLE ol_big{{k}} AS
SELECT m, (row_number() OVER (ORDER BY m))::UINTEGER AS mi
FROM (SELECT {{member}} AS m FROM fx_ticket WHERE in_period AND dur_h IS NOT NULL AND {{member}} IS NOT NULL GROUP BY 1 HAVING count(*) >= {{min}});

-- name: ol_rj
-- mid-rank = (rank of the first tie + rank of the last) / 2 = lo + (t − 1) / 2; Σ(t³ − t) over tied values =
-- Σ over tickets of t² − 1. The other tickets (a dimension's mi NULL) only hold their place in the stratum.
CREATE OR REPLACE TEMP TABLE ol_rj AS
SELECT {{mis}}si, dur_h, row_number() OVER w AS a, rank() OVER w AS lo, count(*) OVER w - rank() OVER w + 1 AS t
FROM (SELECT {{big_mis}}ol_s.si, dur_h FROM fx_ticket JOIN ol_s ON ol_s.s = {{stratum}} {{big_joins}}
      WHERE in_period AND dur_h IS NOT NULL)
WINDOW w AS (PARTITION BY si ORDER BY dur_h);

-- name: ol_rows
-- The rest's k-th ticket in the stratum's order is at p = k + #(the member's tickets j with a_j − j < k), j
-- numbering the member's tickets of the stratum in that order, for k = k1 and k2, the rest's middle two. A
-- ticket with a < k1 always counts (c0 of them), one with a ≥ k2 + n never: only those in between are numbered,
-- from c0 + 1 (band; changepoint.sql's cp_month says why). A member that is its stratum's every ticket (n2 = 0) has
-- no rest and is not numbered.
-- rj: ol_rj with the k-th dimension's member numbers as mi (a projection, not a copy)
WITH rj AS NOT MATERIALIZED (SELECT mi{{k}} AS mi, si, dur_h, a, lo, t FROM ol_rj),
-- n_s: the stratum's count, with its ties (a third window over every ticket cost a tenth of ol_rj)
ties AS (SELECT si, sum(t * t - 1) AS ties, count(*) AS n_s FROM rj GROUP BY si),
m1 AS (SELECT mi, si, count(*) AS n1, sum(2 * lo + t - 1) / 2 AS r1, median(dur_h) AS med1
       FROM rj WHERE mi IS NOT NULL GROUP BY mi, si),
ms0 AS (SELECT m1.mi, m1.si, m1.n1, ties.n_s - m1.n1 AS n2, m1.r1, m1.med1,
               (ties.n_s - m1.n1 + 1) // 2 AS k1, (ties.n_s - m1.n1) // 2 + 1 AS k2
        FROM m1 JOIN ties USING (si)),
c0 AS (SELECT r.mi, r.si, count(*) AS c0 FROM rj r JOIN ms0 ON ms0.mi = r.mi AND ms0.si = r.si WHERE r.a < ms0.k1 GROUP BY ALL),
band AS (
  SELECT mi, si, k1, k2, a - coalesce(c0.c0, 0) - row_number() OVER (PARTITION BY mi, si ORDER BY a) AS d
  FROM (SELECT r.mi, r.si, r.a, ms0.k1, ms0.k2 FROM rj r JOIN ms0 ON ms0.mi = r.mi AND ms0.si = r.si
        WHERE ms0.n2 > 0 AND r.a >= ms0.k1 AND r.a < ms0.k2 + ms0.n1)
       LEFT JOIN c0 USING (mi, si)),
pc AS (SELECT mi, si, count(*) FILTER (WHERE d < k1) AS q1, count(*) FILTER (WHERE d < k2) AS q2 FROM band GROUP BY ALL),
ms AS (SELECT ms0.*, k1 + coalesce(c0.c0, 0) + coalesce(pc.q1, 0) AS p1, k2 + coalesce(c0.c0, 0) + coalesce(pc.q2, 0) AS p2
       FROM ms0 LEFT JOIN c0 USING (mi, si) LEFT JOIN pc USING (mi, si)),
ps AS (SELECT mi, si, unnest([p1, p2]) AS p, unnest([1, 2]) AS k FROM ms WHERE n2 > 0),
rest AS (SELECT ps.mi, ps.si, (max(r.dur_h) FILTER (WHERE k = 1) + max(r.dur_h) FILTER (WHERE k = 2)) / 2 AS med2
         FROM ps JOIN rj r ON r.si = ps.si AND r.a = ps.p GROUP BY ALL)
-- in a fixed order, so that a run sums the strata alike (the neutral keys of people not named: computeFindings)
SELECT ol_big.m, ol_s.s, ms.n1, ms.n2, ms.r1, ms.med1, ties.ties, rest.med2
FROM ms JOIN ol_big{{k}} ol_big USING (mi) JOIN ol_s USING (si) JOIN ties USING (si) LEFT JOIN rest USING (mi, si)
ORDER BY hash(ol_big.m), ol_big.m, ol_s.s;

-- name: ol_drop
DROP TABLE IF EXISTS ol_s; DROP TABLE IF EXISTS ol_rj;

-- name: ol_big_drop
DROP TABLE IF EXISTS ol_big{{k}};
