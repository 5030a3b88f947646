/**
 * Mann–Whitney rank-sum test of a time metric between two periods, per breakdown member: the rank sums
 * and tie terms come from one set-based DuckDB query (mid-ranks for ties), the statistic from
 * src/stats/rank.ts (tie-corrected normal approximation), one-sided here: is the current period slower?
 * Medians are interpolated like the KPI's (quantile_cont).
 */
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { dimensionSql } from '../metrics/dimensions.js';
import { periodSql, type Period } from '../period/period.js';
import { normalSf } from '../stats/distributions.js';
import { mannWhitney } from '../stats/rank.js';
import type { SampleDef } from './metrics.js';

export interface RankTestRow {
  /** breakdown values by dimension name */
  member: Record<string, unknown>;
  n1: number;
  n2: number;
  median1: number | null;
  median2: number | null;
  /** z of U for "period 1 is larger than period 2" */
  z: number | null;
  /** one-sided p-value of that alternative */
  p: number | null;
  /** P(a value of period 1 > one of period 2), ties half: 0.5 = no difference */
  auc: number | null;
}

const inPeriod = periodSql;

/** Rank-sum test of current (period 1) against baseline (period 2), one row per member of `dims` (NULL a member too). */
export async function rankTest(
  store: Store, def: SampleDef, current: Period, baseline: Period, where: Record<string, string | number>, dims: string[],
): Promise<RankTestRow[]> {
  const dimSql = (d: string) => {
    const s = dimensionSql(def.table, def.anchor, d);
    if (!s) throw new Error(`${def.table} has no dimension ${d}`);
    return s;
  };
  const cols = dims.map((d) => `__d_${d}`);
  const part = cols.length ? `PARTITION BY ${cols.join(', ')}` : '';
  const whereSql = Object.entries(where).map(([d, v]) => `CAST(${dimSql(d)} AS VARCHAR) = ${lit(String(v))}`);
  const sql = `
WITH s AS (
  SELECT ${dims.map((d, i) => `${dimSql(d)} AS ${cols[i]}, `).join('')}
         CASE WHEN ${inPeriod('__a', current)} THEN 1 ELSE 2 END AS side, ${def.value} AS x
  FROM (SELECT *, ${def.anchor} AS __a FROM "${def.table}")
  WHERE ${def.filter} AND ((${inPeriod('__a', current)}) OR (${inPeriod('__a', baseline)}))
    ${whereSql.map((w) => `AND ${w}`).join(' ')}
), r AS (
  SELECT *, rank() OVER (${part} ORDER BY x) + (count(*) OVER (${cols.length ? `PARTITION BY ${cols.join(', ')}, x` : 'PARTITION BY x'}) - 1) / 2.0 AS rk
  FROM s
), t AS (
  SELECT ${cols.map((c) => `${c}, `).join('')}sum(c * c * c - c)::DOUBLE AS tt
  FROM (SELECT ${cols.map((c) => `${c}, `).join('')}x, count(*)::DOUBLE AS c FROM s GROUP BY ALL) GROUP BY ALL
)
SELECT ${cols.map((c) => `r.${c}, `).join('')}
  count(*) FILTER (WHERE side = 1) AS n1, count(*) FILTER (WHERE side = 2) AS n2,
  sum(rk) FILTER (WHERE side = 1) AS r1,
  quantile_cont(x, 0.5) FILTER (WHERE side = 1) AS m1, quantile_cont(x, 0.5) FILTER (WHERE side = 2) AS m2,
  any_value(t.tt) AS tt
FROM r ${cols.length ? `JOIN t ON ${cols.map((c) => `r.${c} IS NOT DISTINCT FROM t.${c}`).join(' AND ')}` : ', t'}
GROUP BY ${cols.length ? cols.map((c) => `r.${c}`).join(', ') : 'ALL'}`;
  const rows = await store.all<Record<string, unknown>>(sql);
  return rows.map((row) => {
    const n1 = Number(row.n1 ?? 0);
    const n2 = Number(row.n2 ?? 0);
    // the statistic from the rank sums (src/stats/rank.ts); its z is signed, so the one-sided p is its upper tail
    const t = n1 > 0 && n2 > 0 ? mannWhitney({ n1, n2, r1: Number(row.r1), ties: Number(row.tt ?? 0) }) : null;
    const z = t ? t.z : null; // all values tied: z 0, p 0.5, never a regression
    return {
      member: Object.fromEntries(dims.map((d, i) => [d, row[cols[i]!] ?? null])),
      n1,
      n2,
      median1: row.m1 === null || row.m1 === undefined ? null : Number(row.m1),
      median2: row.m2 === null || row.m2 === undefined ? null : Number(row.m2),
      z,
      p: z === null ? null : normalSf(z),
      auc: t ? t.auc : null,
    };
  });
}
