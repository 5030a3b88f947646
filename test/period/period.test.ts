/**
 * src/period: the one place kpi, check, report and findings take their periods from. Expected values are
 * written by hand from the calendar (2024 is a leap year, 2023 and 2100 are not; 2000 is).
 */
import { describe, expect, it } from 'vitest';
import {
  baselinePeriod, isCalendarDate, monthOf, monthPart, monthOverlaps, monthPeriod, monthRange, parseMonth, periodLabel, periodSql, periodWords,
  reachesOutside, resolvePeriod, shiftMonth, ONE_DAY_MS,
} from '../../src/period/period.js';
import { findingsWindow } from '../../src/findings/index.js';

describe('months', () => {
  it('shift across year boundaries, both ways, and by whole years', () => {
    expect(shiftMonth('2024-12', 1)).toBe('2025-01');
    expect(shiftMonth('2025-01', -1)).toBe('2024-12');
    expect(shiftMonth('2024-03', -11)).toBe('2023-04');
    expect(shiftMonth('2024-03', -12)).toBe('2023-03');
    expect(shiftMonth('2024-03', -27)).toBe('2021-12');
    expect(shiftMonth('2024-03', 0)).toBe('2024-03');
  });

  it('a month is [its first day, the next first day): December runs into January, February ends on the 29th or 28th', () => {
    expect(monthPeriod('2024-12')).toEqual({ from: '2024-12-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });
    expect(monthPeriod('2024-02')).toEqual({ from: '2024-02-01T00:00:00Z', to: '2024-03-01T00:00:00Z' });
    expect(periodWords(monthPeriod('2024-02'))).toBe('2024-02 (1 Feb 2024 – 29 Feb 2024, UTC)');
    expect(periodWords(monthPeriod('2023-02'))).toBe('2023-02 (1 Feb 2023 – 28 Feb 2023, UTC)');
    expect(periodWords(monthPeriod('2100-02'))).toBe('2100-02 (1 Feb 2100 – 28 Feb 2100, UTC)');
    expect(periodWords(monthPeriod('2000-02'))).toBe('2000-02 (1 Feb 2000 – 29 Feb 2000, UTC)');
    expect(periodWords(monthPeriod('2024-04'))).toBe('2024-04 (1 Apr 2024 – 30 Apr 2024, UTC)');
  });

  it('--month must be YYYY-MM with a month 01–12', () => {
    expect(parseMonth('2024-01')).toBe('2024-01');
    for (const bad of ['2024-13', '2024-00', '2024-1', '24-01', '2024-01-01', 'March 2024']) expect(() => parseMonth(bad)).toThrow(`--month '${bad}': expected YYYY-MM`);
  });

  it('a range of months includes both ends, across a year; empty when reversed', () => {
    expect(monthRange('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(monthRange('2024-02', '2024-02')).toEqual(['2024-02']);
    expect(monthRange('2024-03', '2024-02')).toEqual([]);
  });

  it('a month overlaps a period by dates: from the start\'s month, and before the end\'s date (exclusive, its time of day ignored)', () => {
    const p = { from: '2024-02-15T00:00:00Z', to: '2024-04-01T00:00:00Z' };
    expect(['2024-01', '2024-02', '2024-03', '2024-04'].map((m) => monthOverlaps(m, p))).toEqual([false, true, true, false]);
    expect(monthOverlaps('2024-04', { from: null, to: '2024-04-01T12:00:00Z' })).toBe(false);
    expect(monthOverlaps('2024-04', { from: null, to: '2024-04-02T00:00:00Z' })).toBe(true);
    expect(monthOverlaps('1999-01', { from: null, to: null })).toBe(true);
  });
});

describe('calendar dates', () => {
  it('29 February only in a leap year; no day 31 in April; not a date in words', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2024-04-31')).toBe(false);
    expect(isCalendarDate('2024-12-31')).toBe(true);
    expect(isCalendarDate('March 2024')).toBe(false);
    expect(isCalendarDate('2024-3-1')).toBe(false);
  });

  it('--from/--to: a leap day is taken, an impossible one refused; a reversed or empty range refused', () => {
    expect(resolvePeriod({ from: '2024-02-29', to: '2024-03-01' })).toEqual({ from: '2024-02-29T00:00:00Z', to: '2024-03-01T00:00:00Z' });
    expect(() => resolvePeriod({ from: '2023-02-29' })).toThrow("--from '2023-02-29': 2023-02 has no day 29");
    expect(() => resolvePeriod({ to: '2024-04-31T10:00:00Z' })).toThrow("--to '2024-04-31T10:00:00Z': 2024-04 has no day 31");
    expect(() => resolvePeriod({ from: 'soon' })).toThrow("--from 'soon': expected a date like 2016-03-01");
    expect(() => resolvePeriod({ from: '2024-03-01', to: '2024-03-01' })).toThrow('--from must be before --to');
    expect(resolvePeriod({})).toEqual({ from: null, to: null });
    // an offset is converted to UTC: 00:30 at +01:00 is the previous day, across the year boundary
    expect(resolvePeriod({ from: '2025-01-01T00:30:00+01:00' })).toEqual({ from: '2024-12-31T23:30:00Z', to: null });
  });
});

describe('one calendar month or not', () => {
  it('exactly [first of a month, first of the next) is that month; a day short, a day long or open-ended is not', () => {
    expect(monthOf(monthPeriod('2024-12'))).toBe('2024-12');
    expect(monthOf({ from: '2024-02-01T00:00:00Z', to: '2024-02-29T00:00:00Z' })).toBeNull();
    expect(monthOf({ from: '2024-02-01T00:00:00Z', to: '2024-03-02T00:00:00Z' })).toBeNull();
    expect(monthOf({ from: '2024-02-01T00:00:00Z', to: '2024-04-01T00:00:00Z' })).toBeNull();
    expect(monthOf({ from: '2024-02-01T00:00:00Z', to: null })).toBeNull();
    // a month written with milliseconds or as another ISO form of the same instants is still the month
    expect(monthOf({ from: '2024-02-01T00:00:00.000Z', to: '2024-03-01T00:00:00+00:00' })).toBe('2024-02');
    // half a second after the first is not the month (check once ignored milliseconds here; kpi's words did not)
    expect(monthOf({ from: '2024-02-01T00:00:00.500Z', to: '2024-03-01T00:00:00Z' })).toBeNull();
  });

  it('labels: the month, all data, or the two ends', () => {
    expect(periodLabel(monthPeriod('2024-02'))).toBe('2024-02');
    expect(periodLabel({ from: null, to: null })).toBe('all data');
    expect(periodLabel({ from: '2024-02-10T00:00:00Z', to: null })).toBe('2024-02-10T00:00:00Z … …');
    expect(periodWords({ from: '2024-02-10T00:00:00Z', to: '2024-03-01T00:00:00Z' })).toBe('10 Feb 2024 – 29 Feb 2024 (UTC)');
    expect(periodWords({ from: '2024-02-10T00:00:00Z', to: null })).toBe('from 10 Feb 2024 (UTC)');
    expect(periodWords({ from: null, to: '2025-01-01T00:00:00Z' })).toBe('until 31 Dec 2024 (UTC)');
    expect(periodWords({ from: '2024-02-10T08:00:00Z', to: '2024-02-10T17:00:00Z' })).toBe('2024-02-10T08:00:00Z – before 2024-02-10T17:00:00Z (UTC)');
  });
});

describe('baselines', () => {
  it('previous: the previous calendar month (January → December), else the same length just before', () => {
    expect(baselinePeriod(monthPeriod('2025-01'), 'previous')).toEqual(monthPeriod('2024-12'));
    // March's previous is all of leap February (29 days), not the 31 days before 1 March
    expect(baselinePeriod(monthPeriod('2024-03'), 'previous')).toEqual(monthPeriod('2024-02'));
    expect(baselinePeriod({ from: '2024-03-10T00:00:00Z', to: '2024-03-17T00:00:00Z' }, 'previous')).toEqual({ from: '2024-03-03T00:00:00Z', to: '2024-03-10T00:00:00Z' });
    // 1 March 2024 − 7 days = 23 February (the leap day lies between)
    expect(baselinePeriod({ from: '2024-03-01T00:00:00Z', to: '2024-03-08T00:00:00Z' }, 'previous')).toEqual({ from: '2024-02-23T00:00:00Z', to: '2024-03-01T00:00:00Z' });
  });

  it('year: the same instants a year earlier; leap February maps to February; 29 February rolls to 1 March', () => {
    expect(baselinePeriod(monthPeriod('2024-02'), 'year')).toEqual(monthPeriod('2023-02'));
    expect(baselinePeriod(monthPeriod('2025-01'), 'year')).toEqual(monthPeriod('2024-01'));
    expect(baselinePeriod({ from: '2024-02-29T00:00:00Z', to: '2024-03-07T00:00:00Z' }, 'year')).toEqual({ from: '2023-03-01T00:00:00Z', to: '2023-03-07T00:00:00Z' });
  });

  it('an open-ended period has no baseline', () => {
    expect(() => baselinePeriod({ from: '2024-01-01T00:00:00Z', to: null }, 'previous')).toThrow('compare: previous needs a bounded period');
  });
});

describe('partial periods', () => {
  const span = { first: '2024-01-10T08:00:00Z', last: '2024-03-20T17:00:00Z' };
  it('a period inside the data is covered; one starting before or ending after it only in part', () => {
    expect(reachesOutside(monthPeriod('2024-02'), span)).toBe(false);
    expect(reachesOutside(monthPeriod('2024-01'), span)).toBe(true);
    expect(reachesOutside(monthPeriod('2024-03'), span)).toBe(true);
    expect(reachesOutside({ from: null, to: '2024-03-20T17:00:00Z' }, span)).toBe(false);
    expect(reachesOutside({ from: null, to: null }, span)).toBe(false);
  });

  it('slack: dates at a day’s granularity forgive a day before the first and two after the last', () => {
    const dates = { first: '2024-02-01T00:00:00Z', last: '2024-02-28T00:00:00Z' };
    const slack = { before: ONE_DAY_MS, after: 2 * ONE_DAY_MS };
    // last opened on 28 Feb: the month's end (1 March 00:00) is 1 day after that date, inside the slack
    expect(reachesOutside(monthPeriod('2024-02'), dates, slack)).toBe(false);
    expect(reachesOutside({ from: '2024-01-31T00:00:00Z', to: '2024-03-01T00:00:00Z' }, dates, slack)).toBe(false);
    expect(reachesOutside({ from: '2024-01-30T23:59:59Z', to: '2024-03-01T00:00:00Z' }, dates, slack)).toBe(true);
    expect(reachesOutside({ from: '2024-02-01T00:00:00Z', to: '2024-03-01T00:00:01Z' }, dates, slack)).toBe(true);
  });
});

describe('SQL and findings', () => {
  it('in the period: both bounds, one, or none', () => {
    expect(periodSql('t', monthPeriod('2024-02'))).toBe("t >= TIMESTAMPTZ '2024-02-01T00:00:00Z' AND t < TIMESTAMPTZ '2024-03-01T00:00:00Z'");
    expect(periodSql('t', { from: null, to: '2024-03-01T00:00:00Z' })).toBe("t < TIMESTAMPTZ '2024-03-01T00:00:00Z'");
    expect(periodSql('t', { from: null, to: null })).toBe('TRUE');
  });

  it('findings with --month: the twelve months ending with it, across the year boundary', () => {
    expect(findingsWindow({ month: '2024-03' })).toEqual({ from: '2023-04-01T00:00:00Z', to: '2024-04-01T00:00:00Z', periodFrom: '2024-03-01T00:00:00Z', periodTo: '2024-04-01T00:00:00Z' });
    expect(findingsWindow({ month: '2024-12' })).toEqual({ from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z', periodFrom: '2024-12-01T00:00:00Z', periodTo: '2025-01-01T00:00:00Z' });
    expect(findingsWindow({ from: '2024-02-10' })).toEqual({ from: '2024-02-10T00:00:00Z', to: null, periodFrom: '2024-02-10T00:00:00Z', periodTo: null });
  });
});

describe('a month as far as the data covers it', () => {
  it('names the whole month when the days span it, else the days covered', () => {
    expect(monthPart('2014-03', '2013-10-01', '2014-03-31')).toBe('Mar 2014');
    expect(monthPart('2014-03', '2013-10-01', '2014-03-11')).toBe('1–11 Mar 2014');
    expect(monthPart('2013-10', '2013-10-07', '2014-03-11')).toBe('7–31 Oct 2013');
    expect(monthPart('2014-02', '2014-02-03', '2014-02-03')).toBe('3 Feb 2014');
    // February of a leap year ends on the 29th, of another year on the 28th
    expect(monthPart('2024-02', '2024-01-01', '2024-02-28')).toBe('1–28 Feb 2024');
    expect(monthPart('2023-02', '2023-01-01', '2023-02-28')).toBe('Feb 2023');
  });
});
