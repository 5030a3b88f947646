-- outlier: per member of one dimension (group, location, assignee) and stratum (the same work: category ×
-- priority, assignees also within their group), the van Elteren pieces over the reporting period's tickets with a
-- resolution time: the member's rank sum within the stratum, the stratum's ties, the member's median and the
-- rest of the stratum's median. Read by src/findings/outlier.ts, which runs the stages in this order per dimension.
--   ol_s     the strata, numbered si
--   ol_big   members with enough tickets to test, numbered mi
--   ol_rj    the tickets: in the stratum's order of dur_h position a, rank lo and ties t of its value, the
--            stratum's count n_s; among the big member's tickets of the stratum (same order) position j, count n
--   ol_rows  the result, one row per big member and stratum
--   ol_drop  the stage tables
-- Strata and members are sorted on as small integers: a window partitioned on text cost 2–3× as much CPU.
-- The rest's median is read at its position in the stratum's order (as in changepoint.sql), not computed over a
-- copy of the stratum per member: that join held members × stratum rows in median states, which cannot spill.
-- {{member}} is the member column of fx_ticket, {{stratum}} the stratum expression, {{min}} the minimum tickets.

-- name: ol_s
CREATE OR REPLACE TEMP TABLE ol_s AS
SELECT s, (row_number() OVER (ORDER BY s))::UINTEGER AS si
FROM (SELECT DISTINCT {{stratum}} AS s FROM fx_ticket WHERE in_period AND dur_h IS NOT NULL);

-- name: ol_big
CREATE OR REPLACE TEMP TABLE ol_big AS
SELECT m, (row_number() OVER (ORDER BY m))::UINTEGER AS mi
FROM (SELECT {{member}} AS m FROM fx_ticket WHERE in_period AND dur_h IS NOT NULL AND {{member}} IS NOT NULL GROUP BY 1 HAVING count(*) >= {{min}});

-- name: ol_rj
-- mid-rank = (rank of the first tie + rank of the last) / 2 = lo + (t − 1) / 2; Σ(t³ − t) over tied values =
-- Σ over tickets of t² − 1. j numbers a big member's tickets in the stratum's order (a), so that a − j counts the
-- rest's tickets before it; the other tickets (mi NULL) only hold their place in the stratum.
CREATE OR REPLACE TEMP TABLE ol_rj AS
WITH r AS (
  SELECT mi, si, dur_h, row_number() OVER w AS a, rank() OVER w AS lo, count(*) OVER w - rank() OVER w + 1 AS t,
         count(*) OVER (PARTITION BY si) AS n_s
  FROM (SELECT ol_big.mi, ol_s.si, dur_h FROM fx_ticket JOIN ol_s ON ol_s.s = {{stratum}} LEFT JOIN ol_big ON ol_big.m = {{member}}
        WHERE in_period AND dur_h IS NOT NULL)
  WINDOW w AS (PARTITION BY si ORDER BY dur_h))
SELECT *, row_number() OVER (PARTITION BY mi, si ORDER BY a) AS j, count(*) OVER (PARTITION BY mi, si) AS n FROM r;

-- name: ol_rows
WITH ties AS (SELECT si, sum(t * t - 1) AS ties FROM ol_rj GROUP BY si),
ms AS (SELECT mi, si, count(*) AS n1, any_value(n_s) - count(*) AS n2, sum(2 * lo + t - 1) / 2 AS r1,
              -- the member's middle two values (one when n1 is odd): the median is v1 · 0.5 + v2 · 0.5, as DuckDB's median
              max(dur_h) FILTER (WHERE j = (n + 1) // 2) AS v1, max(dur_h) FILTER (WHERE j = n // 2 + 1) AS v2,
              -- the rest's k-th ticket in the stratum's order is at k + #(the member's tickets j with a_j − j < k)
              any_value((n_s - n + 1) // 2) + count(*) FILTER (WHERE a - j < (n_s - n + 1) // 2) AS p1,
              any_value((n_s - n) // 2 + 1) + count(*) FILTER (WHERE a - j < (n_s - n) // 2 + 1) AS p2
       FROM ol_rj WHERE mi IS NOT NULL GROUP BY mi, si),
ps AS (SELECT mi, si, unnest([p1, p2]) AS p, unnest([1, 2]) AS k FROM ms WHERE n2 > 0),
rest AS (SELECT ps.mi, ps.si, (max(r.dur_h) FILTER (WHERE k = 1) + max(r.dur_h) FILTER (WHERE k = 2)) / 2 AS med2
         FROM ps JOIN ol_rj r ON r.si = ps.si AND r.a = ps.p GROUP BY ALL)
-- in a fixed order, so that a run sums the strata alike (the neutral keys of people not named: computeFindings)
SELECT ol_big.m, ol_s.s, ms.n1, ms.n2, ms.r1, ms.v1 * 0.5 + ms.v2 * 0.5 AS med1, ties.ties, rest.med2
FROM ms JOIN ol_big USING (mi) JOIN ol_s USING (si) JOIN ties USING (si) LEFT JOIN rest USING (mi, si)
ORDER BY hash(ol_big.m), ol_big.m, ol_s.s;

-- name: ol_drop
DROP TABLE IF EXISTS ol_s; DROP TABLE IF EXISTS ol_big; DROP TABLE IF EXISTS ol_rj;
