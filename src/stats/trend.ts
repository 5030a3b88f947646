/**
 * Trend tests on short series of aggregates (weekly or monthly points): Mann–Kendall with the tie
 * correction and a continuity correction, and the Theil–Sen slope (median of pairwise slopes). Series
 * have tens of points, so the O(n²) pair loops are cheap.
 */
import { normalTwoSided } from './distributions.js';

export interface MannKendall {
  s: number;
  variance: number;
  z: number;
  p: number;
}

/** Mann–Kendall S over values in time order; variance corrected for ties; two-sided normal p. */
export function mannKendall(values: readonly number[]): MannKendall {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(values[j]! - values[i]!);
  const ties = new Map<number, number>();
  for (const v of values) ties.set(v, (ties.get(v) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  if (variance <= 0) return { s, variance, z: 0, p: 1 };
  const z = s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0;
  return { s, variance, z, p: normalTwoSided(z) };
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Theil–Sen line: slope = median of pairwise slopes, intercept = median of y − slope·x. */
export function theilSen(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length - 1; i++) {
    for (let j = i + 1; j < xs.length; j++) if (xs[j] !== xs[i]) slopes.push((ys[j]! - ys[i]!) / (xs[j]! - xs[i]!));
  }
  if (!slopes.length) return { slope: 0, intercept: ys.length ? median([...ys]) : 0 };
  const slope = median(slopes);
  return { slope, intercept: median(ys.map((y, k) => y - slope * xs[k]!)) };
}
