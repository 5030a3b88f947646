/**
 * Date-format sniffing (src/ingest/dates.ts) on hand-written columns, inside each test (StrykerJS counts a mutant
 * only while a test runs): the format chosen, how (detected, decided by another column, given), what the ingest
 * leaves to the load (`deferred`), every message it stops with, and parseExpr's sentinel years and zones. The
 * expected formats are read off the values by hand; instants are written next to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDeferredFormats, parseDateOption, parseExpr, shapeOf, sniffDateFormats, EPOCH_MS, EPOCH_S, type ColumnDateFormat } from '../../src/ingest/dates.js';
import { cleanExpr } from '../../src/ingest/compile.js';
import { ident, lit, Store } from '../../src/store/db.js';

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:', { migrate: false });
});
afterAll(() => store.close());

let views = 0;
/** a raw view (all VARCHAR, with __empty) of the columns given, one array of cells each (null: an empty cell) */
async function view(cols: Record<string, (string | null)[]>): Promise<string> {
  const name = `v${views++}`;
  const names = Object.keys(cols);
  const n = Math.max(...Object.values(cols).map((c) => c.length));
  const rows = Array.from({ length: n }, (_, i) => `(${names.map((c) => lit(cols[c]![i] ?? '')).join(', ')}, FALSE)`);
  await store.run(`CREATE TEMP TABLE ${name} AS SELECT * FROM (VALUES ${rows.join(', ')}) t(${names.map(ident).join(', ')}, __empty)`);
  return name;
}
const clean = (c: string) => cleanExpr(ident(c));
const sniff = async (cols: Record<string, (string | null)[]>, option?: string, defer = false) =>
  Object.fromEntries(await sniffDateFormats(store, await view(cols), Object.keys(cols), clean, option, 'f.csv', defer));
const refusal = async (cols: Record<string, (string | null)[]>, option?: string) => {
  try {
    await sniff(cols, option);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('sniffDateFormats', () => {
  it('detects each column: ISO, day first (a day > 12), an offset, a Z, epoch numbers; an empty column gets none', async () => {
    const r = await sniff({
      iso: ['2024-01-13 08:00:00', '2024-02-01 09:30:15'],
      dmy: ['13/01/2024 08:00', '01/02/2024 09:30'], // 13 > 12: day first
      mdy: ['01/13/2024', '02/01/2024'], // 13 in the middle: month first
      off: ['2024-01-13T08:00:00+01:00', '2024-02-01T09:30:00-05:00'],
      z: ['2024-01-13T08:00:00Z', '2024-02-01T09:30:00Z'],
      ms: ['1705132800000', '1706779800000'], // 13 digits: milliseconds
      s: ['1705132800', '1706779800'], // 10 digits: seconds
      empty: [null, null],
    });
    expect(r.iso).toEqual({ column: 'iso', format: '%Y-%m-%d %H:%M:%S', zoned: false, order: 'ymd', how: 'detected' });
    expect(r.dmy).toEqual({ column: 'dmy', format: '%d/%m/%Y %H:%M', zoned: false, order: 'dmy', how: 'detected' });
    expect(r.mdy).toEqual({ column: 'mdy', format: '%m/%d/%Y', zoned: false, order: 'mdy', how: 'detected' });
    expect(r.off).toEqual({ column: 'off', format: '%Y-%m-%dT%H:%M:%S%z', zoned: true, order: 'ymd', how: 'detected' });
    expect(r.z).toEqual({ column: 'z', format: '%Y-%m-%dT%H:%M:%SZ', zoned: true, order: 'ymd', how: 'detected' });
    expect(r.ms).toEqual({ column: 'ms', format: EPOCH_MS, zoned: true, order: 'ymd', how: 'detected' });
    expect(r.s).toEqual({ column: 's', format: EPOCH_S, zoned: true, order: 'ymd', how: 'detected' });
    expect(r.empty).toBeUndefined();
    expect((await sniffDateFormats(store, await view({ a: ['x'] }), [], clean, undefined, 'f.csv')).size).toBe(0);
  });

  it('a column whose every day is ≤ 12 takes the order another column decides', async () => {
    const r = await sniff({ opened: ['13/01/2024 08:00', '14/01/2024 08:00'], closed: ['01/02/2024 10:00', '03/02/2024 10:00'] });
    expect(r.opened).toMatchObject({ format: '%d/%m/%Y %H:%M', order: 'dmy', how: 'detected' });
    expect(r.closed).toEqual({ column: 'closed', format: '%d/%m/%Y %H:%M', zoned: false, order: 'dmy', how: 'decided by another column' });
    // month first decided the same way
    const m = await sniff({ a: ['01/13/2024', '01/14/2024'], b: ['01/02/2024', '03/02/2024'] });
    expect(m.b).toMatchObject({ format: '%m/%d/%Y', order: 'mdy', how: 'decided by another column' });
  });

  it('every value with day = month: either order reads the same instant, the first one is taken', async () => {
    const r = await sniff({ d: ['01/01/2024', '02/02/2024', '03/03/2024'] });
    expect(r.d).toMatchObject({ how: 'detected', format: '%d/%m/%Y', order: 'dmy' });
  });

  it('--date-format: an order narrows the candidates, a pattern is used as given', async () => {
    const r = await sniff({ b: ['01/02/2024', '03/02/2024'] }, 'mdy');
    expect(r.b).toEqual({ column: 'b', format: '%m/%d/%Y', zoned: false, order: 'mdy', how: 'detected' });
    const d = await sniff({ b: ['01/02/2024', '03/02/2024'] }, ' DMY ');
    expect(d.b).toMatchObject({ format: '%d/%m/%Y', order: 'dmy' });
    const g = await sniff({ b: ['2024|01|02', '2024|03|02'] }, '%Y|%m|%d');
    expect(g.b).toEqual({ column: 'b', format: '%Y|%m|%d', zoned: false, order: 'ymd', how: 'given' });
    const gz = await sniff({ b: ['2024-01-02 08:00 +0100'] }, '%Y-%m-%d %H:%M %z');
    expect(gz.b).toMatchObject({ zoned: true, how: 'given' });
  });

  it('with defer, a column one format reads on the sample is left to the load', async () => {
    const r = await sniff({ iso: ['2024-01-13', '2024-02-01'], dmy: ['13/01/2024 08:00', '01/02/2024 09:30'], two: ['01/02/2024'] }, undefined, true);
    // ISO with '-': only %Y-%m-%d reads it (the / form does not) → deferred
    expect(r.iso).toEqual({ column: 'iso', format: '%Y-%m-%d', zoned: false, order: 'ymd', how: 'detected', deferred: true });
    expect(r.dmy).toEqual({ column: 'dmy', format: '%d/%m/%Y %H:%M', zoned: false, order: 'dmy', how: 'detected', deferred: true });
    // two formats (dmy, mdy) read '01/02/2024': counted over every row, then decided by the other column
    expect(r.two).toMatchObject({ order: 'dmy', how: 'decided by another column' });
    expect(r.two!.deferred).toBeUndefined();
    // without defer nothing is deferred
    expect((await sniff({ iso: ['2024-01-13'] })).iso!.deferred).toBeUndefined();
    // 9 of 10 read (90 %): still deferred; the load's reject checks see the tenth
    const nine = [...Array.from({ length: 9 }, (_, i) => `2024-01-${String(i + 10)}`), '2024-01-xx'];
    expect((await sniff({ c: nine }, undefined, true)).c).toMatchObject({ format: '%Y-%m-%d', deferred: true });
    // 8 of 10 (80 % < 90 %): counted now
    const eight = [...Array.from({ length: 8 }, (_, i) => `2024-01-${String(i + 10)}`), '2024-01-xx', '2024-01-yy'];
    expect((await sniff({ c: eight }, undefined, true)).c).toEqual({ column: 'c', format: '%Y-%m-%d', zoned: false, order: 'ymd', how: 'detected' });
  });

  it('stops with a message naming the column and an example, and what to pass', async () => {
    expect(await refusal({ a: ['', 'hello', 'world'] })).toBe("f.csv: column 'a' holds values like 'hello' that are not dates in any known format; pass --date-format '<strptime pattern>'");
    expect(await refusal({ a: ['2024-01-02'] }, '%d.%m.%Y')).toBe("f.csv: column 'a': no value matches --date-format '%d.%m.%Y' (e.g. '2024-01-02')");
    expect(await refusal({ a: ['01/02/2024', '03/04/2024'] })).toBe(
      "f.csv: column 'a' has dates like '01/02/2024' whose day/month order the data cannot decide (every day ≤ 12); pass --date-format dmy or --date-format mdy",
    );
    // 1 of 3 values read by the best format (< half): mixed
    expect(await refusal({ a: ['2024-01-13', 'x1', 'x2'] })).toBe("f.csv: column 'a' mixes date formats (%Y-%m-%d reads 1 of 3 values); pass --date-format");
    // 2 of 4 (exactly half) is enough
    expect(await sniff({ a: ['2024-01-13', '2024-01-14', 'x1', 'x2'] })).toMatchObject({ a: { format: '%Y-%m-%d' } });
    expect(await refusal({ a: ['2024-01-13'] }, 'yes')).toBe("--date-format 'yes': give dmy, mdy, ymd or a strptime pattern such as '%d/%m/%Y %H:%M'");
  });

  it('reads a year only in 1970..2100 or from the sentinel year 2200 on', async () => {
    // 1969 and 2150: no format reads them as dates; 9999-12-31 (a "never") is read
    expect(await refusal({ a: ['1969-05-01'] })).toMatch(/holds values like '1969-05-01' that are not dates/);
    expect(await refusal({ a: ['2150-05-01'] })).toMatch(/holds values like '2150-05-01' that are not dates/);
    expect((await sniff({ a: ['9999-12-31', '2100-01-01', '1970-01-01', '2200-01-01'] })).a).toMatchObject({ format: '%Y-%m-%d' });
  });

  it('month names in other languages, with or without their dot', async () => {
    const r = await sniff({ a: ['13/févr./24 10:17', '1/Mai/24 09:00', '25/Dez/24 08:00'] });
    expect(r.a).toMatchObject({ format: '%d/%b/%y %H:%M', order: 'named' });
  });
});

describe('checkDeferredFormats', () => {
  const deferred = (column: string, format: string): ColumnDateFormat => ({ column, format, zoned: false, order: 'ymd', how: 'detected', deferred: true });
  it('counts every row of a deferred column: fewer than half read stops the ingest', async () => {
    const v = await view({ a: ['2024-01-13', 'x', 'y'], b: ['2024-01-13', '2024-01-14', 'z'], m: ['13 Mai 2024', '1 März 2024', 'q'] });
    const formats = new Map([['b', deferred('b', '%Y-%m-%d')], ['m', deferred('m', '%d %b %Y')]]);
    // b: 2 of 3, m: 2 of 3 (month names rewritten) → fine
    await expect(checkDeferredFormats(store, v, formats, clean, 'f.csv')).resolves.toBeUndefined();
    // a: 1 of 3
    formats.set('a', deferred('a', '%Y-%m-%d'));
    await expect(checkDeferredFormats(store, v, formats, clean, 'f.csv')).rejects.toThrow("f.csv: column 'a' mixes date formats (%Y-%m-%d reads 1 of 3 values); pass --date-format");
    // a column not deferred is not counted again
    formats.set('a', { ...deferred('a', '%Y-%m-%d'), deferred: false });
    await expect(checkDeferredFormats(store, v, formats, clean, 'f.csv')).resolves.toBeUndefined();
    await expect(checkDeferredFormats(store, v, new Map(), clean, 'f.csv')).resolves.toBeUndefined();
  });
});

describe('parseExpr', () => {
  const f = (format: string, zoned = false): ColumnDateFormat => ({ column: 'c', format, zoned, order: 'ymd', how: 'given' });
  const read = async (text: string, format: ColumnDateFormat, tz: string, asDate = false) =>
    String((await store.one<{ v: unknown }>(`SELECT CAST(${parseExpr(lit(text), format, tz, asDate)} AS VARCHAR) AS v`))!.v);
  it('a wall time in the source zone to UTC; an offset or a Z as written; epoch numbers', async () => {
    await store.run("SET TimeZone = 'UTC'");
    // 08:00 in Amsterdam in January (UTC+1) = 07:00 UTC
    expect(await read('2024-01-13 08:00:00', f('%Y-%m-%d %H:%M:%S'), 'Europe/Amsterdam')).toBe('2024-01-13 07:00:00+00');
    // in July (UTC+2) = 06:00 UTC
    expect(await read('2024-07-13 08:00:00', f('%Y-%m-%d %H:%M:%S'), 'Europe/Amsterdam')).toBe('2024-07-13 06:00:00+00');
    // +01:00 written: 07:00 UTC, whatever the source zone
    expect(await read('2024-01-13T08:00:00+01:00', f('%Y-%m-%dT%H:%M:%S%z', true), 'America/New_York')).toBe('2024-01-13 07:00:00+00');
    // a literal Z: UTC as written
    expect(await read('2024-01-13T08:00:00Z', f('%Y-%m-%dT%H:%M:%SZ', true), 'America/New_York')).toBe('2024-01-13 08:00:00+00');
    // 1705132800 s = 2024-01-13 08:00:00 UTC (19735 days · 86400 + 8 · 3600); milliseconds ×1000
    expect(await read('1705132800', f(EPOCH_S, true), 'America/New_York')).toBe('2024-01-13 08:00:00+00');
    expect(await read('1705132800000', f(EPOCH_MS, true), 'America/New_York')).toBe('2024-01-13 08:00:00+00');
    expect(await read('17051328', f(EPOCH_S, true), 'UTC')).toBe('null'); // 8 digits: not an epoch in seconds
    // fractions to nine digits and a decimal comma: cut to microseconds
    expect(await read('2024-01-13 08:00:00,123456789', f('%Y-%m-%d %H:%M:%S.%n'), 'UTC')).toBe('2024-01-13 08:00:00.123456+00');
  });

  it('a sentinel year is no instant, but a date keeps it', async () => {
    expect(await read('9999-12-31 00:00:00', f('%Y-%m-%d %H:%M:%S'), 'UTC')).toBe('null');
    expect(await read('2199-12-31 00:00:00', f('%Y-%m-%d %H:%M:%S'), 'UTC')).toBe('2199-12-31 00:00:00+00');
    expect(await read('2200-01-01 00:00:00', f('%Y-%m-%d %H:%M:%S'), 'UTC')).toBe('null');
    expect(await read('9999-12-31', f('%Y-%m-%d'), 'UTC', true)).toBe('9999-12-31');
    expect(await read('13 März 2024', f('%d %b %Y'), 'UTC', true)).toBe('2024-03-13');
  });
});

describe('parseDateOption and shapeOf', () => {
  it('an order, a pattern, nothing', () => {
    expect(parseDateOption(undefined)).toEqual({});
    expect(parseDateOption('')).toEqual({});
    expect(parseDateOption('YMD')).toEqual({ order: 'ymd' });
    expect(parseDateOption('%d.%m.%Y')).toEqual({ format: '%d.%m.%Y' });
  });
  it('the shape a format can parse', () => {
    expect(shapeOf('%d.%m.%Y %H:%M').test('1,2.2024  8:05')).toBe(true); // '.' as '.' or ',', spaces as any
    expect(shapeOf('%d.%m.%Y').test('1/2/2024')).toBe(false);
    expect(shapeOf('%Y-%m-%dT%H:%M:%S%z').test('2024-01-02T08:00:00+01:00')).toBe(true);
    expect(shapeOf('%Y-%m-%dT%H:%M:%S%z').test('2024-01-02T08:00:00')).toBe(false);
    expect(shapeOf('%I:%M %p').test('8:05 p.m.')).toBe(true);
    expect(shapeOf('%d %b %Y').test('1 Mai 2024')).toBe(true);
    expect(shapeOf('%d %b %Y').test('1 5 2024')).toBe(false);
    expect(shapeOf(EPOCH_MS).test(' 1705132800000 ')).toBe(true);
    expect(shapeOf(EPOCH_S).test('17051328x')).toBe(false);
    expect(shapeOf('100%%').test('100%')).toBe(true);
    expect(shapeOf('(%Y)').test('(2024)')).toBe(true);
    expect(shapeOf('(%Y)').test('x2024)')).toBe(false);
  });
});
