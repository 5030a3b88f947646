/**
 * Tests on counts and proportions used by findings: one period against the others with the month-to-month
 * overdispersion estimated from the others (real monthly rates vary more than binomial/Poisson noise, so
 * a plain z-test would call every month unusual on big data), the chi-square goodness of fit against equal
 * shares, and the hypergeometric (Fisher) upper tail for a 2×2 association.
 */
import { chiSquareSf, lnGamma, normalTwoSided } from './distributions.js';

/** Expected counts below this use the exact law as well (the larger p-value wins). */
const EXACT_BELOW = 50;

export interface PeriodTest {
  z: number;
  p: number;
  /** Pearson dispersion of the other periods (≥ 1) the variance was scaled by */
  dispersion: number;
}

/** Proportion x/n of one period against the pooled other periods, variance scaled by their dispersion. */
export function proportionShift(x: number, n: number, others: ReadonlyArray<{ x: number; n: number }>): PeriodTest {
  const X = others.reduce((s, o) => s + o.x, 0);
  const N = others.reduce((s, o) => s + o.n, 0);
  const p0 = X / N;
  if (!(n > 0) || !(N > 0) || p0 <= 0 || p0 >= 1) return { z: 0, p: 1, dispersion: 1 };
  const chi = others.reduce((s, o) => s + (o.n > 0 ? (o.x - o.n * p0) ** 2 / (o.n * p0 * (1 - p0)) : 0), 0);
  const dispersion = Math.max(1, others.length > 1 ? chi / (others.length - 1) : 1);
  const z = (x / n - p0) / Math.sqrt(dispersion * p0 * (1 - p0) * (1 / n + 1 / N));
  let p = normalTwoSided(z);
  // rare events (a 3 % reopen rate in a month of 40 tickets): the normal approximation is far too liberal,
  // so Fisher's exact test bounds it from below
  const K = X + x;
  if (Math.min(K, n + N - K) * Math.min(n, N) / (n + N) < EXACT_BELOW) p = Math.max(p, twoSided(hypergeometricTails(x, n, K, n + N)));
  return { z, p, dispersion };
}

/** Count x over exposure e of one period against the other periods' counts over their exposures (Poisson). */
export function rateShift(x: number, e: number, others: ReadonlyArray<{ x: number; e: number }>): PeriodTest {
  const X = others.reduce((s, o) => s + o.x, 0);
  const E = others.reduce((s, o) => s + o.e, 0);
  if (!(e > 0) || !(E > 0) || X + x === 0) return { z: 0, p: 1, dispersion: 1 };
  const rate = X / E;
  const chi = others.reduce((s, o) => s + (o.e > 0 && rate > 0 ? (o.x - o.e * rate) ** 2 / (o.e * rate) : 0), 0);
  const dispersion = Math.max(1, others.length > 1 ? chi / (others.length - 1) : 1);
  // conditional on x + X, x is binomial with share e / (e + E) under equal rates
  const share = e / (e + E);
  const tot = x + X;
  const z = (x - tot * share) / Math.sqrt(dispersion * tot * share * (1 - share));
  let p = normalTwoSided(z);
  if (tot * Math.min(share, 1 - share) < EXACT_BELOW) p = Math.max(p, twoSided(binomialTails(x, tot, share)));
  return { z, p, dispersion };
}

/** Chi-square goodness of fit of counts against equal shares. */
export function chiSquareUniform(counts: readonly number[]): { chi2: number; df: number; p: number } {
  const k = counts.length;
  const n = counts.reduce((s, c) => s + c, 0);
  if (k < 2 || n === 0) return { chi2: 0, df: Math.max(0, k - 1), p: 1 };
  const e = n / k;
  const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
  return { chi2, df: k - 1, p: chiSquareSf(chi2, k - 1) };
}

/** Lower and upper tails P(X ≤ x), P(X ≥ x) of a unimodal discrete law on lo..hi, summed outward from x. */
function tails(lnPmf: (k: number) => number, x: number, lo: number, hi: number): { lower: number; upper: number } {
  if (x < lo) return { lower: 0, upper: 1 };
  if (x > hi) return { lower: 1, upper: 0 };
  const sum = (from: number, step: 1 | -1) => {
    let p = 0;
    let prev = Infinity;
    for (let k = from; k >= lo && k <= hi; k += step) {
      const t = Math.exp(lnPmf(k));
      p += t;
      // past the mode terms only shrink: stop when they no longer matter
      if (t <= prev && t < p * 1e-17) break;
      prev = t;
    }
    return p;
  };
  const up = sum(x, 1);
  const down = sum(x, -1);
  return { upper: Math.min(1, up), lower: Math.min(1, down) };
}

const lnChoose = (n: number, k: number) => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);

/** Tails of the hypergeometric law: x of `draws` tickets carry a value that `successes` of all `total` carry. */
export function hypergeometricTails(x: number, draws: number, successes: number, total: number): { lower: number; upper: number } {
  const den = lnChoose(total, draws);
  return tails((k) => lnChoose(successes, k) + lnChoose(total - successes, draws - k) - den, x, Math.max(0, draws + successes - total), Math.min(draws, successes));
}

/** P(X ≥ x), X hypergeometric (Fisher's exact test, one-sided, for "over-represented in the member"). */
export function hypergeometricSf(x: number, draws: number, successes: number, total: number): number {
  return hypergeometricTails(x, draws, successes, total).upper;
}

/** Tails of Binomial(n, p) at x. */
export function binomialTails(x: number, n: number, p: number): { lower: number; upper: number } {
  if (p <= 0) return { lower: 1, upper: x <= 0 ? 1 : 0 };
  if (p >= 1) return { lower: x >= n ? 1 : 0, upper: 1 };
  return tails((k) => lnChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p), x, 0, n);
}

/** Two-sided exact p from tails: twice the smaller tail. */
export const twoSided = (t: { lower: number; upper: number }): number => Math.min(1, 2 * Math.min(t.lower, t.upper));
