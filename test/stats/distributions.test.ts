import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, chiSquareSf, lnGamma, normalCdf, normalQuantile, normalSf } from '../../src/stats/distributions.js';

// reference values from scipy.stats (norm, chi2) and R p.adjust(method = "BH")
describe('distributions', () => {
  it('normal tails match R', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalSf(3)).toBeCloseTo(0.0013498980316301, 14);
    expect(normalSf(-1)).toBeCloseTo(0.841344746068543, 12);
    expect(normalSf(8) / 6.22096057427178e-16).toBeCloseTo(1, 8);
    expect(normalSf(20) / 2.75362411860623e-89).toBeCloseTo(1, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 10);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 7);
  });
  it('chi-square and gamma match R', () => {
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSf(10, 4)).toBeCloseTo(0.04042768199451279, 12);
    expect(chiSquareSf(200, 50) / 7.857610724654791e-20).toBeCloseTo(1, 6);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
  it('Benjamini–Hochberg matches p.adjust', () => {
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5]);
    const r = [0.025, 0.05, 0.05, 0.025, 0.5];
    q.forEach((v, i) => expect(v).toBeCloseTo(r[i]!, 12));
  });
});
