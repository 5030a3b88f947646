/**
 * Edges of compile.ts and dates.ts that the first StrykerJS run of session 21 left alive (bench/results/
 * 2026-12-06-stryker.md): date fields (a DATE keeps 9999-12-31 and is read in the source zone), a column two
 * fields read, a text field's vocabulary, a vocabulary without `otherwise`, the kind fallback only for kind, the
 * shape of a format (tabs, a literal letter in any case, an unknown directive, a trailing %), fractional epoch
 * seconds, --date-format dmy keeping ISO and month-name formats, month names beside numeric dates, the default of
 * `defer`, a given format deferred, exactly half read. Expected values by hand, next to each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMapping } from '../../src/ingest/compile.js';
import { checkDeferredFormats, shapeOf, sniffDateFormats, EPOCH_S, type ColumnDateFormat } from '../../src/ingest/dates.js';
import { cleanExpr } from '../../src/ingest/compile.js';
import type { ObjectMapping, SourceAdapter } from '../../src/sources/types.js';
import { ident, lit, Store } from '../../src/store/db.js';

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:', { migrate: false });
  await store.run("SET TimeZone = 'UTC'");
});
afterAll(() => store.close());

const adapter: SourceAdapter = {
  id: 'e', name: 'e', signature: {}, vocab: { pr: { map: { high: 1 } }, ttl: { map: { a: 'Alpha' } }, st: { map: { open: 'new' } } }, objects: [],
};
let n = 0;
async function table(cols: Record<string, (string | null)[]>): Promise<string> {
  const name = `t${n++}`;
  const names = Object.keys(cols);
  const rows = cols[names[0]!]!.map((_, i) => `(${names.map((c) => (cols[c]![i] === null ? 'NULL::VARCHAR' : lit(cols[c]![i]!))).join(', ')}, FALSE)`);
  await store.run(`CREATE TEMP TABLE ${name} AS SELECT * FROM (VALUES ${rows.join(', ')}) t(${names.map(ident).join(', ')}, __empty)`);
  return name;
}
const fmt = (column: string, format: string): [string, ColumnDateFormat] => [column, { column, format, zoned: false, order: 'dmy', how: 'detected' }];
async function select(mapping: ObjectMapping, cols: Record<string, (string | null)[]>, dates: [string, ColumnDateFormat][], tz: string, out: string[]) {
  const c = compileMapping(adapter, mapping, Object.keys(cols), new Map(dates), tz);
  const t = await table(cols);
  const rows = await store.all<Record<string, unknown>>(
    `SELECT ${c.select.filter((s) => out.some((o) => s.endsWith(` AS ${o}`))).join(', ')}, ${c.idExpr} AS id,
       ${c.rejectChecks.length ? c.rejectChecks.map(([x]) => `(${x})`).join(' OR ') : 'FALSE'} AS rejected FROM ${t}`,
  );
  return { c, rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : k.endsWith('_date') && v !== null ? String(v).slice(0, 10) : v]))) };
}

describe('compileMapping edges', () => {
  it('a DATE field: read in the source zone without a shift, a sentinel year kept, never a reject for 9999-12-31', async () => {
    const m: ObjectMapping = { object: 'asset', table: 'asset', sourceTable: 'a', fields: { source_id: 'Tag', purchase_date: 'Bought', install_date: 'Bought' } };
    // 13/01/2024 at midnight in Auckland (UTC+13) would be 2024-01-12 11:00 UTC as an instant: a DATE stays the 13th
    const { c, rows } = await select(m, { Tag: ['A1', 'A2'], Bought: ['13/01/2024', '31/12/9999'] }, [fmt('Bought', '%d/%m/%Y')], 'Pacific/Auckland', ['purchase_date', 'install_date']);
    expect(rows).toEqual([
      { purchase_date: '2024-01-13', install_date: '2024-01-13', id: 'A1', rejected: false },
      { purchase_date: '9999-12-31', install_date: '9999-12-31', id: 'A2', rejected: false },
    ]);
    // one column read by two fields: listed once
    expect(c.dateColumns).toEqual(['Bought']);
    expect(c.select.some((s) => s.endsWith(' AS name_raw'))).toBe(false); // raw companions only for raw fields
  });

  it('a timestamp in a sentinel year is unknown, not a reject', async () => {
    const m: ObjectMapping = { object: 'ticket', table: 'ticket', sourceTable: 't', fields: { source_id: 'No', due_at: 'Due' } };
    const { rows } = await select(m, { No: ['1'], Due: ['31/12/9999'] }, [fmt('Due', '%d/%m/%Y')], 'UTC', ['due_at']);
    expect(rows).toEqual([{ due_at: null, id: '1', rejected: false }]);
  });

  it('a text field with a vocabulary: other when nothing matches; an int field without otherwise: NULL; no id: NULL', async () => {
    const m: ObjectMapping = {
      object: 'ticket', table: 'ticket', sourceTable: 't',
      fields: { title: { from: 'T', vocab: 'ttl' }, priority: { from: 'P', vocab: 'pr' }, status: { from: 'S', vocab: 'st', value: 'closed' }, impact: 'I' },
    };
    const { c, rows } = await select(m, { T: ['a', 'b'], P: ['High', 'low'], S: ['open', 'x'], I: ['2,5', '2'] }, [], 'UTC', ['title', 'priority', 'status', 'impact']);
    expect(rows).toEqual([
      { title: 'Alpha', priority: 1, status: 'new', impact: null, id: null, rejected: false }, // '2,5' is no whole number
      { title: 'other', priority: null, status: 'other', impact: 2, id: null, rejected: false }, // status: the vocabulary's other before the value
    ]);
    // a value behind a vocabulary makes the kind fallback only for kind
    expect(c.kindFromObject).toBeUndefined();
    expect(c.idExpr).toBe('NULL');
  });
});

describe('dates edges', () => {
  const clean = (c: string) => cleanExpr(ident(c));
  const sniff = async (cols: Record<string, (string | null)[]>, option?: string, defer?: boolean) => {
    const v = await table(cols);
    const r = defer === undefined
      ? await sniffDateFormats(store, v, Object.keys(cols), clean, option, 'f.csv')
      : await sniffDateFormats(store, v, Object.keys(cols), clean, option, 'f.csv', defer);
    return Object.fromEntries(r);
  };

  it('the shape of a format: any whitespace, a literal in any case, an unknown directive, a trailing %', () => {
    expect(shapeOf('%d.%m.%Y %H:%M').test('1.2.2024\t8:05')).toBe(true);
    expect(shapeOf('%Y-%m-%dT%H:%M').test('2024-01-02t08:00')).toBe(true);
    expect(shapeOf('%q x').test('abc x')).toBe(true); // an unknown directive: any text
    expect(shapeOf('100%').test('100x')).toBe(false); // a trailing % is itself
    expect(shapeOf('100%').test('100%')).toBe(true);
    expect(shapeOf(EPOCH_S).test('1705132800.25')).toBe(true);
  });

  it('epoch seconds with a fraction; --date-format dmy keeps the ISO and month-name formats', async () => {
    expect((await sniff({ s: ['1705132800.25', '1706779800.5'] })).s).toMatchObject({ format: EPOCH_S });
    const r = await sniff({ iso: ['2024-01-13'], named: ['13 Mai 2024'], d: ['01/02/2024'] }, 'dmy');
    expect(r.iso).toMatchObject({ format: '%Y-%m-%d', order: 'ymd' });
    expect(r.named).toMatchObject({ format: '%d %b %Y', order: 'named' });
    expect(r.d).toMatchObject({ format: '%d/%m/%Y', order: 'dmy' });
  });

  it('month names beside numeric dates in one sniff', async () => {
    const r = await sniff({ a: ['13 Mai 2024', '1 März 2024'], b: ['2024-01-13', '2024-02-01'] });
    expect(r.a).toMatchObject({ format: '%d %b %Y' });
    expect(r.b).toMatchObject({ format: '%Y-%m-%d' });
  });

  it('defer is off unless asked; a given format is deferred as given', async () => {
    expect((await sniff({ a: ['2024-01-13'] })).a!.deferred).toBeUndefined();
    expect((await sniff({ a: ['2024|01|13'] }, '%Y|%m|%d', true)).a).toEqual({ column: 'a', format: '%Y|%m|%d', zoned: false, order: 'ymd', how: 'given', deferred: true });
  });

  it('a deferred column with exactly half its values read passes', async () => {
    const v = await table({ a: ['2024-01-13', '2024-01-14', 'x', 'y'] });
    const f = new Map([['a', { column: 'a', format: '%Y-%m-%d', zoned: false, order: 'ymd' as const, how: 'detected' as const, deferred: true }]]);
    // 2 of 4 = half: not fewer than half
    await expect(checkDeferredFormats(store, v, f, clean, 'f.csv')).resolves.toBeUndefined();
  });
});
