import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineMetricMacros } from '../../src/metrics/macros.js';
import { Store } from '../../src/store/db.js';

// src/metrics/macros.sql: the per-record rules more than one metric applies, on hand-made values.
//   is_reopened(count, at)      a count above 0, or a reopen time
//   has_reopen_info(count, at)  either is known (the denominator of reopen rate: neither = unknown, not "never")
//   duration_stats(x, reversed) n, mean, median, p90 (interpolated) over the not-reversed records, and
//                               excluded_negative = the reversed ones
let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:');
  await defineMetricMacros(store);
});
afterAll(() => store?.close());

describe('macros.sql: the reopen rule', () => {
  it('reads a count above 0 or a reopen time as reopened, and either one as information', async () => {
    const rows = await store.all<{ id: string; reopened: boolean; info: boolean }>(
      `SELECT id, is_reopened(c, ra) AS reopened, has_reopen_info(c, ra) AS info
       FROM (VALUES
         ('none',        NULL::INT, NULL::TIMESTAMPTZ),
         ('count 0',     0,         NULL),
         ('count 1',     1,         NULL),
         ('count 2',     2,         NULL),
         -- closed 03-06, reopened 03-07 (after it was closed): an export with the time and no count
         ('time only',   NULL,      TIMESTAMPTZ '2024-03-07 10:00:00+00'),
         -- a count of 0 beside a reopen time: the time says it was reopened
         ('0 and time',  0,         TIMESTAMPTZ '2024-03-07 10:00:00+00'),
         ('1 and time',  1,         TIMESTAMPTZ '2024-03-07 10:00:00+00')
       ) v(id, c, ra) ORDER BY id`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.reopened, r.info]]))).toEqual({
      none: [false, false], // unknown: neither reopened nor in the denominator
      'count 0': [false, true],
      'count 1': [true, true],
      'count 2': [true, true],
      'time only': [true, true],
      '0 and time': [true, true],
      '1 and time': [true, true],
    });
  });
});

describe('macros.sql: duration_stats', () => {
  it('gives n, mean, median and p90 of the not-reversed records and counts the reversed ones', async () => {
    const rows = await store.all<Record<string, unknown>>(
      `SELECT g, unnest(duration_stats(x, reversed)) FROM (VALUES
         ('A', 0.0, FALSE), ('A', 1.0, FALSE), ('A', 2.0, FALSE), ('A', 3.0, FALSE), ('A', 10.0, FALSE),
         ('A', -5.0, TRUE), ('A', -1.0, TRUE),
         ('B', -2.0, TRUE),
         ('C', 4.0, FALSE)
       ) v(g, x, reversed) GROUP BY g ORDER BY g`,
    );
    expect(rows).toEqual([
      // [0, 1, 2, 3, 10]: n 5, mean 16 / 5 = 3.2, median 2; p90 at 0.9 × 4 = 3.6 → 3 + 0.6 × (10 − 3) = 7.2;
      // −5 and −1 left out (with them: mean 10 / 7, median 1) and counted
      { g: 'A', n: 5, mean: 3.2, median: 2, p90: expect.closeTo(7.2, 9), excluded_negative: 2 },
      // only a reversed range: no statistics, 1 excluded
      { g: 'B', n: 0, mean: null, median: null, p90: null, excluded_negative: 1 },
      // one record: all four are that record
      { g: 'C', n: 1, mean: 4, median: 4, p90: 4, excluded_negative: 0 },
    ]);
  });
});
