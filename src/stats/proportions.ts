/**
 * Tests on proportions (SLA attainment, reopen rate …) from counts: the Wilson score interval and the
 * two-proportion z-test with a pooled variance. Both take the aggregates DuckDB computed (met of n).
 */
import { normalQuantile, normalSf, normalTwoSided } from './distributions.js';

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for k successes in n trials at the given two-sided confidence (default 95 %).
 * Unlike the Wald interval it stays inside [0, 1] and keeps its coverage near 0 and 1 and for small n.
 */
export function wilson(k: number, n: number, confidence = 0.95): Interval | null {
  if (!(n > 0) || k < 0 || k > n) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface TwoProportionTest {
  /** p1 − p2 */
  diff: number;
  /** z statistic of p1 − p2 with the pooled standard error */
  z: number;
  /** p-value for the alternative asked for */
  p: number;
}

/**
 * Two-proportion z-test of k1/n1 against k2/n2 (pooled variance under H0: p1 = p2).
 * `alternative`: 'less' tests p1 < p2 (a drop of sample 1 below sample 2), 'greater' p1 > p2, else two-sided.
 * Null when a sample is empty or the pooled proportion is 0 or 1 (no variance: nothing to test).
 */
export function twoProportionZ(
  k1: number, n1: number, k2: number, n2: number, alternative: 'less' | 'greater' | 'two-sided' = 'two-sided',
): TwoProportionTest | null {
  if (!(n1 > 0) || !(n2 > 0)) return null;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return null;
  const z = (p1 - p2) / se;
  const p = alternative === 'less' ? normalSf(-z) : alternative === 'greater' ? normalSf(z) : normalTwoSided(z);
  return { diff: p1 - p2, z, p };
}
