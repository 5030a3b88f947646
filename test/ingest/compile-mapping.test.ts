/**
 * compileMapping (src/ingest/compile.ts) run inside each test on hand-written raw rows in DuckDB :memory:
 * (StrykerJS counts a mutant only while a test runs): every kind of rule (columns in preference order, a
 * constant, present, signed_duration, duration with a scale, a vocabulary with the object's kind behind it, a
 * yes/no field, an int, a decimal comma, a scale), the raw companions, the id, the date reject checks and their
 * message. Each expected value is read off the row by hand (arithmetic next to it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMapping, resolveColumns, vocabFor } from '../../src/ingest/compile.js';
import type { ColumnDateFormat } from '../../src/ingest/dates.js';
import type { ObjectMapping, SourceAdapter } from '../../src/sources/types.js';
import { ident, lit, Store } from '../../src/store/db.js';

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:', { migrate: false });
  await store.run("SET TimeZone = 'UTC'");
});
afterAll(() => store.close());

const adapter: SourceAdapter = {
  id: 't', name: 't desk', signature: {}, nullValues: ['-'],
  vocab: { st: { map: { Open: 'new', Done: 'closed' } }, kinds: { map: { inc: 'incident', req: 'service_request' }, otherwise: null } },
  objects: [],
};
const ticket = (fields: ObjectMapping['fields']): ObjectMapping => ({ object: 'ticket', table: 'ticket', sourceTable: 't', fields });
const fmt = (column: string, format: string, zoned = false): [string, ColumnDateFormat] => [column, { column, format, zoned, order: 'dmy', how: 'detected' }];

let tables = 0;
/** the compiled SELECT over rows of the columns given; each row an object of the chosen output columns */
async function run(mapping: ObjectMapping, cols: string[], rows: (string | null)[][], dates: [string, ColumnDateFormat][] = [], tz = 'UTC', pick?: string[]) {
  const c = compileMapping(adapter, mapping, cols, new Map(dates), tz);
  const name = `raw${tables++}`;
  const values = rows.map((r, i) => `(${i}, ${r.map((v) => (v === null ? 'NULL::VARCHAR' : lit(v))).join(', ')})`).join(', ');
  await store.run(`CREATE TEMP TABLE ${name} AS SELECT * FROM (VALUES ${values}) t(__i, ${cols.map(ident).join(', ')})`);
  const out = await store.all<Record<string, unknown>>(
    `SELECT * FROM (SELECT __i, ${c.select.join(', ')}, ${c.idExpr} AS __id FROM ${name}) ORDER BY __i`,
  );
  const rejects = await store.all<{ reason: string | null }>(
    `SELECT ${c.rejectChecks.length ? `CASE ${c.rejectChecks.map(([cond, why]) => `WHEN ${cond} THEN ${why}`).join(' ')} END` : 'NULL'} AS reason FROM ${name} ORDER BY __i`,
  );
  const shown = out.map((r, i) => {
    const o: Record<string, unknown> = { __id: r.__id, __reject: rejects[i]!.reason };
    for (const k of pick ?? Object.keys(r)) if (k !== '__i') o[k] = r[k] instanceof Date ? (r[k] as Date).toISOString() : r[k];
    return o;
  });
  return { c, rows: shown };
}

describe('compileMapping', () => {
  it('text, the id, null markers, the first column present, and raw companions', async () => {
    const m = ticket({ source_id: ['No', 'Alt'], title: ['Title', 'Subject'], status: { from: 'State', vocab: 'st' } });
    const { c, rows } = await run(m, ['No', 'Alt', 'Title', 'Subject', 'State', 'Unused'], [
      ['A1', 'X', ' VPN ', 'ignored', 'Open', 'u'],
      ['-', 'B2', '-', 'from subject', 'done', 'u'], // '-' is the adapter's null marker
      [' ', null, null, null, 'Weird', 'u'],
    ], [], 'UTC', ['title', 'status', 'status_raw', 'kind', 'kind_raw']);
    expect(rows).toEqual([
      { __id: 'A1', __reject: null, title: 'VPN', status: 'new', status_raw: 'Open', kind: null, kind_raw: null },
      { __id: 'B2', __reject: null, title: 'from subject', status: 'closed', status_raw: 'done', kind: null, kind_raw: null },
      // an enum no vocabulary entry matches: 'other'; no id at all: NULL
      { __id: null, __reject: null, title: null, status: 'other', status_raw: 'Weird', kind: null, kind_raw: null },
    ]);
    expect([...c.used].sort()).toEqual(['Alt', 'No', 'State', 'Subject', 'Title']);
    expect(c.fields.map((f) => [f.def.name, f.columns])).toEqual([['source_id', ['No', 'Alt']], ['title', ['Title', 'Subject']], ['status', ['State']]]);
    expect(c.dateColumns).toEqual([]);
    expect(c.rejectChecks).toEqual([]);
    expect(c.kindFromObject).toBeUndefined();
    // every canonical ticket column once, typed, plus a _raw for each raw field
    expect(c.select.filter((s) => / AS status$/.test(s))).toEqual([expect.stringMatching(/^CAST\(.* AS VARCHAR\) AS status$/)]);
    expect(c.select.some((s) => / AS priority_raw$/.test(s) && s.startsWith('CAST(NULL AS VARCHAR)'))).toBe(true);
  });

  it('numbers: an int through a double, a decimal comma, a scale; yes/no through the bool vocabulary', async () => {
    const m = ticket({ source_id: 'No', priority: 'Prio', handle_time_hours: { from: 'Secs', scale: 0.5 }, csat_score: 'Csat', sla_met: 'Made' });
    const { rows } = await run(m, ['No', 'Prio', 'Secs', 'Csat', 'Made'], [
      ['1', '2.0', '3,5', '0.75', 'Yes'], // 2; 3.5 · 0.5 = 1.75; 0.75; true
      ['2', 'x', '1.000,5', '-1,25', 'nein'], // NULL; '1.000,5' (a thousands point) is no number; −1.25; false
      ['3', '3.6', '-2', 'a', 'maybe'], // 3.6 → 4 (rounded); −2 · 0.5 = −1; NULL; NULL
    ], [], 'UTC', ['priority', 'handle_time_hours', 'csat_score', 'sla_met', 'sla_met_raw']);
    expect(rows).toEqual([
      { __id: '1', __reject: null, priority: 2, handle_time_hours: 1.75, csat_score: 0.75, sla_met: true, sla_met_raw: 'Yes' },
      { __id: '2', __reject: null, priority: null, handle_time_hours: null, csat_score: -1.25, sla_met: false, sla_met_raw: 'nein' },
      { __id: '3', __reject: null, priority: 4, handle_time_hours: -1, csat_score: null, sla_met: null, sla_met_raw: 'maybe' },
    ]);
  });

  it('present, signed_duration, duration with a scale, constants', async () => {
    const m = ticket({
      source_id: 'No',
      first_contact_resolved: { from: 'FCR', parse: 'present' },
      reopen_count: { from: 'Reopened', parse: 'present' },
      major_incident: { from: 'Left', parse: 'signed_duration' },
      handle_time_hours: { from: 'Worked', parse: 'duration', scale: 1 / 3600 },
      reassignment_count: { from: 'Hops', parse: 'duration' },
      channel: { value: 'email' },
      csat_score: { value: 0.5 },
      sla_met: { value: true },
      title: { from: 'Gone', parse: 'present' }, // no such column: NULL, not 0
      location: { value: 7 },
    });
    const { rows } = await run(m, ['No', 'FCR', 'Reopened', 'Left', 'Worked', 'Hops'], [
      ['1', 'x', '2024-01-01', '-01:00', '01:30:00', '3'], // present; reopened; breached; 5400 s = 1.5 h; 3
      ['2', '', '-', '02:00', '2 Hours 30 Minutes', '1,5'], // empty; marker; met; 9000 s = 2.5 h; 1.5 → 2
      ['3', null, null, null, null, null],
    ], [], 'UTC', ['first_contact_resolved', 'reopen_count', 'major_incident', 'handle_time_hours', 'reassignment_count', 'channel', 'csat_score', 'sla_met', 'title', 'location']);
    expect(rows).toEqual([
      { __id: '1', __reject: null, first_contact_resolved: true, reopen_count: 1, major_incident: false, handle_time_hours: 1.5, reassignment_count: 3, channel: 'email', csat_score: 0.5, sla_met: true, title: null, location: '7' },
      { __id: '2', __reject: null, first_contact_resolved: false, reopen_count: 0, major_incident: true, handle_time_hours: 2.5, reassignment_count: 2, channel: 'email', csat_score: 0.5, sla_met: true, title: null, location: '7' },
      { __id: '3', __reject: null, first_contact_resolved: false, reopen_count: 0, major_incident: null, handle_time_hours: null, reassignment_count: null, channel: 'email', csat_score: 0.5, sla_met: true, title: null, location: '7' },
    ]);
    // a false constant and a text constant with a quote
    const f = await run(ticket({ source_id: 'No', sla_met: { value: false }, title: { value: "it's" } }), ['No'], [['1']], [], 'UTC', ['sla_met', 'title']);
    expect(f.rows).toEqual([{ __id: '1', __reject: null, sla_met: false, title: "it's" }]);
  });

  it('a vocabulary with the object\'s kind behind it: the kind from the rule\'s value where the column gives none', async () => {
    const m = ticket({ source_id: 'No', kind: { from: 'Type', vocab: 'kinds', value: 'incident' } });
    const { c, rows } = await run(m, ['No', 'Type'], [['1', 'REQ'], ['2', 'Other'], ['3', null]], [], 'UTC', ['kind', 'kind_raw']);
    expect(rows).toEqual([
      { __id: '1', __reject: null, kind: 'service_request', kind_raw: 'REQ' },
      { __id: '2', __reject: null, kind: 'incident', kind_raw: 'Other' }, // otherwise NULL → the rule's value
      { __id: '3', __reject: null, kind: 'incident', kind_raw: null },
    ]);
    expect(c.kindFromObject).toMatchObject({ kind: 'incident', column: 'Type' });
    const flags = await store.all<{ f: boolean }>(`SELECT ${c.kindFromObject!.expr.replaceAll('"Type"', 't')} AS f FROM (VALUES ('REQ'), ('Other'), (NULL)) x(t)`);
    expect(flags.map((r) => r.f)).toEqual([false, true, true]);
    // a kind vocabulary without a value: no fallback; an int field's vocabulary misses → NULL, not 'other'
    const n = await run(ticket({ source_id: 'No', kind: { from: 'Type', vocab: 'kinds' }, priority: { from: 'P', vocab: 'leading_int' } }), ['No', 'Type', 'P'], [['1', 'zzz', 'P2'], ['2', 'inc', '3 - Low']], [], 'UTC', ['kind', 'priority']);
    expect(n.c.kindFromObject).toBeUndefined();
    expect(n.rows).toEqual([{ __id: '1', __reject: null, kind: null, priority: null }, { __id: '2', __reject: null, kind: 'incident', priority: 3 }]);
  });

  it('dates: the column\'s format in the source zone, the first column that parses, a reject naming the column and format', async () => {
    const m = ticket({ source_id: 'No', opened_at: ['Opened', 'Logged'], resolved_at: 'Resolved', closed_at: 'Closed' });
    const dates = [fmt('Opened', '%d/%m/%Y %H:%M'), fmt('Logged', '%Y-%m-%d %H:%M:%S'), fmt('Resolved', "%d.%m.%Y'%H")];
    const { c, rows } = await run(m, ['No', 'Opened', 'Logged', 'Resolved', 'Closed'], [
      // 13/01/2024 08:00 in Amsterdam (UTC+1) = 07:00 UTC; Resolved 14.01.2024'10 = 09:00 UTC
      ['1', '13/01/2024 08:00', '2024-01-01 00:00:00', "14.01.2024'10", 'whenever'],
      // Opened empty: Logged 2024-07-01 12:00 (UTC+2) = 10:00 UTC
      ['2', '', '2024-07-01 12:00:00', null, null],
      // Opened is no date in its format: the row is rejected, naming the column and the format
      ['3', '2024-01-13', null, null, null],
      ['4', '13/01/2024 08:00', null, "bad'", null],
    ], dates, 'Europe/Amsterdam', ['opened_at', 'resolved_at', 'closed_at', 'opened_at_raw', 'closed_at_raw']);
    expect(rows).toEqual([
      { __id: '1', __reject: null, opened_at: '2024-01-13T07:00:00.000Z', resolved_at: '2024-01-14T09:00:00.000Z', closed_at: null, opened_at_raw: '13/01/2024 08:00', closed_at_raw: 'whenever' },
      { __id: '2', __reject: null, opened_at: '2024-07-01T10:00:00.000Z', resolved_at: null, closed_at: null, opened_at_raw: '2024-07-01 12:00:00', closed_at_raw: null },
      { __id: '3', __reject: "column 'Opened': '2024-01-13' is not a date in the column's format %d/%m/%Y %H:%M", opened_at: null, resolved_at: null, closed_at: null, opened_at_raw: '2024-01-13', closed_at_raw: null },
      { __id: '4', __reject: "column 'Resolved': 'bad'' is not a date in the column's format %d.%m.%Y'%H", opened_at: '2024-01-13T07:00:00.000Z', resolved_at: null, closed_at: null, opened_at_raw: '13/01/2024 08:00', closed_at_raw: null },
    ]);
    // Closed has no format (a column the sniffer found empty): read as NULL, no reject check
    expect(c.dateColumns).toEqual(['Opened', 'Logged', 'Resolved', 'Closed']);
    expect(c.rejectChecks).toHaveLength(3);
  });

  it('pre-cleaned rows: columns read as they are, each date column parsed once', async () => {
    const m = ticket({ source_id: 'No', title: 'T', opened_at: 'O' });
    const c = compileMapping(adapter, m, ['No', 'T', 'O'], new Map([fmt('O', '%Y-%m-%d')]), 'UTC', { parsed: new Map([['O', 'o_parsed']]) });
    const row = await store.one<Record<string, unknown>>(
      `SELECT ${c.select.filter((s) => / AS (title|opened_at)$/.test(s)).join(', ')}, ${c.idExpr} AS id, ${c.rejectChecks[0]![0]} AS rejected
       FROM (SELECT ' a ' AS "No", '-' AS "T", 'x' AS "O", NULL::TIMESTAMP AS o_parsed)`,
    );
    // no trim, no null marker: the load did that already; the parsed column is used
    expect(row).toEqual({ title: '-', opened_at: null, id: ' a ', rejected: true });
  });
});

describe('resolveColumns and vocabFor', () => {
  it('the raw columns a rule names, in the rule\'s order, each once; the first of two same-normalised columns', () => {
    expect(resolveColumns(['Opened', 'opened_at', 'Created'], ['created', 'Opened At', 'opened'])).toEqual(['opened', 'Opened At', 'created']);
    expect(resolveColumns({ from: 'a', fallback: ['b', 'A'] }, ['B', 'a'])).toEqual(['a', 'B']);
    expect(resolveColumns('x y', ['X_Y', 'x  y'])).toEqual(['X_Y']);
    expect(resolveColumns({ value: 1 }, ['a'])).toEqual([]);
  });
  it('a vocabulary of the adapter, then a common one; else an error naming both', () => {
    expect(vocabFor(adapter, 'st')).toBe(adapter.vocab.st);
    expect(vocabFor(adapter, 'bool').map?.yes).toBe(true);
    expect(() => vocabFor(adapter, 'nope')).toThrow("adapter t: vocabulary 'nope' is not defined");
  });
});
