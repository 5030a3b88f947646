// Property test: thousands of seeded random intervals across DST changes and holidays; SQL business time must
// agree exactly with an independent minute-by-minute computation in plain JS (Intl for local wall time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { parseCalendars } from '../../src/calendar/config.js';
import { ensureCalendar } from '../../src/calendar/segments.js';
import { businessDueTimes, businessDurations } from '../../src/calendar/business-time.js';
import { seededRandom as rng } from '../../src/stats/seeded-random.js';

type Spec = { timezone: string; hours: Record<string, string[]> | '24x7'; holidays?: unknown[] };

// --- the oracle: a UTC minute counts when its local wall time is inside the schedule and its local date
// is no holiday. Written from the spec, not from the parser's output.
const WINDOW_START = Date.UTC(2025, 0, 1) / 60000; // in minutes since epoch
const WINDOW_END = Date.UTC(2026, 1, 15) / 60000;
const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WD: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

function hm(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + m!;
}

function oracleMinuteFlags(spec: Spec): Uint8Array {
  // working minutes of the week, by local weekday and minute of day
  const week: Uint8Array[] = DAY_KEYS.map(() => new Uint8Array(1440));
  if (spec.hours === '24x7') week.forEach((d) => d.fill(1));
  else {
    for (const [key, list] of Object.entries(spec.hours)) {
      const [a, b] = key.split('-');
      const days: number[] = [];
      for (let d = DAY_KEYS.indexOf(a!); ; d = (d + 1) % 7) {
        days.push(d);
        if (d === DAY_KEYS.indexOf(b ?? a!)) break;
      }
      for (const d of days) {
        for (const iv of list) {
          const [s, e] = iv.split('-').map(hm) as [number, number];
          if (s < e) week[d]!.fill(1, s, e);
          else {
            week[d]!.fill(1, s, 1440);
            week[(d + 1) % 7]!.fill(1, 0, e);
          }
        }
      }
    }
  }
  const fixed = new Set<string>();
  const ranges: [string, string][] = [];
  const annual: string[] = [];
  for (const h of spec.holidays ?? []) {
    if (typeof h === 'string') fixed.add(h);
    else {
      const o = h as { date?: string; from?: string; to?: string; every_year?: boolean };
      if (o.every_year) annual.push(o.date!);
      else ranges.push([o.from!, o.to!]);
    }
  }
  const isHoliday = (date: string): boolean =>
    fixed.has(date) || annual.includes(date.slice(5)) || ranges.some(([f, t]) => date >= f && date <= t);
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: spec.timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  });
  const n = WINDOW_END - WINDOW_START;
  const flags = new Uint8Array(n);
  for (let h = 0; h < n; h += 60) {
    // one Intl call per UTC hour: the zones used change offset only on whole UTC hours
    const parts = Object.fromEntries(fmt.formatToParts(new Date((WINDOW_START + h) * 60000)).map((p) => [p.type, p.value]));
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    const dow = WD[parts.weekday!]!;
    const minOfDay = Number(parts.hour) * 60 + Number(parts.minute);
    if (isHoliday(date)) continue;
    for (let m = 0; m < 60 && h + m < n; m++) {
      // a UTC hour never crosses local midnight here, as the offsets are whole hours
      flags[h + m] = week[dow]![minOfDay + m]!;
    }
  }
  return flags;
}

function prefix(flags: Uint8Array): Float64Array {
  const p = new Float64Array(flags.length + 1);
  for (let i = 0; i < flags.length; i++) p[i + 1] = p[i]! + flags[i]!;
  return p;
}


/** A random weekly schedule with boundaries on whole or half hours, avoiding half hours inside 01:00-03:00
 * (where biz's DST boundary semantics and a wall-clock minute test legitimately differ: see docs/calendars.md). */
function randomHours(r: () => number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const t = (x: number): string => `${String(Math.floor(x / 2)).padStart(2, '0')}:${x % 2 ? '30' : '00'}`;
  for (const d of DAY_KEYS) {
    if (r() < 0.25) continue;
    const cuts = new Set<number>();
    const k = 2 * (1 + Math.floor(r() * 3));
    while (cuts.size < k) {
      const x = Math.floor(r() * 49); // half hours 0..48
      if (x % 2 === 1 && x >= 2 && x <= 6) continue;
      cuts.add(x);
    }
    const c = [...cuts].sort((a, b) => a - b);
    const list: string[] = [];
    for (let i = 0; i < c.length; i += 2) list.push(`${t(c[i]!)}-${t(c[i + 1]!)}`);
    out[d] = list;
  }
  if (Object.keys(out).length === 0) out.wed = ['09:00-17:00'];
  return out;
}

const HOLIDAYS = ['2025-04-21', { from: '2025-07-21', to: '2025-07-25' }, { date: '12-25', every_year: true }, { date: '10-27', every_year: true }];

const SPECS: Record<string, Spec> = {
  ams_office: {
    timezone: 'Europe/Amsterdam',
    hours: { mon: ['08:00-12:00', '13:00-17:00'], 'tue-fri': ['08:00-17:00'] },
    holidays: HOLIDAYS,
  },
  ams_night: {
    timezone: 'Europe/Amsterdam',
    hours: { sat: ['22:00-06:00'], sun: ['09:00-12:00', '20:00-24:00'], mon: ['00:00-02:00', '09:00-17:00'] },
    holidays: ['2025-03-29', { from: '2025-12-24', to: '2025-12-26' }],
  },
  ams_all: { timezone: 'Europe/Amsterdam', hours: '24x7', holidays: ['2025-10-26', { date: '01-01', every_year: true }] },
  ny: {
    timezone: 'America/New_York',
    hours: { 'mon-fri': ['09:00-17:00'], sun: ['01:00-03:00', '09:00-17:00'] },
    holidays: ['2025-07-04', { date: '11-27', every_year: true }],
  },
  ny_rand: { timezone: 'America/New_York', hours: randomHours(rng(7)), holidays: HOLIDAYS },
  ams_rand: { timezone: 'Europe/Amsterdam', hours: randomHours(rng(11)), holidays: HOLIDAYS },
  utc_rand: { timezone: 'UTC', hours: randomHours(rng(13)), holidays: HOLIDAYS },
};

const TRANSITIONS = ['2025-03-09T07:00:00Z', '2025-03-30T01:00:00Z', '2025-10-26T01:00:00Z', '2025-11-02T06:00:00Z'].map(
  (s) => Date.parse(s) / 60000 - WINDOW_START,
);
const SPAN = Date.UTC(2025, 11, 31) / 60000 - WINDOW_START; // starts within 2025

function randomStart(r: () => number): number {
  if (r() < 0.5) {
    const t = TRANSITIONS[Math.floor(r() * TRANSITIONS.length)]!;
    return Math.max(0, Math.round(t + (r() - 0.5) * 4 * 1440));
  }
  return Math.floor(r() * SPAN);
}

function randomLength(r: () => number): number {
  const x = r();
  if (x < 0.05) return -Math.floor(r() * 600); // reversed
  if (x < 0.45) return Math.floor(r() * 600);
  if (x < 0.85) return Math.floor(r() * 3 * 1440);
  return Math.floor(r() * 30 * 1440);
}

const ts = (minute: number): string => `to_timestamp(${(WINDOW_START + minute) * 60})`;

let store: Store;
const oracle: Record<string, Float64Array> = {};

beforeAll(async () => {
  store = await Store.open(':memory:');
  const cfg = parseCalendars({ default: 'ams_office', ...SPECS });
  for (const name of Object.keys(SPECS)) {
    await ensureCalendar(store, name, cfg.calendars[name]!, '2025-01-01T00:00:00Z', '2025-12-31T00:00:00Z', { marginDaysAfter: 60 });
    oracle[name] = prefix(oracleMinuteFlags(SPECS[name]!));
  }
});

afterAll(() => store?.close());

describe('business seconds agree with a minute-by-minute computation', () => {
  for (const name of Object.keys(SPECS)) {
    it(`${name}: 1500 random intervals`, async () => {
      const r = rng(name.length * 1000 + name.charCodeAt(0));
      const p = oracle[name]!;
      const rows: [number, number, number][] = [];
      for (let i = 0; i < 1500; i++) {
        const s = randomStart(r);
        const e = Math.min(p.length - 1, Math.max(0, s + randomLength(r)));
        rows.push([i, s, e]);
      }
      await store.run(`CREATE OR REPLACE TEMP TABLE prop_in AS SELECT id, ${ts(0)} + to_minutes(s) AS start_at, ${ts(0)} + to_minutes(e) AS end_at
        FROM (VALUES ${rows.map(([i, s, e]) => `(${i}, ${s}, ${e})`).join(', ')}) t(id, s, e)`);
      await businessDurations(store, { calendar: name, input: 'prop_in', out: 'prop_out' });
      const got = await store.all<{ id: number; b: number }>('SELECT id, business_seconds AS b FROM prop_out ORDER BY id');
      const bad: string[] = [];
      for (const [i, s, e] of rows) {
        const want = e > s ? (p[e]! - p[s]!) * 60 : 0;
        if (got[i]?.b !== want) bad.push(`${new Date((WINDOW_START + s) * 60000).toISOString()} → ${new Date((WINDOW_START + e) * 60000).toISOString()}: sql ${got[i]?.b} js ${want}`);
      }
      expect(bad.slice(0, 10)).toEqual([]);
    });
  }
});

/** smallest minute t ≥ s whose business minutes in [s, t) reach n (null past the window) */
function oracleDue(p: Float64Array, s: number, n: number): number | null {
  if (n === 0) return s;
  let lo = s;
  let hi = p.length - 1;
  if (p[hi]! - p[s]! < n) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p[mid]! - p[s]! >= n) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

describe('due times agree with a minute-by-minute computation', () => {
  for (const name of ['ams_office', 'ams_night', 'ny', 'ams_rand', 'ams_all']) {
    it(`${name}: 1000 random start + N business minutes`, async () => {
      const r = rng(97 + name.length);
      const p = oracle[name]!;
      const rows: [number, number, number][] = [];
      for (let i = 0; i < 1000; i++) rows.push([i, randomStart(r), r() < 0.05 ? 0 : Math.floor(r() * (r() < 0.5 ? 600 : 6000))]);
      await store.run(`CREATE OR REPLACE TEMP TABLE due_in AS SELECT id, ${ts(0)} + to_minutes(s) AS start_at, n * 60 AS target_seconds
        FROM (VALUES ${rows.map(([i, s, n]) => `(${i}, ${s}, ${n})`).join(', ')}) t(id, s, n)`);
      await businessDueTimes(store, { calendar: name, input: 'due_in', out: 'due_out' });
      const got = await store.all<{ id: number; m: number | null }>(
        `SELECT id, (epoch(due_at) / 60)::BIGINT - ${WINDOW_START} AS m FROM due_out ORDER BY id`,
      );
      const bad: string[] = [];
      for (const [i, s, n] of rows) {
        const want = oracleDue(p, s, n);
        if (want === null) continue; // beyond the oracle's window
        if (got[i]?.m !== want) bad.push(`start ${new Date((WINDOW_START + s) * 60000).toISOString()} + ${n} min: sql ${got[i]?.m} js ${want}`);
      }
      expect(bad.slice(0, 10)).toEqual([]);
    });
  }
});

describe('pauses agree with a minute-by-minute computation', () => {
  for (const name of ['ams_office', 'ny', 'ams_night']) {
    it(`${name}: 600 intervals with overlapping random pauses (durations and due times)`, async () => {
      const r = rng(4242 + name.length);
      const p = oracle[name]!;
      const flags = new Uint8Array(p.length - 1).map((_, i) => p[i + 1]! - p[i]!);
      const rows: [number, number, number, number][] = [];
      const pauses: [number, number, number][] = [];
      for (let i = 0; i < 600; i++) {
        const s = randomStart(r);
        const e = s + Math.floor(r() * 5 * 1440);
        rows.push([i, s, e, Math.floor(r() * 1500)]);
        const k = Math.floor(r() * 4);
        for (let j = 0; j < k; j++) {
          const ps = s + Math.floor((r() * 1.2 - 0.1) * (e - s));
          pauses.push([i, ps, ps + Math.floor(r() * 2 * 1440)]);
        }
      }
      await store.run(`CREATE OR REPLACE TEMP TABLE pz_in AS SELECT id, ${ts(0)} + to_minutes(s) AS start_at, ${ts(0)} + to_minutes(e) AS end_at, n * 60 AS target_seconds
        FROM (VALUES ${rows.map((x) => `(${x.join(', ')})`).join(', ')}) t(id, s, e, n)`);
      await store.run(`CREATE OR REPLACE TEMP TABLE pz_p AS SELECT id, ${ts(0)} + to_minutes(s) AS pause_start, ${ts(0)} + to_minutes(e) AS pause_end
        FROM (VALUES ${pauses.map((x) => `(${x.join(', ')})`).join(', ')}) t(id, s, e)`);
      await businessDurations(store, { calendar: name, input: 'pz_in', pauses: 'pz_p', out: 'pz_dur' });
      await businessDueTimes(store, { calendar: name, input: 'pz_in', pauses: 'pz_p', out: 'pz_due' });
      const dur = await store.all<{ id: number; net: number; pb: number }>(
        'SELECT id, net_business_seconds AS net, paused_business_seconds AS pb FROM pz_dur ORDER BY id',
      );
      const due = await store.all<{ id: number; m: number | null }>(
        `SELECT id, (epoch(due_at) / 60)::BIGINT - ${WINDOW_START} AS m FROM pz_due ORDER BY id`,
      );
      const bad: string[] = [];
      for (const [i, s, e, n] of rows) {
        const mine = pauses.filter((x) => x[0] === i);
        const paused = (m: number): boolean => mine.some(([, ps, pe]) => m >= ps && m < pe);
        let net = 0;
        let pb = 0;
        for (let m = s; m < e; m++) {
          if (!flags[m]) continue;
          if (paused(m)) pb++;
          else net++;
        }
        if (dur[i]?.net !== net * 60 || dur[i]?.pb !== pb * 60) bad.push(`#${i} duration: sql ${dur[i]?.net}/${dur[i]?.pb} js ${net * 60}/${pb * 60}`);
        // due: the first minute boundary where n unpaused business minutes have elapsed
        let want: number | null = s;
        let left = n;
        for (let m = s; left > 0; m++) {
          if (m >= flags.length) {
            want = null;
            break;
          }
          if (flags[m] && !paused(m)) left--;
          want = m + 1;
        }
        if (want !== null && due[i]?.m !== want) bad.push(`#${i} due: sql ${due[i]?.m} js ${want}`);
      }
      expect(bad.slice(0, 10)).toEqual([]);
    });
  }
});
