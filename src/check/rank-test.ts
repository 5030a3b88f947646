/**
 * Mann–Whitney rank-sum test of a time metric between two periods, per breakdown member: the rank sums
 * and tie terms come from one set-based DuckDB query (mid-ranks for ties), the statistic from
 * src/stats/rank.ts (tie-corrected normal approximation), one-sided here: is the current period slower?
 * Medians are interpolated like the KPI's (quantile_cont).
 */
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { dimensionSql } from '../metrics/dimensions.js';
import { defineMetricMacros } from '../metrics/macros.js';
import { periodSql, type Period } from '../period/period.js';
import { normalSf } from '../stats/distributions.js';
import { mannWhitney } from '../stats/rank.js';
import type { SampleDef } from './metrics.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The rank sums (rank-test.sql). */
const SQL = loadSqlFile('check/rank-test.sql');

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
  const list = (xs: string[]) => xs.map((x) => `${x}, `).join('');
  const sql = sqlOf(SQL, 'rank_sums', {
    dims: list(dims.map((d, i) => `${dimSql(d)} AS ${cols[i]}`)),
    in_current: inPeriod('__a', current),
    in_baseline: inPeriod('__a', baseline),
    value: def.value,
    anchor: def.anchor,
    table: `"${def.table}"`,
    filter: def.filter,
    where: Object.entries(where).map(([d, v]) => `CAST(${dimSql(d)} AS VARCHAR) = ${lit(String(v))}`).join(' AND ') || 'TRUE',
    partition: cols.length ? `PARTITION BY ${cols.join(', ')}` : '',
    cols: list(cols),
    r_cols: list(cols.map((c) => `r.${c}`)),
    r_member: `row(${cols.map((c) => `r.${c}`).join(', ') || 'TRUE'})`,
    t_member: `row(${cols.map((c) => `t.${c}`).join(', ') || 'TRUE'})`,
    group_by: cols.length ? cols.map((c) => `r.${c}`).join(', ') : 'ALL',
  });
  // the sample's value is its KPI's per-record macro (src/metrics/macros.sql), defined here as kpi defines it
  await defineMetricMacros(store);
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
