/** `--month`, `--from`, `--to` → the half-open period; impossible dates are refused, not rolled over. */
import { describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../src/metrics/kpi.js';

describe('resolvePeriod', () => {
  it('a month is [first day, first day of the next month)', () => {
    expect(resolvePeriod({ month: '2024-12' })).toEqual({ from: '2024-12-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });
  });

  it('dates and timestamps are instants in UTC', () => {
    expect(resolvePeriod({ from: '2024-02-29', to: '2024-03-01T10:00:00+02:00' })).toEqual({ from: '2024-02-29T00:00:00Z', to: '2024-03-01T08:00:00Z' });
  });

  it('an impossible day is refused (JavaScript would read 2024-02-30 as 1 March)', () => {
    expect(() => resolvePeriod({ from: '2024-02-30' })).toThrow("--from '2024-02-30': 2024-02 has no day 30");
    expect(() => resolvePeriod({ to: '2023-02-29T08:00:00Z' })).toThrow("--to '2023-02-29T08:00:00Z': 2023-02 has no day 29");
    expect(() => resolvePeriod({ month: '2024-13' })).toThrow("--month '2024-13': expected YYYY-MM");
  });
});
