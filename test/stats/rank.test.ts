import { describe, expect, it } from 'vitest';
import { mannWhitney, vanElteren, type RankStratum } from '../../src/stats/rank.js';

/** average ranks of `mine` inside the pooled stratum, as the SQL computes them */
function stratum(mine: number[], rest: number[]): RankStratum {
  const all = [...mine.map((v) => ({ v, m: true })), ...rest.map((v) => ({ v, m: false }))].sort((a, b) => a.v - b.v);
  let r1 = 0;
  let ties = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.v === all[i]!.v) j++;
    const t = j - i;
    ties += t ** 3 - t;
    const avg = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]!.m) r1 += avg;
    i = j;
  }
  return { n1: mine.length, n2: rest.length, r1, ties };
}

describe('Mann–Whitney from rank sums', () => {
  it('matches scipy mannwhitneyu (asymptotic, no continuity correction): p = 0.00902', () => {
    const r = mannWhitney(stratum([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]));
    expect(r.z).toBeCloseTo(-2.6112, 3);
    expect(r.p).toBeCloseTo(0.009023, 5);
    expect(r.auc).toBe(0);
  });
  it('counts ties as halves in the AUC and in the variance', () => {
    const r = mannWhitney(stratum([1, 2, 2], [2, 3, 3]));
    // each 2 of the member ties one 2 of the rest (½) and loses to the 3s: 2 × ½ of 9 pairs
    expect(r.auc).toBeCloseTo(1 / 9, 12);
    const noTie = mannWhitney({ ...stratum([1, 2, 2], [2, 3, 3]), ties: 0 });
    expect(Math.abs(r.z)).toBeGreaterThan(Math.abs(noTie.z));
  });
});

describe('van Elteren', () => {
  it('compares a member only within comparable work: slow strata do not make it an outlier', () => {
    // the member works only in the slow stratum A, as fast as the others there; stratum B is fast work
    const memberA = Array.from({ length: 20 }, (_, i) => 100 + i);
    const restA = Array.from({ length: 20 }, (_, i) => 100.5 + i);
    const restB = Array.from({ length: 40 }, (_, i) => 1 + i);
    const pooled = mannWhitney(stratum(memberA, [...restA, ...restB]));
    expect(pooled.p).toBeLessThan(1e-4);
    const strat = vanElteren([stratum(memberA, restA), { n1: 0, n2: 40, r1: 0, ties: 0 }]);
    expect(strat.p).toBeGreaterThan(0.5);
  });
  it('finds a member slower than its peers in every stratum', () => {
    const s = [stratum([5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5.5, 6.5]), stratum([50, 60, 70, 80], [10, 20, 30, 40, 55])];
    const r = vanElteren(s);
    expect(r.z).toBeGreaterThan(2);
    expect(r.auc).toBeGreaterThan(0.8);
  });
});
