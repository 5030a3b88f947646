import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UserError } from '../../src/errors.js';
import {
  BUILTIN_24X7_NAME,
  calendarsFromConfig,
  defaultCalendar,
  getCalendar,
  hasBusinessCalendar,
  parseCalendars,
  weeklySeconds,
} from '../../src/calendar/config.js';

const EXAMPLE = `
calendars:
  default: office
  office:
    timezone: Europe/Amsterdam
    hours:
      mon: ["08:00-12:00", "13:00-17:00"]
      tue: ["08:00-17:00"]
      wed: ["08:00-17:00"]
      thu: ["08:00-17:00"]
      fri: ["08:00-17:00"]
      sat: []
      sun: []
    holidays:
      - 2025-12-25
      - { from: 2025-07-21, to: 2025-08-01 }
      - { date: "05-01", every_year: true }
      - { from: "12-31", to: "01-01", every_year: true, name: New year }
  always: { timezone: UTC, hours: "24x7" }
  night:
    timezone: America/New_York
    hours: { mon-fri: "22:00-06:00" }
`;

const H = 3600;

describe('calendar config', () => {
  it('parses the documented example', () => {
    const cfg = calendarsFromConfig(parse(EXAMPLE));
    expect(hasBusinessCalendar(cfg)).toBe(true);
    expect(defaultCalendar(cfg)?.name).toBe('office');
    const office = getCalendar(cfg, 'office');
    expect(office.timezone).toBe('Europe/Amsterdam');
    expect(office.week[0]).toEqual([
      { start: 8 * H, end: 12 * H },
      { start: 13 * H, end: 17 * H },
    ]);
    expect(office.week[5]).toEqual([]);
    expect(weeklySeconds(office)).toBe(44 * H);
    expect(office.holidays).toEqual([
      { kind: 'dates', from: '2025-12-25', to: '2025-12-25' },
      { kind: 'dates', from: '2025-07-21', to: '2025-08-01' },
      { kind: 'annual', from: 501, to: 501 },
      { kind: 'annual', from: 1231, to: 101, name: 'New year' },
    ]);
    expect(weeklySeconds(getCalendar(cfg, 'always'))).toBe(7 * 24 * H);
    // overnight: mon-fri 22:00-06:00 → 22-24 on mon…fri, 00-06 on tue…sat
    const night = getCalendar(cfg, 'night');
    expect(night.week[0]).toEqual([{ start: 22 * H, end: 24 * H }]);
    expect(night.week[1]).toEqual([
      { start: 0, end: 6 * H },
      { start: 22 * H, end: 24 * H },
    ]);
    expect(night.week[5]).toEqual([{ start: 0, end: 6 * H }]);
    expect(night.week[6]).toEqual([]);
    expect(getCalendar(cfg, BUILTIN_24X7_NAME).timezone).toBe('UTC');
  });

  it('without calendars there is no business calendar, but 24x7 exists', () => {
    for (const c of [undefined, null, {}, { calendars: null }]) {
      const cfg = calendarsFromConfig(c);
      expect(hasBusinessCalendar(cfg)).toBe(false);
      expect(defaultCalendar(cfg)).toBeNull();
      expect(Object.keys(cfg.calendars)).toEqual(['24x7']);
    }
  });

  it('one calendar is the default without saying so; several need calendars.default', () => {
    expect(parseCalendars({ a: { timezone: 'UTC', hours: '24x7' } }).default).toBe('a');
    expect(() => parseCalendars({ a: { timezone: 'UTC', hours: '24x7' }, b: { timezone: 'UTC', hours: '24x7' } })).toThrow(
      /calendars\.default: required when several/,
    );
    expect(parseCalendars({ default: '24x7' }).default).toBe('24x7');
  });

  it('touching intervals merge; 24:00 ends a day; seconds are allowed', () => {
    const c = parseCalendars({ x: { timezone: 'UTC', hours: { wed: ['08:00-12:00', '12:00-17:30:15', '20:00-24:00'] } } });
    expect(c.calendars.x!.week[2]).toEqual([
      { start: 8 * H, end: 17.5 * H + 15 },
      { start: 20 * H, end: 24 * H },
    ]);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not a mapping', [1, 2], /config calendars: expected a mapping/],
    ['missing zone', { office: { hours: '24x7' } }, /calendars\.office\.timezone: required/],
    ['unknown zone', { office: { timezone: 'Europe/Amsterdm', hours: '24x7' } }, /calendars\.office\.timezone: unknown time zone 'Europe\/Amsterdm'/],
    ['missing hours', { office: { timezone: 'UTC' } }, /calendars\.office\.hours: required/],
    ['unknown field', { office: { timezone: 'UTC', hours: '24x7', holiday: [] } }, /calendars\.office\.holiday: unknown field/],
    ['bad day', { office: { timezone: 'UTC', hours: { mnd: ['08:00-17:00'] } } }, /calendars\.office\.hours\.mnd: unknown day 'mnd'/],
    ['day twice', { office: { timezone: 'UTC', hours: { 'mon-fri': '08:00-17:00', fri: '08:00-12:00' } } }, /hours\.fri: fri is given more than once/],
    ['bad time', { office: { timezone: 'UTC', hours: { mon: ['8h-17h'] } } }, /calendars\.office\.hours\.mon: bad time '8h'/],
    ['minute 60', { office: { timezone: 'UTC', hours: { mon: ['08:60-17:00'] } } }, /hours\.mon: bad time '08:60'/],
    ['24:00 start', { office: { timezone: 'UTC', hours: { mon: ['24:00-17:00'] } } }, /24:00 can only end/],
    ['empty interval', { office: { timezone: 'UTC', hours: { mon: ['08:00-08:00'] } } }, /empty interval/],
    ['overlap', { office: { timezone: 'UTC', hours: { mon: ['08:00-12:00', '11:00-13:00'] } } }, /hours\.mon: intervals 08:00-12:00 and 11:00-13:00 overlap/],
    ['overnight overlap', { office: { timezone: 'UTC', hours: { mon: '22:00-06:00', tue: '05:00-09:00' } } }, /hours\.tue: .*overlap \(an overnight/],
    ['no hours', { office: { timezone: 'UTC', hours: { sat: [], sun: [] } } }, /calendars\.office\.hours: no working hours/],
    ['unquoted number', { office: { timezone: 'UTC', hours: { mon: [480] } } }, /quote times/],
    ['bad holiday', { office: { timezone: 'UTC', hours: '24x7', holidays: ['2025-02-30'] } }, /calendars\.office\.holidays\[0\]: bad date '2025-02-30'/],
    ['MM-DD without every_year', { office: { timezone: 'UTC', hours: '24x7', holidays: ['05-01'] } }, /holidays\[0\]: bad date '05-01'.*every_year/],
    ['range reversed', { office: { timezone: 'UTC', hours: '24x7', holidays: [{ from: '2025-08-01', to: '2025-07-01' }] } }, /holidays\[0\]: 'to' \(2025-07-01\) is before/],
    ['range missing to', { office: { timezone: 'UTC', hours: '24x7', holidays: [{ from: '2025-08-01' }] } }, /holidays\[0\]\.to: required/],
    ['bad annual', { office: { timezone: 'UTC', hours: '24x7', holidays: [{ date: '13-01', every_year: true }] } }, /holidays\[0\]\.date: bad day '13-01'/],
    ['holiday field', { office: { timezone: 'UTC', hours: '24x7', holidays: [{ day: '2025-01-01' }] } }, /holidays\[0\]\.day: unknown field/],
    ['redefine 24x7', { '24x7': { timezone: 'UTC', hours: '24x7' } }, /calendars\.24x7: '24x7' is built in/],
    ['unknown default', { default: 'office', other: { timezone: 'UTC', hours: '24x7' } }, /calendars\.default: unknown calendar 'office'/],
    ['bad name', { 'my office': { timezone: 'UTC', hours: '24x7' } }, /calendar names may use/],
  ];
  for (const [what, section, re] of bad) {
    it(`rejects ${what} with one line naming calendar and field`, () => {
      let err: unknown;
      try {
        parseCalendars(section);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).not.toContain('\n');
    });
  }

  it('unknown calendar by name is a UserError listing the known ones', () => {
    expect(() => getCalendar(parseCalendars(undefined), 'office')).toThrow(/unknown calendar 'office' \(defined: 24x7\)/);
  });
});
