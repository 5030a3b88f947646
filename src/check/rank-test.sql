-- The rank sums behind check's Mann–Whitney test of a time metric between two periods (src/check/rank-test.ts
-- computes the statistic from them): per breakdown member, each period's count, the current period's rank sum
-- (mid-ranks for ties), both medians (interpolated, as the KPI's) and the tie term Σ(t³ − t).
-- `table`, `anchor`, `filter` and `value` are the KPI's sample definition (src/check/metrics.ts); `in_current` and
-- `in_baseline` the periods as conditions on __a (the anchor); `where` the member filter (TRUE for none);
-- `dims` `<expression> AS __d_<dim>, ` per breakdown dimension and `cols` `__d_<dim>, ` for each; `partition` the
-- members' PARTITION BY (empty without a breakdown); `r_member` / `t_member` the member as a row of its columns
-- in r and t (row(TRUE) without a breakdown: one member), NULLs matching NULLs; `group_by` the member columns
-- (ALL without a breakdown).

-- name: rank_sums
WITH s AS (
  SELECT {{dims}}CASE WHEN {{in_current}} THEN 1 ELSE 2 END AS side, {{value}} AS x
  FROM (SELECT *, {{anchor}} AS __a FROM {{table}})
  WHERE {{filter}} AND (({{in_current}}) OR ({{in_baseline}})) AND {{where}}
), r AS (
  SELECT *, rank() OVER ({{partition}} ORDER BY x) + (count(*) OVER (PARTITION BY {{cols}}x) - 1) / 2.0 AS rk
  FROM s
), t AS (
  SELECT {{cols}}sum(c * c * c - c)::DOUBLE AS tt
  FROM (SELECT {{cols}}x, count(*)::DOUBLE AS c FROM s GROUP BY ALL) GROUP BY ALL
)
SELECT {{r_cols}}
  count(*) FILTER (WHERE side = 1) AS n1, count(*) FILTER (WHERE side = 2) AS n2,
  sum(rk) FILTER (WHERE side = 1) AS r1,
  quantile_cont(x, 0.5) FILTER (WHERE side = 1) AS m1, quantile_cont(x, 0.5) FILTER (WHERE side = 2) AS m2,
  any_value(t.tt) AS tt
FROM r JOIN t ON {{r_member}} IS NOT DISTINCT FROM {{t_member}}
GROUP BY {{group_by}}
