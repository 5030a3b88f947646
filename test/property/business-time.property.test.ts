// Business-time arithmetic (src/calendar): algebraic laws on random calendars, and DST days counted in real
// hours against an independent JS oracle (Intl offsets, biz boundary semantics). test/calendar/property.test.ts
// compares fixed calendars minute by minute with a JS oracle; these laws hold for any calendar fast-check draws.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { parseCalendars } from '../../src/calendar/config.js';
import { ensureCalendar } from '../../src/calendar/segments.js';
import { businessDurationsSql, dueTimesSql } from '../../src/calendar/business-time.js';
import { assertBatched, seed } from './batched.js';

const FROM = Date.UTC(2024, 0, 1) / 1000; // instants drawn in [FROM, TO), in seconds
const TO = Date.UTC(2026, 11, 31) / 1000;
const ZONES = ['Europe/Amsterdam', 'America/New_York', 'UTC', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// ---- offsets and local wall time → UTC, from Intl (independent of DuckDB's ICU)
const fmts = new Map<string, Intl.DateTimeFormat>();
function offsetMs(zone: string, utcMs: number): number {
  let f = fmts.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    fmts.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(utcMs / 1000) * 1000;
}

/** UTC ms of local wall time `wallMs` (as if UTC) in `zone`: an ambiguous time takes its first occurrence, a
 * nonexistent one moves forward by the gap (zendesk/biz, kpi-definitions.md §5.1.6). */
function localToUtc(zone: string, wallMs: number): number {
  const offs = new Set([offsetMs(zone, wallMs - 30 * 3600e3), offsetMs(zone, wallMs), offsetMs(zone, wallMs + 30 * 3600e3)]);
  const valid = [...offs].map((o) => wallMs - o).filter((u) => offsetMs(zone, u) === wallMs - u);
  if (valid.length) return Math.min(...valid);
  return wallMs - offsetMs(zone, wallMs - 30 * 3600e3); // in the gap: the pre-transition offset
}

/** Local dates (ms of 00:00 as if UTC) whose length in `zone` is not 24 hours, within the window. */
function transitionDays(zone: string): number[] {
  const out: number[] = [];
  for (let d = FROM * 1000; d < TO * 1000; d += 86400e3) {
    if (localToUtc(zone, d + 86400e3) - localToUtc(zone, d) !== 86400e3) out.push(d);
  }
  return out;
}

// ---- random calendars (drawn once per run; each is materialised in DuckDB)
const hhmm = (q: number) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
const dayHours = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 6 })
  .map((cuts) => {
    const c = [...cuts].sort((a, b) => a - b);
    const list: string[] = [];
    for (let i = 0; i + 1 < c.length; i += 2) list.push(`${hhmm(c[i]!)}-${hhmm(c[i + 1]!)}`);
    return list;
  });
const overnight = fc.tuple(fc.integer({ min: 60, max: 95 }), fc.integer({ min: 1, max: 40 })).map(([s, e]) => [`${hhmm(s)}-${hhmm(e)}`]);
const calendarArb = fc.record({
  timezone: fc.constantFrom(...ZONES),
  hours: fc.oneof(
    fc.constant('24x7' as const),
    fc.tuple(...DAYS.map(() => fc.oneof({ weight: 4, arbitrary: dayHours }, { weight: 1, arbitrary: overnight }))).map((days) => {
      const h: Record<string, string[]> = {};
      days.forEach((list, i) => {
        if (list.length) h[DAYS[i]!] = list;
      });
      if (Object.keys(h).length === 0) h.wed = ['09:00-17:00'];
      // an overnight shift must not run into the next day's first interval
      days.forEach((list, i) => {
        const next = DAYS[(i + 1) % 7]!;
        if (list.length === 1 && list[0]! > list[0]!.slice(6) && h[next] && list[0]!.slice(6) > h[next]![0]!.slice(0, 5)) delete h[next];
      });
      return h;
    }),
  ),
  holidays: fc.array(fc.integer({ min: 0, max: 1095 }).map((d) => new Date((FROM + d * 86400) * 1000).toISOString().slice(0, 10)), { maxLength: 20 }),
});

// ---- calendars with hours around the DST transitions (02:00-03:00 local in the three DST zones)
const DST_ZONES = ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe'];
const DST_HOURS = ['00:00-24:00', '01:00-04:00', '02:00-03:00', '01:30-02:30', '00:00-02:30', '02:30-24:00', '08:00-17:00', '22:00-06:00'];
const dstCal = (zi: number, hi: number) => `dst_${zi}_${hi}`;

let store: Store;
let randomCals: string[] = [];
/** the drawn definitions, shown in counterexamples (FC_SEED=<seed> redraws the same calendars) */
const specs: Record<string, string> = {};
const transitions: Record<string, number[]> = {};

beforeAll(async () => {
  store = await Store.open(':memory:');
  const drawn = fc.sample(calendarArb, { numRuns: 10, seed: seed() });
  const section: Record<string, unknown> = { default: '24x7' };
  drawn.forEach((c, i) => (section[`r${i}`] = c));
  DST_ZONES.forEach((z, zi) => {
    section[`all_${zi}`] = { timezone: z, hours: '24x7' };
    DST_HOURS.forEach((h, hi) => (section[dstCal(zi, hi)] = { timezone: z, hours: Object.fromEntries(DAYS.map((d) => [d, [h]])) }));
  });
  let cfg;
  try {
    cfg = parseCalendars(section);
  } catch (e) {
    throw new Error(`drawn calendars rejected: ${(e as Error).message}\n${JSON.stringify(drawn)}`);
  }
  randomCals = drawn.map((_, i) => `r${i}`);
  drawn.forEach((c, i) => (specs[`r${i}`] = JSON.stringify(c)));
  for (const name of Object.keys(cfg.calendars)) {
    await ensureCalendar(store, name, cfg.calendars[name]!, new Date(FROM * 1000), new Date(TO * 1000), { marginDaysBefore: 3, marginDaysAfter: 30 });
  }
  for (const z of DST_ZONES) transitions[z] = transitionDays(z);
});

it('the oracle finds two DST days a year in each DST zone (2024-2026)', () => {
  for (const z of DST_ZONES) expect(transitions[z]!.length, z).toBe(6);
  const iso = (d: number) => new Date(d).toISOString().slice(0, 10);
  expect(transitions['Europe/Amsterdam']!.map(iso)).toContain('2025-03-30');
  expect(transitions['America/New_York']!.map(iso)).toContain('2025-11-02');
});

afterAll(() => store?.close());

/**
 * Business seconds of every case's intervals: all intervals go into one temp table (plain numbers in VALUES parse
 * fast), then one query per calendar.
 */
async function evalGrouped<C extends { cal: string }>(cases: C[], pairsOf: (c: C) => [number, number][]): Promise<(number | null)[][]> {
  const rows: string[] = [];
  const cals = [...new Set(cases.map((c) => c.cal))];
  cases.forEach((c, i) => pairsOf(c).forEach(([a, b], j) => rows.push(`(${i}, ${j}, ${cals.indexOf(c.cal)}, ${a}, ${b})`)));
  await store.run(`CREATE OR REPLACE TEMP TABLE bt_in AS SELECT i, j, k, to_timestamp(a) AS start_at, to_timestamp(b) AS end_at
    FROM (VALUES ${rows.join(', ')}) t(i, j, k, a, b)`);
  const out: (number | null)[][] = cases.map((c) => pairsOf(c).map(() => null));
  for (const [k, cal] of cals.entries()) {
    const got = await store.all<{ i: number; j: number; b: number | null }>(
      `SELECT i, j, business_seconds AS b FROM (${businessDurationsSql(cal, `SELECT * FROM bt_in WHERE k = ${k}`)})`,
    );
    for (const r of got) out[r.i]![r.j] = r.b;
  }
  return out;
}

// An instant: half anywhere in the window, half within two days of a DST transition, on a 1-second grid.
const instant = fc.oneof(
  fc.integer({ min: FROM + 86400 * 5, max: TO - 86400 * 5 }),
  fc.tuple(fc.constantFrom(...DST_ZONES), fc.nat(), fc.integer({ min: -2 * 86400, max: 2 * 86400 })).map(([z, k, d]) => {
    const list = transitions[z]!; // (computed in beforeAll; cases are drawn after it)
    return list[k % list.length]! / 1000 + d;
  }),
);
const EPS = 1e-6;

describe('business seconds: algebraic laws on random calendars', () => {
  const triple = () =>
    fc.record({ cal: fc.constantFrom(...randomCals, 'all_0', 'all_1', 'all_2'), t: fc.tuple(instant, instant, instant) }).map(({ cal, t }) => {
      const [a, b, c] = [...t].sort((x, y) => x - y) as [number, number, number];
      return { cal, a, b, c, spec: specs[cal] ?? '24x7' };
    });

  it('is additive: bt(a,c) = bt(a,b) + bt(b,c) for a ≤ b ≤ c', async () => {
    const n = await assertBatched(
      triple(),
      (cases) => evalGrouped(cases, (x) => [[x.a, x.b], [x.b, x.c], [x.a, x.c]]),
      (_, [ab, bc, ac]) => ab != null && bc != null && ac != null && Math.abs(ac - (ab + bc)) < EPS,
    );
    expect(n).toBe(1000);
  });

  it('is monotone, non-negative, never more than calendar time, and 0 for a reversed range', async () => {
    await assertBatched(
      triple(),
      (cases) => evalGrouped(cases, (x) => [[x.a, x.b], [x.a, x.c], [x.b, x.c], [x.c, x.a]]),
      (x, [ab, ac, bc, ca]) =>
        ab != null && ac != null && bc != null && ab >= 0 && ab <= x.b - x.a + EPS && ac >= ab - EPS && ac >= bc - EPS && ca === 0,
    );
  });

  it('counts real elapsed time on a 24x7 calendar in a DST zone', async () => {
    const arb = fc.record({ cal: fc.constantFrom('all_0', 'all_1', 'all_2'), a: instant, len: fc.integer({ min: 0, max: 4 * 86400 }) });
    await assertBatched(
      arb,
      (cases) => evalGrouped(cases, (x) => [[x.a, x.a + x.len]]),
      (x, [d]) => d === x.len,
    );
  });

  it('a due time lands where the business seconds reach the target: bt(a, due(a, bt(a,c))) = bt(a,c), due ≤ c', async () => {
    const arb = fc
      .record({ cal: fc.constantFrom(...randomCals), a: instant, len: fc.integer({ min: 0, max: 20 * 86400 }) })
      .map((x) => ({ ...x, spec: specs[x.cal]! }));
    await assertBatched(
      arb,
      async (cases) => {
        const out: { target: number | null; due: number | null; back: number | null }[] = [];
        const targets = await evalGrouped(cases, (x) => [[x.a, x.a + x.len]]);
        const dues: (number | null)[] = cases.map(() => null);
        for (const cal of new Set(cases.map((c) => c.cal))) {
          const idx = cases.flatMap((c, i) => (c.cal === cal ? [i] : []));
          const input = `SELECT i, to_timestamp(a) AS start_at, CAST(n AS DOUBLE) AS target_seconds
            FROM (VALUES ${idx.map((i) => `(${i}, ${cases[i]!.a}, ${targets[i]![0] ?? 'NULL'})`).join(', ')}) t(i, a, n)`;
          const rows = await store.all<{ i: number; d: number | null }>(`SELECT i, epoch_us(due_at) / 1e6 AS d FROM (${dueTimesSql(cal, input)})`);
          for (const r of rows) dues[r.i] = r.d;
        }
        const back = await evalGrouped(
          cases.map((c, i) => ({ ...c, due: dues[i] })),
          (x) => [[x.a, x.due ?? x.a]],
        );
        cases.forEach((_, i) => out.push({ target: targets[i]![0]!, due: dues[i]!, back: back[i]![0]! }));
        return out;
      },
      (x, r) => r.target !== null && r.due !== null && r.due >= x.a && r.due <= x.a + x.len + EPS && r.back !== null && Math.abs(r.back - r.target) < EPS,
    );
  });
});

describe('DST days count the real hours (Europe/Amsterdam, America/New_York, Australia/Lord_Howe)', () => {
  it('a local day holds the real length of its working intervals, near transitions and elsewhere', async () => {
    const arb = fc
      .record({
        zi: fc.integer({ min: 0, max: DST_ZONES.length - 1 }),
        hi: fc.integer({ min: 0, max: DST_HOURS.length - 1 }),
        near: fc.boolean(),
        k: fc.nat(),
        shift: fc.integer({ min: -1, max: 1 }),
        day: fc.integer({ min: 3, max: 1090 }),
      })
      .map(({ zi, hi, near, k, shift, day }) => {
        const zone = DST_ZONES[zi]!;
        const list = transitions[zone]!;
        const date = near ? list[k % list.length]! + shift * 86400e3 : FROM * 1000 + day * 86400e3; // local 00:00 as if UTC
        return { cal: dstCal(zi, hi), zone, hours: DST_HOURS[hi]!, date };
      });
    const at = (zone: string, date: number, hm: string) => {
      const [h, m] = hm.split(':').map(Number) as [number, number];
      return localToUtc(zone, date + (h * 60 + m) * 60e3) / 1000;
    };
    await assertBatched(
      arb,
      (cases) => evalGrouped(cases, (x) => [[at(x.zone, x.date, '00:00'), at(x.zone, x.date + 86400e3, '00:00')]]),
      (x, [got]) => {
        const [s, e] = x.hours.split('-') as [string, string];
        // the day's own interval (an overnight one: from s to midnight), plus the overnight tail of yesterday
        const want =
          s < e
            ? (e === '24:00' ? at(x.zone, x.date + 86400e3, '00:00') : at(x.zone, x.date, e)) - at(x.zone, x.date, s)
            : at(x.zone, x.date + 86400e3, '00:00') - at(x.zone, x.date, s) + (at(x.zone, x.date, e) - at(x.zone, x.date, '00:00'));
        return got === Math.max(0, want);
      },
    );
  });
});
