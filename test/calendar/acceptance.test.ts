// kpi-definitions.md §5.3: the business-hours acceptance cases, on a real DuckDB store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { parseCalendars, getCalendar, type CalendarConfig } from '../../src/calendar/config.js';
import { ensureCalendar } from '../../src/calendar/segments.js';
import {
  businessDayDeadlines,
  businessDueAt,
  businessDueTimes,
  businessDurations,
  businessSecondsBetween,
} from '../../src/calendar/business-time.js';

const H = 3600;
let store: Store;
let cfg: CalendarConfig;

const iso = (s: string): string => new Date(s).toISOString().replace('.000Z', 'Z');

beforeAll(async () => {
  store = await Store.open(':memory:');
  cfg = parseCalendars({
    default: 'ams',
    // MetricNet/HDI and ServiceNow cases imply a 09:00-17:00 working day
    ams: {
      timezone: 'Europe/Amsterdam',
      hours: { 'mon-fri': '09:00-17:00' },
      holidays: ['2025-12-25', { from: '2025-07-21', to: '2025-08-01' }, { date: '05-01', every_year: true }],
    },
    // GLPI's default calendar: Mon-Fri 08:00-20:00 (12 h), with GLPI's test holidays
    glpi: {
      timezone: 'UTC',
      hours: { 'mon-fri': ['08:00-20:00'] },
      holidays: [{ date: '2019-05-01', every_year: true }, { from: '2019-07-08', to: '2019-09-01' }],
    },
    glpi5x24: { timezone: 'UTC', hours: { 'mon-fri': '00:00-24:00' } },
    lunch: { timezone: 'Europe/Amsterdam', hours: { mon: ['08:00-12:00', '13:00-17:00'], 'tue-fri': '08:00-17:00' } },
    // biz DST cases (zendesk/biz spec/time_spec.rb)
    la: { timezone: 'America/Los_Angeles', hours: { sun: ['01:30-03:00', '03:30-05:00'] } },
    la_gap: { timezone: 'America/Los_Angeles', hours: { sun: '02:30-05:00' } },
    sao: { timezone: 'America/Sao_Paulo', hours: { sat: '20:00-24:00' } },
    ams_sun: { timezone: 'Europe/Amsterdam', hours: { sun: '09:00-17:00' } },
    ams_all: { timezone: 'Europe/Amsterdam', hours: '24x7' },
  });
  for (const [name, cal] of Object.entries(cfg.calendars)) {
    await ensureCalendar(store, name, cal, '2014-01-01T00:00:00Z', '2026-01-01T00:00:00Z', { marginDaysAfter: 30 });
  }
});

afterAll(() => store?.close());

const biz = (cal: string, a: string, b: string): Promise<number | null> => businessSecondsBetween(store, cal, a, b);

describe('§5.3.1 MetricNet/HDI', () => {
  it('Fri 16:00 → Mon 16:00 is 8 business hours on 09:00-17:00', async () => {
    expect(await biz('ams', '2025-01-10T16:00:00+01:00', '2025-01-13T16:00:00+01:00')).toBe(8 * H);
  });
});

describe('§5.3.2 same day / next day', () => {
  it('Mon 08:00 opened, closed Tue 16:59 qualifies; Fri 16:30 opened must close by Mon 17:00', async () => {
    await businessDayDeadlines(store, {
      calendar: 'ams',
      out: 'sdnd',
      input: `SELECT * FROM (VALUES
        (1, TIMESTAMPTZ '2025-01-13 08:00:00+01', TIMESTAMPTZ '2025-01-14 16:59:00+01', 1),
        (2, TIMESTAMPTZ '2025-01-10 16:30:00+01', NULL::TIMESTAMPTZ, 1),
        (3, TIMESTAMPTZ '2025-01-10 17:30:00+01', NULL::TIMESTAMPTZ, 1),
        (4, TIMESTAMPTZ '2025-01-13 10:00:00+01', NULL::TIMESTAMPTZ, 0)) t(id, start_at, closed_at, days)`,
    });
    const rows = await store.all<{ id: number; deadline: string; ok: boolean | null }>(
      `SELECT id, strftime(deadline_at, '%Y-%m-%dT%H:%M:%SZ') AS deadline, closed_at <= deadline_at AS ok FROM sdnd ORDER BY id`,
    );
    expect(rows[0]).toEqual({ id: 1, deadline: iso('2025-01-14T17:00:00+01:00'), ok: true });
    expect(rows[1]!.deadline).toBe(iso('2025-01-13T17:00:00+01:00'));
    // opened after hours on Friday: the clock starts Monday, so next day is Tuesday
    expect(rows[2]!.deadline).toBe(iso('2025-01-14T17:00:00+01:00'));
    expect(rows[3]!.deadline).toBe(iso('2025-01-13T17:00:00+01:00'));
  });
});

describe('§5.3.3 ServiceNow 1 day = 24 business hours', () => {
  it('start Mon 09:00 on 09:00-17:00 breaches Wed 17:00 (lands exactly on a segment end)', async () => {
    expect(await businessDueAt(store, 'ams', '2025-01-13T09:00:00+01:00', 24 * H)).toBe(iso('2025-01-15T17:00:00+01:00'));
    expect(await businessDueAt(store, 'ams', '2025-01-13T09:00:00+01:00', 8 * H)).toBe(iso('2025-01-13T17:00:00+01:00'));
    // one second more moves to the next opening
    expect(await businessDueAt(store, 'ams', '2025-01-13T09:00:00+01:00', 8 * H + 1)).toBe(iso('2025-01-14T09:00:01+01:00'));
    // lunch break: 4 h from 08:00 lands on 12:00, not 13:00
    expect(await businessDueAt(store, 'lunch', '2025-01-13T08:00:00+01:00', 4 * H)).toBe(iso('2025-01-13T12:00:00+01:00'));
    expect(await businessDueAt(store, 'lunch', '2025-01-13T08:00:00+01:00', 5 * H)).toBe(iso('2025-01-13T14:00:00+01:00'));
  });
  it('start outside hours: the clock starts at the next opening; zero and negative targets', async () => {
    expect(await businessDueAt(store, 'ams', '2025-01-11T12:00:00+01:00', 2 * H)).toBe(iso('2025-01-13T11:00:00+01:00'));
    expect(await businessDueAt(store, 'ams', '2025-01-11T12:00:00+01:00', 0)).toBe(iso('2025-01-11T12:00:00+01:00'));
    expect(await businessDueAt(store, 'ams', '2025-01-11T12:00:00+01:00', -1)).toBeNull();
  });
  it('a due time across a holiday skips it', async () => {
    // Wed 2025-12-24 15:00 + 4 h: 2 h on Wednesday, Thursday 25th is a holiday, 2 h on Friday
    expect(await businessDueAt(store, 'ams', '2025-12-24T15:00:00+01:00', 4 * H)).toBe(iso('2025-12-26T11:00:00+01:00'));
    // perpetual 1 May 2025 (Thursday)
    expect(await businessDueAt(store, 'ams', '2025-04-30T16:00:00+02:00', 2 * H)).toBe(iso('2025-05-02T10:00:00+02:00'));
    // the range 2025-07-21 … 2025-08-01: Fri 18 July 16:00 + 2 h = Mon 4 Aug 10:00
    expect(await businessDueAt(store, 'ams', '2025-07-18T16:00:00+02:00', 2 * H)).toBe(iso('2025-08-04T10:00:00+02:00'));
    expect(await biz('ams', '2025-07-18T16:00:00+02:00', '2025-08-04T10:00:00+02:00')).toBe(2 * H);
  });
});

describe('§5.3.4 GLPI CalendarTest cases', () => {
  it('active time', async () => {
    expect(await biz('glpi', '2019-01-01T07:00:00Z', '2019-01-01T09:00:00Z')).toBe(1 * H);
    expect(await biz('glpi', '2019-01-01T06:00:00Z', '2019-01-01T07:00:00Z')).toBe(0);
    expect(await biz('glpi', '2019-01-01T00:00:00Z', '2019-01-08T00:00:00Z')).toBe(60 * H);
    expect(await biz('glpi', '2019-01-01T09:00:00Z', '2019-01-01T07:00:00Z')).toBe(0); // reversed range
  });
  it('holidays: 1 May perpetual, 2019-07-08 … 2019-09-01', async () => {
    expect(await biz('glpi', '2019-04-30T08:00:00Z', '2019-05-02T20:00:00Z')).toBe(24 * H);
    expect(await biz('glpi', '2020-04-30T08:00:00Z', '2020-05-01T20:00:00Z')).toBe(12 * H);
    expect(await biz('glpi', '2019-07-05T08:00:00Z', '2019-09-02T20:00:00Z')).toBe(24 * H);
  });
  it('computeEndDate 2018-11-19 10:00 + 7 days', async () => {
    const input = `SELECT TIMESTAMPTZ '2018-11-19 10:00:00+00' AS start_at, 7 AS days`;
    const get = async (cal: string, mode: 'same_time' | 'end_of_day'): Promise<string | undefined> => {
      await businessDayDeadlines(store, { calendar: cal, input, out: 'glpi_end', mode });
      return (await store.one<{ d: string }>(`SELECT strftime(deadline_at, '%Y-%m-%dT%H:%M:%SZ') AS d FROM glpi_end`))?.d;
    };
    expect(await get('glpi', 'same_time')).toBe('2018-11-28T10:00:00Z');
    expect(await get('glpi', 'end_of_day')).toBe('2018-11-28T20:00:00Z');
    expect(await get('glpi5x24', 'end_of_day')).toBe('2018-11-29T00:00:00Z');
  });
});

describe('§5.3.5 biz DST cases', () => {
  const segs = (cal: string, date: string): Promise<{ s: string; e: string }[]> =>
    store.all(
      `SELECT strftime(seg_start, '%Y-%m-%dT%H:%M:%SZ') AS s, strftime(seg_end, '%Y-%m-%dT%H:%M:%SZ') AS e
         FROM calendar_segment WHERE calendar = '${cal}' AND local_date = DATE '${date}' ORDER BY seg_start`,
    );
  it('spring-forward: nonexistent 02:30 (LA, 2014-03-09) is 03:30', async () => {
    expect(await segs('la_gap', '2014-03-09')).toEqual([{ s: '2014-03-09T10:30:00Z', e: '2014-03-09T12:00:00Z' }]);
    expect(await segs('la_gap', '2014-03-16')).toEqual([{ s: '2014-03-16T09:30:00Z', e: '2014-03-16T12:00:00Z' }]);
  });
  it('endnight: 24:00 on 2015-10-17 in Sao Paulo (DST starts at midnight) is 01:00 on the 18th', async () => {
    expect(await segs('sao', '2015-10-17')).toEqual([{ s: '2015-10-17T23:00:00Z', e: '2015-10-18T03:00:00Z' }]);
  });
  it('ambiguous: 01:30 on 2014-11-02 (LA) is the daylight-saving occurrence', async () => {
    // la: sun 01:30-03:00 and 03:30-05:00
    expect(await segs('la', '2014-11-02')).toEqual([
      { s: '2014-11-02T08:30:00Z', e: '2014-11-02T11:00:00Z' },
      { s: '2014-11-02T11:30:00Z', e: '2014-11-02T13:00:00Z' },
    ]);
  });
  it('a 09:00-17:00 day on transition days is still 8 h; a local 24x7 day is 23 h / 25 h', async () => {
    expect(await biz('ams_sun', '2025-03-30T00:00:00+01:00', '2025-03-31T00:00:00+02:00')).toBe(8 * H);
    expect(await biz('ams_sun', '2025-10-26T00:00:00+02:00', '2025-10-27T00:00:00+01:00')).toBe(8 * H);
    expect(await biz('ams_all', '2025-03-30T00:00:00+01:00', '2025-03-31T00:00:00+02:00')).toBe(23 * H);
    expect(await biz('ams_all', '2025-10-26T00:00:00+02:00', '2025-10-27T00:00:00+01:00')).toBe(25 * H);
    // and the built-in 24x7 counts wall-clock time
    expect(await biz('24x7', '2025-10-26T00:00:00+02:00', '2025-10-27T00:00:00+01:00')).toBe(25 * H);
  });
});

describe('§5.3.6 pauses', () => {
  it('a pause inside the schedule extends the breach; one outside changes nothing', async () => {
    await store.run(`CREATE OR REPLACE TEMP TABLE p6_t AS SELECT * FROM (VALUES
      (1, TIMESTAMPTZ '2025-01-10 09:00:00+01', TIMESTAMPTZ '2025-01-14 09:00:00+01', 8 * 3600),
      (2, TIMESTAMPTZ '2025-01-10 09:00:00+01', TIMESTAMPTZ '2025-01-14 09:00:00+01', 8 * 3600),
      (3, TIMESTAMPTZ '2025-01-10 09:00:00+01', TIMESTAMPTZ '2025-01-14 09:00:00+01', 8 * 3600),
      (4, TIMESTAMPTZ '2025-01-10 09:00:00+01', TIMESTAMPTZ '2025-01-14 09:00:00+01', 8 * 3600)) t(id, start_at, end_at, target_seconds)`);
    await store.run(`CREATE OR REPLACE TEMP TABLE p6_p AS SELECT * FROM (VALUES
      (2, TIMESTAMPTZ '2025-01-10 10:00:00+01', TIMESTAMPTZ '2025-01-10 11:00:00+01'),
      (3, TIMESTAMPTZ '2025-01-11 10:00:00+01', TIMESTAMPTZ '2025-01-11 12:00:00+01'),
      (4, TIMESTAMPTZ '2025-01-10 10:00:00+01', TIMESTAMPTZ '2025-01-10 11:00:00+01'),
      (4, TIMESTAMPTZ '2025-01-10 10:30:00+01', TIMESTAMPTZ '2025-01-10 12:00:00+01'),
      (4, TIMESTAMPTZ '2025-01-10 16:00:00+01', TIMESTAMPTZ '2025-01-13 10:00:00+01')) t(id, pause_start, pause_end)`);
    await businessDueTimes(store, { calendar: 'ams', input: 'p6_t', pauses: 'p6_p', out: 'p6_due' });
    await businessDurations(store, { calendar: 'ams', input: 'p6_t', pauses: 'p6_p', out: 'p6_dur' });
    const due = await store.all<{ id: number; due: string; shift: number }>(
      `SELECT id, strftime(due_at, '%Y-%m-%dT%H:%M:%SZ') AS due, paused_business_seconds AS shift FROM p6_due ORDER BY id`,
    );
    expect(due).toEqual([
      { id: 1, due: iso('2025-01-10T17:00:00+01:00'), shift: 0 },
      { id: 2, due: iso('2025-01-13T10:00:00+01:00'), shift: H },
      { id: 3, due: iso('2025-01-10T17:00:00+01:00'), shift: 0 },
      // 10:00-12:00 merged (2 h), then the clock reaches 16:00 with 5 h used, pause to Mon 10:00 (2 h business)
      { id: 4, due: iso('2025-01-13T13:00:00+01:00'), shift: 4 * H },
    ]);
    const dur = await store.all<{ id: number; b: number; pb: number; net: number; pc: number }>(
      `SELECT id, business_seconds AS b, paused_business_seconds AS pb, net_business_seconds AS net, paused_seconds AS pc FROM p6_dur ORDER BY id`,
    );
    expect(dur).toEqual([
      { id: 1, b: 16 * H, pb: 0, net: 16 * H, pc: 0 },
      { id: 2, b: 16 * H, pb: H, net: 15 * H, pc: H },
      { id: 3, b: 16 * H, pb: 0, net: 16 * H, pc: 2 * H },
      { id: 4, b: 16 * H, pb: 4 * H, net: 12 * H, pc: 2 * H + 66 * H },
    ]);
  });
  it('an open pause stops the clock: no due time until it ends', async () => {
    await businessDueTimes(store, {
      calendar: 'ams',
      input: `SELECT 1 AS id, TIMESTAMPTZ '2025-01-13 09:00:00+01' AS start_at, 3600 AS target_seconds`,
      pauses: `SELECT 1 AS id, TIMESTAMPTZ '2025-01-13 09:30:00+01' AS pause_start, NULL::TIMESTAMPTZ AS pause_end`,
      out: 'open_due',
    });
    expect((await store.one<{ d: unknown }>('SELECT due_at AS d FROM open_due'))?.d).toBeNull();
    // … but a due time reached before the open pause begins stands
    await businessDueTimes(store, {
      calendar: 'ams',
      input: `SELECT 1 AS id, TIMESTAMPTZ '2025-01-13 09:00:00+01' AS start_at, 1800 AS target_seconds`,
      pauses: `SELECT 1 AS id, TIMESTAMPTZ '2025-01-13 09:30:00+01' AS pause_start, NULL::TIMESTAMPTZ AS pause_end`,
      out: 'open_due',
    });
    expect((await store.one<{ d: string }>(`SELECT strftime(due_at, '%H:%M') AS d FROM open_due`))?.d).toBe('08:30');
  });
});

describe('coverage', () => {
  it('instants outside the materialised range give NULL, never a wrong number', async () => {
    expect(await biz('ams', '2010-01-01T00:00:00Z', '2025-01-01T00:00:00Z')).toBeNull();
    expect(await businessDueAt(store, 'ams', '2025-12-30T09:00:00Z', 1000 * H)).toBeNull();
    expect(getCalendar(cfg, 'ams').timezone).toBe('Europe/Amsterdam');
  });
});

describe('materialisation and edges', () => {
  it('ensureCalendar reuses a covering materialisation and extends it when asked for more', async () => {
    const s2 = await Store.open(':memory:');
    try {
      const cal = getCalendar(cfg, 'ams');
      const a = await ensureCalendar(s2, 'ams', cal, '2025-01-01T00:00:00Z', '2025-06-30T00:00:00Z', { marginDaysAfter: 10 });
      expect(a).toMatchObject({ rebuilt: true, firstDate: '2024-12-25', lastDate: '2025-07-10', coverFrom: '2024-12-24T23:00:00Z' });
      const b = await ensureCalendar(s2, 'ams', cal, '2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z', { marginDaysAfter: 10 });
      expect(b.rebuilt).toBe(false);
      const c = await ensureCalendar(s2, 'ams', cal, '2025-02-01T00:00:00Z', '2025-09-01T00:00:00Z', { marginDaysAfter: 0 });
      expect(c).toMatchObject({ rebuilt: true, firstDate: '2024-12-25', lastDate: '2025-09-01' });
      // a redefined calendar under the same name is rebuilt
      const d = await ensureCalendar(s2, 'ams', getCalendar(cfg, 'lunch'), '2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z');
      expect(d.rebuilt).toBe(true);
      // segments are disjoint, ordered, and cum_before is the running sum
      const chk = await s2.one<{ bad: number }>(`SELECT count(*) AS bad FROM (
        SELECT seg_start < lag(seg_end) OVER w AS overlap,
               cum_before <> coalesce(lag(cum_before) OVER w + epoch(lag(seg_end) OVER w) - epoch(lag(seg_start) OVER w), 0) AS wrong
          FROM calendar_segment WHERE calendar = 'ams' WINDOW w AS (ORDER BY seg_start)) WHERE overlap OR wrong`);
      expect(chk?.bad).toBe(0);
    } finally {
      s2.close();
    }
  });

  it('NULL instants give NULL; sub-second instants are exact to the microsecond', async () => {
    await businessDurations(store, {
      calendar: 'ams',
      out: 'edge',
      input: `SELECT * FROM (VALUES
        (1, NULL::TIMESTAMPTZ, TIMESTAMPTZ '2025-01-13 10:00:00+01'),
        (2, TIMESTAMPTZ '2025-01-13 10:00:00+01', NULL::TIMESTAMPTZ),
        (3, TIMESTAMPTZ '2025-01-13 10:00:00.25+01', TIMESTAMPTZ '2025-01-13 10:00:01.5+01')) t(id, start_at, end_at)`,
    });
    const rows = await store.all<{ id: number; b: number | null }>('SELECT id, business_seconds AS b FROM edge ORDER BY id');
    expect(rows).toEqual([
      { id: 1, b: null },
      { id: 2, b: null },
      { id: 3, b: 1.25 },
    ]);
    expect(await businessDueAt(store, 'ams', '2025-01-13T16:59:59.5+01:00', 1)).toBe('2025-01-14T08:00:00.500Z');
  });

  it('same_time deadlines keep the local wall time across a DST change', async () => {
    await businessDayDeadlines(store, {
      calendar: 'ams',
      mode: 'same_time',
      out: 'dst_dl',
      input: `SELECT TIMESTAMPTZ '2025-03-28 10:00:00+01' AS start_at, 1 AS days`,
    });
    const r = await store.one<{ d: string }>(`SELECT strftime(deadline_at, '%Y-%m-%dT%H:%M:%SZ') AS d FROM dst_dl`);
    expect(r?.d).toBe(iso('2025-03-31T10:00:00+02:00'));
  });

  it('the SQL builders embed in a larger query', async () => {
    const { businessDurationsSql } = await import('../../src/calendar/business-time.js');
    const r = await store.one<{ h: number }>(
      `WITH t AS (SELECT 'INC1' AS id, TIMESTAMPTZ '2025-01-10 16:00:00+01' AS start_at, TIMESTAMPTZ '2025-01-13 16:00:00+01' AS end_at),
            b AS (${businessDurationsSql('ams', 'SELECT * FROM t')})
       SELECT business_seconds / 3600 AS h FROM b`,
    );
    expect(r?.h).toBe(8);
  });
});
