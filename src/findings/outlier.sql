-- outlier: per member of one dimension (group, location, assignee) and stratum (the same work: category ×
-- priority, assignees also within their group), the van Elteren pieces over the reporting period's tickets with a
-- resolution time: the member's rank sum within the stratum, the stratum's ties, the member's median and the
-- rest of the stratum's median. Read by src/findings/outlier.ts, which runs the stages in this order per dimension.
--   ol_r     the tickets in each stratum's order of dur_h: position a, mid-rank rk
--   ol_big   members with enough tickets to test
--   ol_rj    each big member's ticket's position j among the member's tickets of the stratum (same order)
--   ol_rows  the result, one row per big member and stratum
--   ol_drop  the stage tables
-- The rest's median is read at its position in the stratum's order (as in changepoint.sql), not computed over a
-- copy of the stratum per member: that join held members × stratum rows in median states, which cannot spill.
-- {{member}} is the member column of fx_ticket, {{stratum}} the stratum expression, {{min}} the minimum tickets.

-- name: ol_r
CREATE OR REPLACE TEMP TABLE ol_r AS
SELECT m, s, dur_h, row_number() OVER w AS a, (rank() OVER w + count(*) OVER w) / 2.0 AS rk
FROM (SELECT {{member}} AS m, {{stratum}} AS s, dur_h FROM fx_ticket WHERE in_period AND dur_h IS NOT NULL)
WINDOW w AS (PARTITION BY s ORDER BY dur_h);

-- name: ol_big
CREATE OR REPLACE TEMP TABLE ol_big AS
SELECT m FROM ol_r WHERE m IS NOT NULL GROUP BY m HAVING count(*) >= {{min}};

-- name: ol_rj
CREATE OR REPLACE TEMP TABLE ol_rj AS
SELECT m, s, a, row_number() OVER (PARTITION BY m, s ORDER BY a) AS j FROM ol_r SEMI JOIN ol_big USING (m);

-- name: ol_rows
WITH ns AS (SELECT s, count(*) AS n_s FROM ol_r GROUP BY s),
ties AS (SELECT s, sum(t * t * t - t) AS ties FROM (SELECT s, dur_h, count(*) AS t FROM ol_r GROUP BY ALL) GROUP BY s),
ms AS (SELECT m, s, count(*) AS n1, any_value(n_s) - count(*) AS n2, sum(rk) AS r1, median(dur_h) AS med1
       FROM ol_r SEMI JOIN ol_big USING (m) JOIN ns USING (s) GROUP BY ALL),
-- the rest's k-th ticket in the stratum's order is at k + #(the member's tickets j with a_j − j < k)
ks AS (SELECT m, s, (n2 + 1) // 2 AS k1, n2 // 2 + 1 AS k2 FROM ms WHERE n2 > 0),
ps AS (SELECT m, s, k1 + count(*) FILTER (WHERE a - j < k1) AS p1, k2 + count(*) FILTER (WHERE a - j < k2) AS p2
       FROM ks JOIN ol_rj USING (m, s) GROUP BY m, s, k1, k2),
rest AS (SELECT ps.m, ps.s, (v1.dur_h + v2.dur_h) / 2 AS med2
         FROM ps JOIN ol_r v1 ON v1.s = ps.s AND v1.a = ps.p1 JOIN ol_r v2 ON v2.s = ps.s AND v2.a = ps.p2)
-- in a fixed order, so a run gives the same neutral keys (#1, #2 … in outlier.ts) and sums the strata alike; by
-- a hash of the member, not its name, so a key says nothing of where the name sorts
SELECT ms.*, ties.ties, rest.med2 FROM ms JOIN ties USING (s) LEFT JOIN rest USING (m, s) ORDER BY hash(ms.m), ms.m, ms.s;

-- name: ol_drop
DROP TABLE IF EXISTS ol_r; DROP TABLE IF EXISTS ol_big; DROP TABLE IF EXISTS ol_rj;
