import { describe, expect, it } from 'vitest';
import { mannKendall, theilSen } from '../../src/stats/trend.js';

describe('Mann–Kendall', () => {
  it('matches the textbook values on a monotone series (S = 10, var = 16.67, p = 0.0275)', () => {
    const r = mannKendall([1, 2, 3, 4, 5]);
    expect(r.s).toBe(10);
    expect(r.variance).toBeCloseTo(300 / 18, 10);
    expect(r.p).toBeCloseTo(0.02747, 4);
  });
  it('corrects the variance for ties', () => {
    const r = mannKendall([1, 1, 2, 2, 3]);
    expect(r.s).toBe(8);
    expect(r.variance).toBeCloseTo((300 - 36) / 18, 10);
    expect(r.p).toBeCloseTo(0.0676, 3);
  });
  it('is symmetric and gives p = 1 on a constant series', () => {
    expect(mannKendall([5, 4, 3, 2, 1]).z).toBeCloseTo(-mannKendall([1, 2, 3, 4, 5]).z, 12);
    expect(mannKendall([3, 3, 3, 3]).p).toBe(1);
  });
});

describe('Theil–Sen', () => {
  it('ignores an outlier that would drag least squares', () => {
    const r = theilSen([0, 1, 2, 3, 4], [1, 3, 5, 7, 100]);
    expect(r.slope).toBe(2);
    expect(r.intercept).toBe(1);
  });
});
