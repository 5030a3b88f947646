/**
 * Rank tests from per-stratum rank sums (computed in SQL with average ranks over each stratum):
 * Mann–Whitney is the one-stratum case of van Elteren's stratified test, which compares a member with the
 * rest only within comparable work (same category and priority, say) and combines the strata with weights
 * 1/(N+1). Ties enter through Σ(t³ − t) per stratum.
 */
import { normalTwoSided } from './distributions.js';

export interface RankStratum {
  /** tickets of the member in the stratum */
  n1: number;
  /** tickets of everyone else in the stratum */
  n2: number;
  /** sum of the member's (average) ranks within the stratum */
  r1: number;
  /** Σ (t³ − t) over tie groups of the stratum */
  ties: number;
}

export interface RankTest {
  z: number;
  p: number;
  /** probability that a member's value exceeds another's in the same stratum (ties half): 0.5 = no difference */
  auc: number;
  n1: number;
  n2: number;
}

/** Van Elteren's stratified Wilcoxon–Mann–Whitney test (two-sided, normal approximation). */
export function vanElteren(strata: readonly RankStratum[]): RankTest {
  let t = 0;
  let v = 0;
  let u = 0;
  let pairs = 0;
  let n1 = 0;
  let n2 = 0;
  for (const s of strata) {
    if (s.n1 === 0 || s.n2 === 0) continue;
    const N = s.n1 + s.n2;
    const w = 1 / (N + 1);
    t += w * (s.r1 - (s.n1 * (N + 1)) / 2);
    v += w * w * ((s.n1 * s.n2) / 12) * (N + 1 - s.ties / (N * (N - 1)));
    u += s.r1 - (s.n1 * (s.n1 + 1)) / 2;
    pairs += s.n1 * s.n2;
    n1 += s.n1;
    n2 += s.n2;
  }
  if (v <= 0 || pairs === 0) return { z: 0, p: 1, auc: 0.5, n1, n2 };
  const z = t / Math.sqrt(v);
  return { z, p: normalTwoSided(z), auc: u / pairs, n1, n2 };
}

/** Mann–Whitney U test of two groups (two-sided, tie-corrected normal approximation). */
export function mannWhitney(s: RankStratum): RankTest {
  return vanElteren([s]);
}
