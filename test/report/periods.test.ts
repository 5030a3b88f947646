import { describe, expect, it } from 'vitest';
import type { CoverageMonth } from '../../src/coverage/index.js';
import { comparisonReason } from '../../src/report/periods.js';

// Hand-made coverage: incidents, Jan 2024 … Mar 2025, 100 a month (the typical month), except Feb 2024 with 10
// (under a quarter of 100) and Mar 2025, cut by the export's end on the 10th.
const row = (month: string, opened: number, complete = true, lastDay = '28'): CoverageMonth => ({
  kind: 'incident', month, opened, resolved: opened, complete, missing_after: null, last_end: null, core: true, typical: 100,
  first_opened: `${month}-01T00:00:00Z`, last_opened: `${month}-${lastDay}T00:00:00Z`,
});
const months = [...Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`), '2025-01', '2025-02', '2025-03'];
const coverage = months.map((m) => (m === '2024-02' ? row(m, 10) : m === '2025-03' ? row(m, 30, false, '10') : row(m, 100)));

describe('comparisonReason: which comparison a thin or partial month refuses (report tiles and chart titles)', () => {
  it('a thin month a year earlier refuses the year-ago comparison and says so; the previous month is compared', () => {
    expect(comparisonReason(coverage, '2025-02', '2024-02', 0.25)).toBe(
      'no year-ago comparison: Feb 2024 holds 10 incidents, under a quarter of a typical month (100)',
    );
    expect(comparisonReason(coverage, '2025-02', '2025-01', 0.25)).toBeNull();
  });

  it('a thin previous month refuses the month-on-month comparison', () => {
    expect(comparisonReason(coverage, '2024-03', '2024-02', 0.25)).toBe(
      'no month-on-month comparison: Feb 2024 holds 10 incidents, under a quarter of a typical month (100)',
    );
  });

  it('a baseline outside the data names the comparison it refuses', () => {
    expect(comparisonReason(coverage, '2024-06', '2023-06', 0.25)).toMatch(/^no year-ago comparison: Jun 2023 is outside the data \(incidents opened 1 Jan 2024 … /);
  });

  it('a partial report month refuses both comparisons for one reason, its own, in the same words', () => {
    const prev = comparisonReason(coverage, '2025-03', '2025-02', 0.25);
    const year = comparisonReason(coverage, '2025-03', '2024-03', 0.25);
    expect(prev).toBe('no comparison: Mar 2025 is a partial month (incidents opened 1 Mar 2025 … 10 Mar 2025)');
    expect(year).toBe(prev);
  });
});
