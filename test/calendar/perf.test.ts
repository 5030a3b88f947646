// Speed of the set-based business-time functions at 1M rows. Skipped unless ITSM_LENS_BENCH=1:
//   ITSM_LENS_BENCH=1 npx vitest run test/calendar/perf.test.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { parseCalendars } from '../../src/calendar/config.js';
import { ensureCalendar } from '../../src/calendar/segments.js';
import { businessDayDeadlines, businessDueTimes, businessDurations } from '../../src/calendar/business-time.js';

const N = Number(process.env.ITSM_LENS_BENCH_ROWS ?? 1_000_000);
const run = process.env.ITSM_LENS_BENCH === '1' ? describe : describe.skip;

run(`business time at ${N} rows`, () => {
  let store: Store;
  let dir: string;
  const times: Record<string, number> = {};
  const time = async (label: string, fn: () => Promise<unknown>): Promise<void> => {
    const t0 = performance.now();
    await fn();
    times[label] = Math.round(performance.now() - t0) / 1000;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'itsm-lens-cal-bench-'));
    store = await Store.open(join(dir, 'bench.duckdb'));
    // 1M intervals over 2024-2025, lengths up to ~20 days, and 1M pauses (about one per ticket, some overlapping)
    await store.run(`CREATE TABLE iv AS
      SELECT i AS id,
             TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(CAST(floor(hash(i) % (730 * 86400)) AS BIGINT)) AS start_at,
             start_at + to_seconds(CAST(floor(hash(i * 7 + 1) % (20 * 86400)) AS BIGINT)) AS end_at,
             CAST(8 * 3600 * (1 + hash(i * 3) % 5) AS DOUBLE) AS target_seconds,
             CAST(hash(i * 5) % 3 AS INTEGER) AS days
        FROM range(${N}) r(i)`);
    await store.run(`CREATE TABLE pz AS
      SELECT id, start_at + to_seconds(CAST(hash(id * 11 + k) % 86400 AS BIGINT)) AS pause_start,
             start_at + to_seconds(CAST(hash(id * 11 + k) % 86400 + hash(id * 13 + k) % (2 * 86400) AS BIGINT)) AS pause_end
        FROM iv, range(2) k(k) WHERE hash(id + k) % 2 = 0`);
  });

  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`calendar bench (${N} rows): ${JSON.stringify(times)}\n`);
  });

  it('materialises, measures durations, due times, pauses and deadlines', async () => {
    const cfg = parseCalendars({
      office: {
        timezone: 'Europe/Amsterdam',
        hours: { 'mon-fri': '09:00-17:00' },
        holidays: [{ date: '01-01', every_year: true }, { date: '12-25', every_year: true }, { date: '12-26', every_year: true },
          '2024-04-01', '2025-04-21', { date: '04-27', every_year: true }, { from: '2024-12-27', to: '2024-12-31' }],
      },
    });
    await time('ensureCalendar', () => ensureCalendar(store, 'office', cfg.calendars.office!, '2024-01-01', '2026-01-31'));
    await time('durations', () => businessDurations(store, { calendar: 'office', input: 'SELECT id, start_at, end_at FROM iv', out: 'd1' }));
    await time('due_times', () => businessDueTimes(store, { calendar: 'office', input: 'SELECT id, start_at, target_seconds FROM iv', out: 'd2' }));
    await time('durations_with_pauses', () =>
      businessDurations(store, { calendar: 'office', input: 'SELECT id, start_at, end_at FROM iv', pauses: 'pz', out: 'd3' }),
    );
    await time('due_times_with_pauses', () =>
      businessDueTimes(store, { calendar: 'office', input: 'SELECT id, start_at, target_seconds FROM iv', pauses: 'pz', out: 'd4' }),
    );
    await time('deadlines_end_of_day', () =>
      businessDayDeadlines(store, { calendar: 'office', input: 'SELECT id, start_at, days FROM iv', out: 'd5' }),
    );
    await time('deadlines_same_time', () =>
      businessDayDeadlines(store, { calendar: 'office', input: 'SELECT id, start_at, days FROM iv', out: 'd6', mode: 'same_time' }),
    );
    await time('plain_scan', () => store.all('SELECT count(*), sum(epoch(end_at) - epoch(start_at)) FROM iv'));
    const pauses = await store.one<{ n: number }>('SELECT count(*) AS n FROM pz');
    times.pause_rows = pauses?.n ?? 0;
    const r = await store.one<{ n: number; nulls: number }>(
      'SELECT count(*) AS n, count(*) FILTER (WHERE business_seconds IS NULL) AS nulls FROM d1',
    );
    expect(r).toEqual({ n: N, nulls: 0 });
  });
});
