// Date sniffing and parsing (src/ingest/dates.ts): text written by an independent formatter with any supported
// pattern parses back to the instant it was written from; only a day/month swap can make two patterns read one
// text differently; the sniffer decides the order whenever a day > 12 exists and refuses when it cannot tell.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, ident, lit } from '../../src/store/db.js';
import { DATE_CANDIDATES, EPOCH_MS, EPOCH_S, parseExpr, sniffDateFormats, type ColumnDateFormat, type DateCandidate } from '../../src/ingest/dates.js';
import { cleanExpr } from '../../src/ingest/compile.js';
import { UserError } from '../../src/errors.js';
import { assertBatched } from './batched.js';
import { carried, formatWall, wallMs, type Style, type Wall } from './date-text.js';

// Zones without DST since 1945, so that the expected instant is wall time minus a fixed offset.
const ZONE_OFFSETS: Record<string, number> = { UTC: 0, 'Asia/Kolkata': 330, 'Asia/Tokyo': 540 };
const SOURCE_ZONES = ['UTC', 'Asia/Kolkata'];

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:');
});
afterAll(() => store?.close());

const isEpoch = (c: DateCandidate) => c.format === EPOCH_MS || c.format === EPOCH_S;

const styleArb: fc.Arbitrary<Style> = fc.record({
  unpadded: fc.boolean(),
  monthSpelling: fc.nat({ max: 20 }),
  fracDigits: fc.integer({ min: 1, max: 9 }),
  decimalComma: fc.boolean(),
  offsetMin: fc.constantFrom(0, 60, 120, -300, -240, 330, 345, 540, -210, 840, -720),
  offsetColon: fc.boolean(),
  zone: fc.constantFrom(...Object.keys(ZONE_OFFSETS)),
});

const wallArb = (minYear: number, maxYear: number): fc.Arbitrary<Wall> =>
  fc
    .record({
      t: fc.integer({ min: Date.UTC(minYear, 0, 1) / 1000, max: Date.UTC(maxYear, 11, 31) / 1000 }),
      us: fc.integer({ min: 0, max: 999_999 }),
    })
    .map(({ t, us }) => {
      const d = new Date(t * 1000);
      return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), us };
    });

interface Written {
  cand: number; // index into DATE_CANDIDATES
  zone: string; // the source zone given to parseExpr
  text: string;
  /** the instant the text denotes, in microseconds since the epoch */
  us: number;
  wall: Wall;
}

/** A timestamp written with a candidate pattern (or as an epoch number), and the instant it denotes. */
const writtenArb: fc.Arbitrary<Written> = fc
  .record({
    cand: fc.integer({ min: 0, max: DATE_CANDIDATES.length - 1 }),
    zone: fc.constantFrom(...SOURCE_ZONES),
    st: styleArb,
    wall: wallArb(1974, 2099),
    wall2y: wallArb(1970, 2068), // %y is read as 19xx from 69, 20xx below
    frac: fc.boolean(),
  })
  .map(({ cand, zone, st, wall, wall2y, frac }) => {
    const c = DATE_CANDIDATES[cand]!;
    if (c.format === EPOCH_MS || c.format === EPOCH_S) {
      const ms = wallMs(wall);
      const text = c.format === EPOCH_MS ? String(ms) : frac ? `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}` : String(Math.floor(ms / 1000));
      const us = c.format === EPOCH_MS || frac ? ms * 1000 : Math.floor(ms / 1000) * 1e6;
      return { cand, zone, text, us, wall };
    }
    const w = carried(c.format, c.format.includes('%y') ? wall2y : wall, st);
    const text = formatWall(c.format, w, st);
    const offset = c.format.includes('%z') ? st.offsetMin : c.format.includes('%Z') ? ZONE_OFFSETS[st.zone]! : c.zoned ? 0 : ZONE_OFFSETS[zone]!;
    return { cand, zone, text, us: (wallMs(w) - offset * 60_000) * 1000 + (w.us % 1000), wall: w };
  });

const asFormat = (c: DateCandidate): ColumnDateFormat => ({ column: 'v', format: c.format, zoned: c.zoned, order: c.order, how: 'given' });

/** the instant (µs) each text reads with its own pattern: one query, a CASE over the (pattern, zone) pairs used */
async function readBack(cases: Written[]): Promise<(number | null)[]> {
  const keys = [...new Set(cases.map((c) => `${c.cand}|${c.zone}`))];
  const branches = keys.map((k, i) => {
    const [cand, zone] = k.split('|') as [string, string];
    return `WHEN ${i} THEN epoch_us(${parseExpr('txt', asFormat(DATE_CANDIDATES[Number(cand)]!), zone, false)})`;
  });
  const rows = await store.all<{ i: number; us: number | null }>(
    `SELECT i, CASE k ${branches.join(' ')} END AS us
       FROM (VALUES ${cases.map((c, i) => `(${i}, ${keys.indexOf(`${c.cand}|${c.zone}`)}, ${lit(c.text)})`).join(', ')}) t(i, k, txt) ORDER BY i`,
  );
  return rows.map((r) => r.us);
}

describe('parsing', () => {
  it('reads text written with any supported pattern back to the same instant', async () => {
    const n = await assertBatched(writtenArb, readBack, (c, us) => us === c.us);
    expect(n).toBe(1000);
  });

  // for every text, what every candidate reads from it (NULL when the candidate does not fit, as the sniffer
  // counts fits: a year in 1970..2100); all in UTC so that the zone cannot explain a difference
  const readsOfAll = async (cases: Written[]): Promise<(number | null)[][]> => {
    const cols = DATE_CANDIDATES.map((c, k) => {
      const f = asFormat(c);
      return `CASE WHEN year(${parseExpr('txt', f, 'UTC', true)}) BETWEEN 1970 AND 2100 THEN epoch_us(${parseExpr('txt', f, 'UTC', false)}) END AS g${k}`;
    });
    const rows = await store.all<Record<string, number | null>>(
      `SELECT i, ${cols.join(', ')} FROM (VALUES ${cases.map((c, i) => `(${i}, ${lit(c.text)})`).join(', ')}) t(i, txt) ORDER BY i`,
    );
    return rows.map((r) => DATE_CANDIDATES.map((_, k) => r[`g${k}`] ?? null));
  };
  const utcOnly = writtenArb.filter((c) => c.zone === 'UTC' || DATE_CANDIDATES[c.cand]!.zoned);
  const swapped = (a: DateCandidate, b: DateCandidate) => new Set([a.order, b.order]).size === 2 && [a.order, b.order].every((o) => o === 'dmy' || o === 'mdy');

  it('only a day/month swap lets two patterns read one text as different instants (so a day > 12 decides)', async () => {
    await assertBatched(utcOnly, readsOfAll, (c, reads) => {
      const own = DATE_CANDIDATES[c.cand]!;
      if (reads[c.cand] !== c.us) return false; // its own pattern fits it
      return reads.every((us, k) => us === null || us === c.us || (swapped(own, DATE_CANDIDATES[k]!) && c.wall.d <= 12));
    });
  });

  it('a day ≤ 12 that differs from the month is truly ambiguous: the swapped pattern reads another instant', async () => {
    const ambiguous = utcOnly.filter((c) => {
      const o = DATE_CANDIDATES[c.cand]!.order;
      return (o === 'dmy' || o === 'mdy') && c.wall.d <= 12 && c.wall.d !== c.wall.mo;
    });
    await assertBatched(ambiguous, readsOfAll, (c, reads) =>
      reads.some((us, k) => us !== null && us !== c.us && swapped(DATE_CANDIDATES[c.cand]!, DATE_CANDIDATES[k]!)),
    );
  });
});

// ---- the sniffer end to end. Each case is one column of one file (the sniffer lets columns decide for each
// other), and a sniff costs one ~250-pattern shortlist query per column (≈0.1-0.3 s), so these draw fewer cases;
// ITSM_LENS_BENCH=1 runs 1,000.
const SNIFF_RUNS = process.env.ITSM_LENS_BENCH ? 1000 : 12;

interface Column {
  cand: number;
  values: Written[];
}
const columnArb = (orders: string[]): fc.Arbitrary<Column> =>
  fc
    .record({
      cand: fc.constantFrom(...DATE_CANDIDATES.flatMap((c, i) => (orders.includes(c.order) && !isEpoch(c) ? [i] : []))),
      n: fc.integer({ min: 1, max: 6 }),
      st: styleArb,
      walls: fc.array(wallArb(1974, 2068), { minLength: 6, maxLength: 6 }),
      lowDays: fc.boolean(), // all days ≤ 12: the order cannot be told from this column
    })
    .map(({ cand, n, st, walls, lowDays }) => {
      const c = DATE_CANDIDATES[cand]!;
      const values = walls.slice(0, n).map((w0) => {
        const w = carried(c.format, lowDays ? { ...w0, d: 1 + (w0.d % 12) } : w0, st);
        const offset = c.format.includes('%z') ? st.offsetMin : c.format.includes('%Z') ? ZONE_OFFSETS[st.zone]! : 0;
        return { cand, zone: 'UTC', text: formatWall(c.format, w, st), us: (wallMs(w) - offset * 60_000) * 1000 + (w.us % 1000), wall: w };
      });
      return { cand, values };
    });

let views = 0;
async function sniff(col: Column): Promise<ColumnDateFormat | string> {
  const view = `sniff_${views++}`;
  await store.run(`CREATE OR REPLACE TEMP TABLE ${view} AS SELECT v AS "opened", FALSE AS __empty
    FROM (VALUES ${col.values.map((w) => `(${lit(w.text)})`).join(', ')}) t(v)`);
  try {
    return (await sniffDateFormats(store, view, ['opened'], (c) => cleanExpr(ident(c)), undefined, 'x.csv')).get('opened')!;
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  } finally {
    await store.run(`DROP TABLE ${view}`);
  }
}

/** what the chosen format reads from each value (µs), in UTC */
async function readWith(f: ColumnDateFormat, texts: string[]): Promise<(number | null)[]> {
  const rows = await store.all<{ us: number | null }>(
    `SELECT epoch_us(${parseExpr('txt', f, 'UTC', false)}) AS us FROM (VALUES ${texts.map((t, i) => `(${i}, ${lit(t)})`).join(', ')}) t(i, txt) ORDER BY i`,
  );
  return rows.map((r) => r.us);
}

describe('sniffing', () => {
  it('detects the pattern of a column and reads every value to the instant written (decidable columns)', async () => {
    const arb = columnArb(['ymd', 'named', 'dmy', 'mdy']).filter((col) => {
      const o = DATE_CANDIDATES[col.cand]!.order;
      return (o !== 'dmy' && o !== 'mdy') || col.values.some((w) => w.wall.d > 12);
    });
    await fc.assert(
      fc.asyncProperty(arb, async (col) => {
        const got = await sniff(col);
        expect(typeof got, String(got)).toBe('object');
        const f = got as ColumnDateFormat;
        expect(f.how).toBe('detected');
        const own = DATE_CANDIDATES[col.cand]!;
        if (own.order === 'dmy' || own.order === 'mdy') expect(f.order).toBe(own.order);
        expect(await readWith(f, col.values.map((w) => w.text))).toEqual(col.values.map((w) => w.us));
      }),
      { numRuns: SNIFF_RUNS, endOnFailure: true }, // (shrinking costs a sniff per step; the batched properties above shrink)
    );
  });

  it('refuses a column whose day/month order it cannot tell, and asks for --date-format', async () => {
    const arb = columnArb(['dmy', 'mdy']).filter((col) => col.values.every((w) => w.wall.d <= 12) && col.values.some((w) => w.wall.d !== w.wall.mo));
    await fc.assert(
      fc.asyncProperty(arb, async (col) => {
        const got = await sniff(col);
        expect(typeof got === 'string' ? got : `chose ${JSON.stringify(got)}`).toMatch(/day\/month order .*--date-format dmy or --date-format mdy/);
      }),
      { numRuns: SNIFF_RUNS, endOnFailure: true }, // (shrinking costs a sniff per step; the batched properties above shrink)
    );
  });

  it('accepts a column whose every value has day = month: either order reads the same instants', async () => {
    const arb = columnArb(['dmy', 'mdy']).map((col) => ({
      ...col,
      values: col.values.map((w) => {
        const wall = { ...w.wall, d: w.wall.mo };
        const c = DATE_CANDIDATES[col.cand]!;
        const st: Style = { unpadded: false, monthSpelling: 0, fracDigits: 6, offsetMin: 0, offsetColon: false, zone: 'UTC' };
        return { ...w, wall, text: formatWall(c.format, wall, st), us: wallMs(wall) * 1000 + (wall.us % 1000) };
      }),
    }));
    await fc.assert(
      fc.asyncProperty(arb, async (col) => {
        const got = await sniff(col);
        expect(typeof got, String(got)).toBe('object');
        expect(await readWith(got as ColumnDateFormat, col.values.map((w) => w.text))).toEqual(col.values.map((w) => w.us));
      }),
      { numRuns: Math.ceil(SNIFF_RUNS / 3), endOnFailure: true },
    );
  });
});
