import { describe, expect, it } from 'vitest';
import { binomialTails, chiSquareUniform, hypergeometricSf, hypergeometricTails, proportionShift, rateShift } from '../../src/stats/counts.js';

describe('exact tails', () => {
  it('binomial: P(X ≥ 8) = P(X ≤ 2) = 56/1024 for Bin(10, 1/2)', () => {
    const t = binomialTails(8, 10, 0.5);
    expect(t.upper).toBeCloseTo(56 / 1024, 12);
    expect(binomialTails(2, 10, 0.5).lower).toBeCloseTo(56 / 1024, 12);
    expect(binomialTails(0, 10, 0.5).upper).toBeCloseTo(1, 12);
  });
  it("hypergeometric: Fisher's tea tasting, P(X ≥ 3) = 17/70", () => {
    expect(hypergeometricSf(3, 4, 4, 8)).toBeCloseTo(17 / 70, 12);
    expect(hypergeometricTails(1, 4, 4, 8).lower).toBeCloseTo(17 / 70, 12);
    expect(hypergeometricSf(5, 4, 4, 8)).toBe(0);
  });
});

describe('one period against the others', () => {
  it('a 5-in-36 month against a 3 % rate is not called significant by the normal approximation alone', () => {
    const others = Array.from({ length: 11 }, () => ({ x: 12, n: 400 }));
    const t = proportionShift(5, 36, others);
    // normal approximation alone: p ≈ 0.0003; Fisher exact: ≈ 0.006
    expect(t.p).toBeGreaterThan(0.003);
    expect(t.p).toBeLessThan(0.02);
  });
  it('scales the variance by the dispersion of the other periods', () => {
    const calm = proportionShift(60, 100, Array.from({ length: 6 }, () => ({ x: 50, n: 100 })));
    const noisy = proportionShift(60, 100, [30, 70, 35, 65, 40, 60].map((x) => ({ x, n: 100 })));
    expect(calm.dispersion).toBe(1);
    expect(noisy.dispersion).toBeGreaterThan(5);
    expect(noisy.p).toBeGreaterThan(calm.p);
  });
  it('rates use the exposure: twice the days, twice the tickets is no change', () => {
    const t = rateShift(200, 2, [{ x: 100, e: 1 }, { x: 100, e: 1 }, { x: 100, e: 1 }]);
    expect(t.z).toBeCloseTo(0, 12);
    expect(rateShift(300, 1, [{ x: 100, e: 1 }, { x: 100, e: 1 }, { x: 100, e: 1 }]).p).toBeLessThan(1e-10);
  });
});

describe('chi-square against equal shares', () => {
  it('gives chi2 = 20 on 3 df for 30/10/10/10 (p = 1.70e-4)', () => {
    const r = chiSquareUniform([30, 10, 10, 10]);
    expect(r.chi2).toBeCloseTo(20, 12);
    expect(r.df).toBe(3);
    expect(r.p).toBeCloseTo(1.7e-4, 5);
    expect(chiSquareUniform([10, 10, 10]).p).toBe(1);
  });
});
