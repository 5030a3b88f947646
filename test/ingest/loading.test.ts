/**
 * The loading half of ingest, in process (issue 19.4: StrykerJS activates a mutant only inside a test, so each
 * test ingests its own tiny file inside `it`): what a file's summary and its source_file row say, the unchanged
 * and the dry-run reports, refusals (time zone, id column, limits) that leave the database as it was, and the
 * physical lines of rejects. Every expected value is counted by hand from the rows written in the test.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths, planIngest, runIngest } from '../../src/ingest/index.js';
import { dryRun, renderDryRun, renderHeaderMatches } from '../../src/ingest/dry-run.js';
import { replaceFixture } from './replace-fixture.js';
import { UCI_LIKE_LOG } from './fixtures.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir, writeFixture, rejection } from '../helpers.js';
import { writeXlsx } from '../convert/xlsx-builder.js';

const HEADER = 'number,short_description,state,priority,opened_at,resolved_at,sys_updated_on,made_sla';
const ROWS = [
  'INC0000001,Printer jams,Closed,1 - Critical,2024-03-13 08:00:00,2024-03-13 10:30:00,2024-03-16 10:30:00,true',
  'INC0000002,VPN down,Resolved,3 - Moderate,2024-03-14 09:00:00,2024-03-15 09:00:00,2024-03-15 09:00:00,false',
  'INC0000003,Laptop slow,In Progress,4 - Low,2024-03-15 12:00:00,,2024-03-15 12:00:00,true',
];
const csv = (rows = ROWS, header = HEADER) => [header, ...rows].join('\n') + '\n';
// ServiceNow's id column in its English, German, French and Spanish/Portuguese labels (src/sources/i18n.ts)
const ID_NAMES = "'number' or 'nummer' or 'numéro' or 'número'";
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every row of the tables an ingest writes, to compare the database before and after a refused file. */
async function snapshot(store: Store): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const t of ['ticket', 'ticket_event', 'rejects', 'change', 'problem', 'asset', 'change_ci'])
    out.push(await store.all(`SELECT * FROM "${t}" ORDER BY ALL`));
  out.push(await store.all('SELECT * EXCLUDE (ingested_at, replaced_at) FROM source_file ORDER BY ALL'));
  return out;
}

const refusal = async (p: Promise<unknown>): Promise<string> => (await rejection(p)).message;

describe('a loaded file: its summary and its source_file row', () => {
  it('says what was read, loaded, rejected and left unmapped, and stores the same', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      // line 5 repeats INC0000002 (the earlier line 3 is superseded); 'u_extra' has data, 'u_blank' none
      const path = writeFixture(dir, 'inc.csv', csv([...ROWS.map((r) => `${r},x,`), ROWS[1]!.replace('VPN down', 'VPN again') + ',,'], `${HEADER},u_extra,u_blank`));
      const seen: string[] = [];
      const loaded: string[] = [];
      const [s] = await ingestPaths(store, {
        paths: [path],
        onDetected: (p, d) => seen.push(`${p}:${d.adapter.id}`),
        onLoaded: (f) => loaded.push(`${f.path}:${f.status}`),
      });
      expect(seen).toEqual([`${path}:servicenow`]);
      expect(loaded).toEqual([`${path}:loaded`]);
      const id = sha(path);
      expect(s).toEqual({
        path, file_id: id, status: 'loaded', tool: 'servicenow', object: 'ticket', source_table: 'incident',
        score: s!.score, confidence: s!.confidence, encoding: 'utf-8', delimiter: ',',
        date_formats: { opened_at: '%Y-%m-%d %H:%M:%S', resolved_at: '%Y-%m-%d %H:%M:%S', sys_updated_on: '%Y-%m-%d %H:%M:%S' },
        rows_read: 4, rows_loaded: 3, rows_rejected: 1, empty_rows_skipped: 0,
        records: 3, records_by_table: { ticket: 3 }, records_inserted: 3, records_updated: 0,
        unmapped_columns: ['u_extra'], format: 'csv',
      });
      expect(s!.score).toBeGreaterThan(0);
      const row = await store.one<Record<string, unknown>>(`SELECT * EXCLUDE (ingested_at, replaced_at, tool_score, confidence),
        ingested_at IS NOT NULL AS ingested, replaced_at IS NULL AS first_load FROM source_file`);
      expect(row).toEqual({
        file_id: id, path, size_bytes: statSync(path).size, tool: 'servicenow', object_kind: 'ticket', source_table: 'incident',
        mapping: 'detected', delimiter: ',', encoding: 'utf-8',
        date_formats: JSON.stringify(s!.date_formats), timezone: 'UTC',
        rows_read: 4, rows_loaded: 3, rows_rejected: 1, empty_rows_skipped: 0, records_inserted: 3, records_updated: 0,
        unmapped_columns: '["u_extra"]', source_format: 'csv', sheet: null, rows_hash: row!.rows_hash,
        ingested: true, first_load: true,
      });
      expect(String(row!.rows_hash)).toMatch(/^3:-?\d+$/); // count:sum of the 3 records' hashes
      expect(await store.all('SELECT line, reason FROM rejects')).toEqual([{ line: 3, reason: 'duplicate id INC0000002: superseded by line 5' }]);
      expect(await store.all("SELECT source_id, source_row, title, extra->>'u_extra' AS x FROM ticket ORDER BY source_row")).toEqual([
        { source_id: 'INC0000001', source_row: 2, title: 'Printer jams', x: 'x' },
        { source_id: 'INC0000003', source_row: 4, title: 'Laptop slow', x: 'x' },
        { source_id: 'INC0000002', source_row: 5, title: 'VPN again', x: null },
      ]);
    } finally {
      store.close();
    }
  });

  it('counts empty rows apart, says (BOM), and reports a file seen before as unchanged with its stored figures', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      // a BOM, a row of empty cells (line 3) and a row of blanks (line 5): 5 records, 2 empty, 3 read
      const path = writeFixture(dir, 'inc.csv', '\ufeff' + csv([ROWS[0]!, ',,,,,,,', ROWS[1]!, ' , ,,,,,, ', ROWS[2]!]));
      const [s] = await ingestPaths(store, { paths: [path] });
      expect(s).toMatchObject({ encoding: 'utf-8 (BOM)', rows_read: 3, rows_loaded: 3, rows_rejected: 0, empty_rows_skipped: 2, records: 3 });
      expect(await store.all('SELECT source_row FROM ticket ORDER BY 1')).toEqual([{ source_row: 2 }, { source_row: 4 }, { source_row: 6 }]);
      const [u] = await ingestPaths(store, { paths: [path] });
      expect(u).toEqual({
        path, file_id: sha(path), status: 'unchanged', tool: 'servicenow', object: 'ticket', source_table: 'incident',
        score: s!.score, confidence: s!.confidence, encoding: 'utf-8 (BOM)', delimiter: ',', date_formats: s!.date_formats,
        rows_read: 0, rows_loaded: 0, rows_rejected: 0, empty_rows_skipped: 0, records: 0, records_by_table: {},
        records_inserted: 0, records_updated: 0, unmapped_columns: [], format: 'csv',
      });
      expect(await store.one('SELECT count(*) AS n FROM source_file')).toEqual({ n: 1 });
    } finally {
      store.close();
    }
  });

  it('updates a record from a newer file and counts it as updated, not inserted', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      await ingestPaths(store, { paths: [writeFixture(dir, 'a.csv', csv(ROWS.slice(0, 2)))] });
      // INC0000002 resolved → closed later (newer sys_updated_on); INC0000003 new
      const newer = ROWS[1]!.replace('Resolved', 'Closed').replace(/2024-03-15 09:00:00,false$/, '2024-03-17 09:00:00,false');
      const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'b.csv', csv([newer, ROWS[2]!]))] });
      expect(s).toMatchObject({ rows_read: 2, rows_loaded: 2, records: 2, records_inserted: 1, records_updated: 1 });
      expect(await store.all('SELECT source_id, status FROM ticket ORDER BY 1')).toEqual([
        { source_id: 'INC0000001', status: 'closed' },
        { source_id: 'INC0000002', status: 'closed' },
        { source_id: 'INC0000003', status: 'in_progress' },
      ]);
    } finally {
      store.close();
    }
  });

  it('makes ids from the file and line when the mapping has no id column, and says so', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      // a text-only incident list (no id column), as in ../shared/data/tickets-text: the key is made from the
      // file's sha256 and the line; source_id (the export's own id) stays empty
      const path = writeFixture(dir, 'notes.csv', 'short_description,description,category,opened_at\nPrinter,Jam,Hardware,2024-01-02 10:00\nMail,Bounce,Mail,2024-01-03 11:00\n');
      const [s] = await ingestPaths(store, { paths: [path] });
      expect(s).toMatchObject({ ids_from_lines: true, records: 2, rows_loaded: 2 });
      const id = sha(path).slice(0, 12);
      expect(await store.all('SELECT ticket_key, source_id, source_row FROM ticket ORDER BY source_row')).toEqual([
        { ticket_key: `${s!.tool}:${id}-L2`, source_id: null, source_row: 2 },
        { ticket_key: `${s!.tool}:${id}-L3`, source_id: null, source_row: 3 },
      ]);
      
    } finally {
      store.close();
    }
  });

  it('names the records whose kind came from the file, with the reason in words', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      // ids 1001 and 1002 carry no prefix; INC0000003 does
      const path = writeFixture(dir, 'incident.csv', csv([ROWS[0]!.replace('INC0000001', '1001'), ROWS[1]!.replace('INC0000002', '1002'), ROWS[2]!]));
      const [s] = await ingestPaths(store, { paths: [path] });
      expect(s!.kind_from_object).toEqual({
        records: 2, kind: 'incident',
        reason: "their ids (column 'number') carry no prefix that names a kind (such as INC), and the file was recognised as an incident export",
      });
      expect(await store.all('SELECT source_id, kind FROM ticket ORDER BY 1')).toEqual([
        { source_id: '1001', kind: 'incident' }, { source_id: '1002', kind: 'incident' }, { source_id: 'INC0000003', kind: 'incident' },
      ]);
    } finally {
      store.close();
    }
  });

  it('counts a rejected row neither as loaded nor as taking its kind from the file, on a first load and on a later one', async () => {
    // A first load of a tool maps each row once and builds the verdict from the rejected rows afterwards; a load into
    // a table that already holds the tool's records takes the verdict first. Both say the same of the same file.
    const dir = tempDir();
    const rows = [ROWS[0]!.replace('INC0000001', '1001'), ROWS[1]!.replace('INC0000002', '1002').replace('2024-03-14 09:00:00', '2024-03-xx'), ROWS[2]!];
    const first = writeFixture(dir, 'incident.csv', csv(rows));
    const other = writeFixture(dir, 'other.csv', csv([ROWS[2]!.replace('INC0000003', 'INC0000009')]));
    const summaries = [];
    for (const paths of [[first], [other, first]]) {
      const store = await openStore(tempDir());
      try {
        const got = await ingestPaths(store, { paths });
        summaries.push(got.at(-1)!);
        expect(await store.all("SELECT source_id FROM ticket WHERE source_id <> 'INC0000009' ORDER BY 1")).toEqual([{ source_id: '1001' }, { source_id: 'INC0000003' }]);
      } finally {
        store.close();
      }
    }
    for (const s of summaries) {
      expect(s).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_rejected: 1, records: 2 });
      expect(s.kind_from_object).toMatchObject({ records: 1, kind: 'incident' });
    }
  });

  it("reads a date cell 'infinity' as never (no time) and 'epoch' as no date, not as DuckDB's 1900-01-01", async () => {
    // DuckDB's strptime gives 1900-01-01 for these words whatever the format; a PostgreSQL-backed tool writes
    // 'infinity' for "never". A written 1900-01-01 stays what it says.
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      const cell = ['infinity', ' INFINITY ', '1900-01-01 00:00:00', 'epoch', '-infinity'];
      const rows = cell.map((c, i) => ROWS[0]!.replace('INC0000001', `INC000010${i}`).replace('2024-03-13 10:30:00', c));
      const ok = [1, 2, 3, 4, 5, 6, 7].map((d) => ROWS[0]!.replace('INC0000001', `INC000000${d}`).replace('2024-03-13 10:30:00', `2024-03-2${d} 10:30:00`));
      const path = writeFixture(dir, 'incident.csv', csv([...ok, ...rows]));
      const [s] = await ingestPaths(store, { paths: [path] });
      expect(s).toMatchObject({ rows_read: 12, rows_loaded: 10, rows_rejected: 2 });
      expect(await store.all("SELECT source_id, resolved_at_raw AS raw, strftime(resolved_at, '%Y-%m-%d') AS r FROM ticket WHERE source_id LIKE 'INC00001%' ORDER BY 1")).toEqual([
        { source_id: 'INC0000100', raw: 'infinity', r: null }, { source_id: 'INC0000101', raw: 'INFINITY', r: null },
        { source_id: 'INC0000102', raw: '1900-01-01 00:00:00', r: '1900-01-01' },
      ]);
      expect((await store.all<{ line: number }>('SELECT line FROM rejects ORDER BY 1')).map((r) => Number(r.line))).toEqual([12, 13]);
    } finally {
      store.close();
    }
  });
});

describe('refusals leave the database as it was', () => {
  it('an unknown time zone stops the plan with the flag to fix', async () => {
    const dir = tempDir();
    const path = writeFixture(dir, 'inc.csv', csv());
    expect(await refusal(planIngest({ paths: [path], timezone: 'Mars/Olympus' }))).toBe(
      "--timezone 'Mars/Olympus' is not a known time zone; use an IANA name such as Europe/Amsterdam or UTC",
    );
  });

  it('a chosen source whose id column is missing names the column and the header', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      await ingestPaths(store, { paths: [writeFixture(dir, 'a.csv', csv())] });
      const before = await snapshot(store);
      const cols = ['Ref', 'short_description', 'state', 'priority', 'opened_at', 'resolved_at', 'sys_updated_on', 'made_sla'];
      const few = writeFixture(dir, 'b.csv', csv(ROWS.map((r) => r.replace('INC', 'X')), cols.join(',')));
      expect(await refusal(ingestPaths(store, { paths: [few], source: 'servicenow' }))).toBe(
        `${few}: the id column ${ID_NAMES} (source_id) is not in the header, whose columns are ${cols.map((c) => `'${c}'`).join(', ')}; name one of them as source_id in the mapping`,
      );
      // 13 columns: the first 12 are named, then the count
      const wide = [...cols, 'c9', 'c10', 'c11', 'c12', 'c13'];
      const many = writeFixture(dir, 'c.csv', csv(ROWS.map((r) => `${r},1,2,3,4,5`), wide.join(',')));
      expect(await refusal(ingestPaths(store, { paths: [many], source: 'servicenow' }))).toBe(
        `${many}: the id column ${ID_NAMES} (source_id) is not in the header, whose columns are ${wide.slice(0, 12).map((c) => `'${c}'`).join(', ')}, … (13 in all); name one of them as source_id in the mapping`,
      );
      expect(await snapshot(store)).toEqual(before);
    } finally {
      store.close();
    }
  });

  it('a file over the rows limit is refused whole, naming the limit and the flag', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      await ingestPaths(store, { paths: [writeFixture(dir, 'a.csv', csv(ROWS.slice(0, 1)))] });
      const before = await snapshot(store);
      const path = writeFixture(dir, 'b.csv', csv());
      expect(await refusal(ingestPaths(store, { paths: [path], limits: { ...DEFAULT_LIMITS, rows: 2 } }))).toBe(
        `${path}: 3 records, over the rows limit of 2; if the file is genuine, raise it with --limit rows=8`,
      );
      expect(await snapshot(store)).toEqual(before);
      // exactly at the limit: loaded
      const [s] = await ingestPaths(store, { paths: [path], limits: { ...DEFAULT_LIMITS, rows: 3 } });
      expect(s).toMatchObject({ rows_loaded: 3 });
    } finally {
      store.close();
    }
  });

  it('a file whose dates stop the ingest after its rows were written rolls back to the earlier file', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      await ingestPaths(store, { paths: [writeFixture(dir, 'a.csv', csv(ROWS.slice(0, 1)))] });
      const before = await snapshot(store);
      // 02/03/2024 and 04/05/2024 can be day-first or month-first: the ingest asks for --date-format
      const amb = ROWS.map((r, i) => r.replace(/2024-03-1(\d) (\d\d:\d\d:\d\d)/g, `0${i + 2}/0${i + 3}/2024 $2`));
      await expect(ingestPaths(store, { paths: [writeFixture(dir, 'b.csv', csv(amb))] })).rejects.toThrow(/--date-format/);
      expect(await snapshot(store)).toEqual(before);
    } finally {
      store.close();
    }
  });

  it('an aborted run stops before the next file', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      const ac = new AbortController();
      const plan = await planIngest({ paths: [writeFixture(dir, 'a.csv', csv()), writeFixture(dir, 'b.csv', csv(ROWS.slice(0, 1)))], signal: ac.signal });
      ac.abort();
      await expect(runIngest(store, plan)).rejects.toThrow();
      expect(await store.one('SELECT count(*) AS n FROM source_file')).toEqual({ n: 0 });
      const pre = new AbortController();
      pre.abort();
      await expect(planIngest({ paths: [writeFixture(dir, 'c.csv', csv())], signal: pre.signal })).rejects.toThrow();
    } finally {
      store.close();
    }
  });
});

describe('ingest --dry-run', () => {
  it('shows how a file would be read, without a database', async () => {
    const dir = tempDir();
    // line 3 holds empty cells only; 'u_extra' has data and no field reads it
    const path = writeFixture(dir, 'inc.csv', csv([`${ROWS[0]},x`, ',,,,,,,,', `${ROWS[1]},`], `${HEADER},u_extra`));
    const [r] = await dryRun(await planIngest({ paths: [path] }));
    expect(r).toMatchObject({
      path, tool: 'servicenow', object: 'ticket', source_table: 'incident', encoding: 'utf-8', delimiter: ',',
      rows: 2, empty_rows: 1, unmapped: ['u_extra'],
      date_formats: { opened_at: '%Y-%m-%d %H:%M:%S', resolved_at: '%Y-%m-%d %H:%M:%S', sys_updated_on: '%Y-%m-%d %H:%M:%S' },
      column_matches: [], header_warnings: [],
    });
    const fields = Object.fromEntries(r!.mapping.map((m) => [`${m.table}.${m.field}`, m.columns]));
    expect(fields).toMatchObject({
      'ticket.source_id': ['number'], 'ticket.title': ['short_description'], 'ticket.status': ['state'],
      'ticket.priority': ['priority'], 'ticket.opened_at': ['opened_at'], 'ticket.resolved_at': ['resolved_at'],
      'ticket.updated_at': ['sys_updated_on'], 'ticket.sla_met': ['made_sla'],
    });
    expect(r!.mapping.every((m) => m.columns.length > 0)).toBe(true);
    const text = renderDryRun(r!).split('\n');
    expect(text[0]).toBe(`${path}: servicenow ticket (incident) · score ${r!.score} · confidence ${r!.confidence.toFixed(2)} · 2 rows (+1 empty) · utf-8, delimiter ,`);
    expect(text[1]).toBe(`  candidates: ${r!.candidates.map((c) => `${c.tool} ${c.score}`).join(' · ')}`);
    expect(text[2]).toBe('  mapping:');
    expect(text).toContain(`    ${'ticket.opened_at'.padEnd(30)} ← 'opened_at'  [%Y-%m-%d %H:%M:%S]`);
    expect(text).toContain(`    ${'ticket.title'.padEnd(30)} ← 'short_description'`);
    expect(text[text.length - 1]).toBe("  unmapped (kept in extra): 'u_extra'");
    expect(text).toHaveLength(3 + r!.mapping.length + 1);
  });

  it('renders tabs, forced mappings, no empty rows, no unmapped columns and the header matches', () => {
    const base = {
      path: 'x.tsv', tool: 'acme', object: 'ticket', source_table: 'tickets', score: 0, confidence: 1, candidates: [],
      encoding: 'latin-1', delimiter: '\t', rows: 5, empty_rows: 0, date_formats: { When: '%d.%m.%Y' }, unmapped: [],
      mapping: [{ table: 'ticket', field: 'opened_at', columns: ['When', 'Created'] }, { table: 'change', field: 'title', columns: ['Title'] }],
      column_matches: [
        { column: 'Titel', table: 'ticket', field: 'title', reason: 'localised label' },
        { column: 'Wann', table: 'change', field: 'opened_at', reason: 'alias' },
      ],
      header_warnings: ['no column for resolved_at'],
    } as unknown as Parameters<typeof renderDryRun>[0];
    expect(renderDryRun(base)).toBe(
      [
        'x.tsv: acme ticket (tickets) · score 0 · confidence 1.00 · 5 rows · latin-1, delimiter tab',
        '  candidates: (forced)',
        '  mapping:',
        `    ${'ticket.opened_at'.padEnd(30)} ← 'When', then 'Created'  [%d.%m.%Y]`,
        `    ${'change.title'.padEnd(30)} ← 'Title'`,
        '  unmapped (kept in extra): none',
        '  columns matched by alias, label or variant:',
        "    'Titel' ← title: localised label",
        "    'Wann' ← change.opened_at: alias",
        '  warning: no column for resolved_at',
      ].join('\n'),
    );
    expect(renderHeaderMatches()).toEqual([]);
    expect(renderHeaderMatches([], ['w'])).toEqual(['  warning: w']);
  });
});

describe('ingest --replace, in process', () => {
  const dir = tempDir('itsm-lens-replace-');
  const { march, mapping, withoutFixed, withFixed } = replaceFixture(dir);

  it('removes what the file loaded and loads it again, keeping its place in the order of ingestion', async () => {
    const store = await openStore(dir, 'again.duckdb');
    try {
      await ingestPaths(store, { paths: [march], mapping: withoutFixed });
      const first = await store.one<{ us: number }>('SELECT epoch_us(ingested_at) AS us FROM source_file');
      const [u] = await ingestPaths(store, { paths: [march], mapping: withFixed });
      expect(u!.status).toBe('unchanged');
      const [s] = await ingestPaths(store, { paths: [march], mapping: withFixed, replace: true });
      // the earlier load: 3 tickets (T-1..T-3), no events, 1 reject (line 5)
      expect(s).toMatchObject({ status: 'loaded', rows_read: 4, rows_loaded: 3, rows_rejected: 1, records: 3, records_inserted: 3, records_updated: 0, replaced: { records: 3, events: 0, rejects: 1 } });
      expect(await store.all('SELECT source_id, resolved_at IS NOT NULL AS resolved FROM ticket ORDER BY 1')).toEqual([
        { source_id: 'T-1', resolved: true }, { source_id: 'T-2', resolved: true }, { source_id: 'T-3', resolved: false },
      ]);
      expect(await store.all('SELECT line FROM rejects')).toEqual([{ line: 5 }]);
      expect(await store.all('SELECT epoch_us(ingested_at) AS us, replaced_at IS NOT NULL AS replaced FROM source_file')).toEqual([{ us: first!.us, replaced: true }]);
    } finally {
      store.close();
    }
  });

  it('leaves a record a later file holds to that file, and rejects the replaced file’s row for it', async () => {
    const store = await openStore(dir, 'later.duckdb');
    try {
      await ingestPaths(store, { paths: [march], mapping: withoutFixed });
      const april = writeFixture(dir, 'april.csv', 'Ticket No,Summary,Created,Fixed,State\nT-2,Mail again,2025-03-02 09:00,2025-03-02 11:00,closed\n');
      await ingestPaths(store, { paths: [april], mapping: withoutFixed });
      const [s] = await ingestPaths(store, { paths: [march], mapping: withFixed, replace: true });
      expect(s).toMatchObject({ rows_read: 4, rows_loaded: 2, rows_rejected: 2, replaced: { records: 2, rejects: 1 } });
      expect(await store.all('SELECT source_id, title, resolved_at IS NOT NULL AS resolved FROM ticket ORDER BY 1')).toEqual([
        { source_id: 'T-1', title: 'Printer', resolved: true },
        { source_id: 'T-2', title: 'Mail again', resolved: false },
        { source_id: 'T-3', title: 'VPN', resolved: false },
      ]);
      expect(await store.all(`SELECT line, reason FROM rejects WHERE path = '${march}' ORDER BY line`)).toEqual([
        { line: 3, reason: `superseded: T-2 is held by ${april}, ingested after this file` },
        { line: 5, reason: expect.stringMatching(/^column 'Created': '2025-03-0x 09:00' is not a date/) },
      ]);
    } finally {
      store.close();
    }
  });

  it('keeps the earlier load whole when loading again fails', async () => {
    const store = await openStore(dir, 'failed.duckdb');
    try {
      await ingestPaths(store, { paths: [march], mapping: withoutFixed });
      const before = await store.all('SELECT * FROM ticket ORDER BY ticket_key');
      // a pattern JavaScript accepts (so the mapping's own check passes) and DuckDB's RE2 does not (a lookbehind)
      // fails the load after the earlier one was removed
      const broken = mapping('broken.yaml', ['  resolved_at: Fixed'], `{ map: { open: new }, patterns: [['(?<=x)c', closed]] }`);
      await expect(ingestPaths(store, { paths: [march], mapping: broken, replace: true })).rejects.toThrow();
      expect(await store.all('SELECT * FROM ticket ORDER BY ticket_key')).toEqual(before);
      expect(await store.all('SELECT rows_read, rows_rejected, replaced_at FROM source_file')).toEqual([{ rows_read: 4, rows_rejected: 1, replaced_at: null }]);
      expect(await store.one('SELECT count(*) AS n FROM rejects')).toEqual({ n: 1 });
    } finally {
      store.close();
    }
  });
});

describe('other layouts: an event log, a workbook', () => {
  it('an event log: the latest row per ticket, every row an update event plus its field changes', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      const log = UCI_LIKE_LOG;
      const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'log.csv', log)] });
      // events: 4 updates (one per row); INC1 row 2 changes status, group and assignee (3), row 3 status, priority,
      // group and assignee (4): 4 + 3 + 4 = 11
      expect(s).toMatchObject({ object: 'event_log', rows_read: 4, rows_loaded: 4, rows_rejected: 0, records: 2, records_by_table: { ticket: 2 }, events: 11 });
      expect(await store.one('SELECT count(*) AS n FROM ticket_event')).toEqual({ n: 11 });
    } finally {
      store.close();
    }
  });

  it('a workbook: lines are sheet rows below a title, format and sheet are recorded', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      const cells = (r: number, vals: string[]) =>
        `<row r="${r}">${vals.map((v, i) => (v ? `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>` : '')).join('')}</row>`;
      // row 1 a title (one value), row 2 absent, row 3 the header; INC1 row 4; row 5 absent (an empty record);
      // INC2 row 6 with a date that does not parse (rejected on line 6); INC3 row 7
      const rows =
        cells(1, ['Incident export']) +
        cells(3, ['number', 'short_description', 'state', 'opened_at']) +
        cells(4, ['INC0000001', 'a', 'New', '2024-03-13 08:00:00']) +
        cells(6, ['INC0000002', 'b', 'New', '2024-13-45 08:00:00']) +
        cells(7, ['INC0000003', 'c', 'Closed', '2024-03-14 08:00:00']);
      const path = writeXlsx(join(dir, 'incident.xlsx'), { sheets: [{ name: 'Page 1', rows }] });
      const [s] = await ingestPaths(store, { paths: [path] });
      expect(s).toMatchObject({ format: 'xlsx', sheet: 'Page 1', rows_read: 3, rows_loaded: 2, rows_rejected: 1, empty_rows_skipped: 1 });
      expect(await store.all('SELECT source_id, source_row FROM ticket ORDER BY 2')).toEqual([
        { source_id: 'INC0000001', source_row: 4 }, { source_id: 'INC0000003', source_row: 7 },
      ]);
      expect(await store.all('SELECT line FROM rejects')).toEqual([{ line: 6 }]);
      expect(await store.one('SELECT source_format, sheet FROM source_file')).toEqual({ source_format: 'xlsx', sheet: 'Page 1' });
    } finally {
      store.close();
    }
  });
});

describe('plans, dry runs and converted inputs', () => {
  it('a dry run counts reader rejects as rows, names every unmapped column, reports drifted headers, and reads null markers as empty', async () => {
    const dir = tempDir();
    // German 'Nummer' for number; no resolved column; line 4 has a surplus cell (a reader reject); '?' is ServiceNow's
    // null marker in the event-log export, so 'sys_updated_on' holds only dates: '%d/%m/%Y %H:%M' (13/3 is day-first)
    const path = writeFixture(dir, 'incident.csv', [
      'Nummer,short_description,state,opened_at,sys_updated_on,u_one,u_two',
      'INC0000001,a,New,13/3/2016 09:00,?,x,y',
      'INC0000002,b,New,1/3/2016 09:00,2/3/2016 10:00,x,',
      'INC0000003,c,New,1/3/2016 09:00,?,x,y,surplus',
    ].join('\n') + '\n');
    const plan = await planIngest({ paths: [path] });
    const [r] = await dryRun(plan);
    expect(r).toMatchObject({ rows: 3, empty_rows: 0, unmapped: ['u_one', 'u_two'], date_formats: { opened_at: '%d/%m/%Y %H:%M', sys_updated_on: '%d/%m/%Y %H:%M' } });
    expect(r!.column_matches).toEqual([
      { table: 'ticket', field: 'source_id', column: 'Nummer', how: 'localised', reason: "localised label of 'number'" },
      { table: 'ticket', field: 'kind', column: 'Nummer', how: 'localised', reason: "localised label of 'number'" },
    ]);
    expect(r!.header_warnings).toEqual(["ticket.resolved_at: no column found (this tool's export calls it 'resolved_at' or 'resolved'); no column is close to it"]);
    const text = renderDryRun(r!);
    expect(text).toContain("  unmapped (kept in extra): 'u_one', 'u_two'");
    expect(text).toContain("    'Nummer' ← source_id: localised label of 'number'");
    expect(text.split('\n').at(-1)).toBe("  warning: ticket.resolved_at: no column found (this tool's export calls it 'resolved_at' or 'resolved'); no column is close to it");
  });

  it('a --mapping plan is forced (no candidates), and its file is stored as mapped by hand', async () => {
    const dir = tempDir();
    const mapping = writeFixture(dir, 'm.yaml', ['tool: acme', 'object: ticket', 'fields:', '  source_id: Ref', '  title: Subject', '  opened_at: Created', '  kind: { value: incident }'].join('\n') + '\n');
    const path = writeFixture(dir, 'acme.csv', 'Ref,Subject,Created\nA-1,Printer,2024-01-02 10:00\n');
    const [r] = await dryRun(await planIngest({ paths: [path], mapping }));
    expect(r).toMatchObject({ tool: 'acme', score: 0, confidence: 1, candidates: [] });
    expect(renderDryRun(r!).split('\n')[1]).toBe('  candidates: (forced)');
    const store = await openStore(dir);
    try {
      await ingestPaths(store, { paths: [path], mapping });
      expect(await store.one('SELECT mapping, tool, tool_score, confidence FROM source_file')).toEqual({ mapping: 'forced', tool: 'acme', tool_score: 0, confidence: 1 });
    } finally {
      store.close();
    }
  });

  it('a converted input: its temporary CSV is removed after the run and the dry run, its format kept when seen again', async () => {
    const dir = tempDir();
    const path = writeFixture(dir, 'incident.json', JSON.stringify({ result: [
      { number: 'INC0000001', short_description: 'a', state: 'New', opened_at: '2024-03-13 08:00:00' },
      { number: 'INC0000002', short_description: 'b', state: 'Closed', opened_at: '2024-03-14 08:00:00' },
    ] }));
    const dry = await planIngest({ paths: [path] });
    const tmp = dry.files[0]!.head.path;
    expect(tmp).not.toBe(path);
    expect(existsSync(tmp)).toBe(true);
    const [r] = await dryRun(dry);
    expect(r).toMatchObject({ path, rows: 2 });
    expect(existsSync(tmp)).toBe(false);
    const store = await openStore(dir);
    try {
      const plan = await planIngest({ paths: [path] });
      const csvPath = plan.files[0]!.head.path;
      const [s] = await runIngest(store, plan);
      expect(s).toMatchObject({ path, format: 'json', rows_loaded: 2 });
      expect(existsSync(csvPath)).toBe(false);
      const [u] = await ingestPaths(store, { paths: [path] });
      expect(u).toMatchObject({ status: 'unchanged', format: 'json' });
      // the limits reach the converter: 2 records over a rows limit of 1
      const other = writeFixture(dir, 'two.json', JSON.stringify([{ number: 'INC0000003' }, { number: 'INC0000004' }]));
      expect(await refusal(ingestPaths(store, { paths: [other], limits: { ...DEFAULT_LIMITS, rows: 1 } }))).toBe(
        `${other}: 2 records, over the rows limit of 1; if the file is genuine, raise it with --limit rows=4`,
      );
    } finally {
      store.close();
    }
  });

  it('a workbook sheet chosen by name', async () => {
    const dir = tempDir();
    const sheet = (id: string) => `<row r="1"><c r="A1" t="inlineStr"><is><t>number</t></is></c><c r="B1" t="inlineStr"><is><t>short_description</t></is></c><c r="C1" t="inlineStr"><is><t>opened_at</t></is></c></row>` +
      `<row r="2"><c r="A2" t="inlineStr"><is><t>${id}</t></is></c><c r="B2" t="inlineStr"><is><t>x</t></is></c><c r="C2" t="inlineStr"><is><t>2024-03-13 08:00:00</t></is></c></row>`;
    const path = writeXlsx(join(dir, 'two.xlsx'), { sheets: [{ name: 'First', rows: sheet('INC0000001') }, { name: 'Second', rows: sheet('INC0000002') }] });
    const store = await openStore(dir);
    try {
      const [s] = await ingestPaths(store, { paths: [path], sheet: 'Second' });
      expect(s).toMatchObject({ sheet: 'Second', format: 'xlsx', records: 1 });
      expect(await store.all('SELECT source_id FROM ticket')).toEqual([{ source_id: 'INC0000002' }]);
    } finally {
      store.close();
    }
  });

  it('a file feeding three tables: records per table, and one rows hash over all of them', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      const csv = [
        'Summary,Issue key,Issue id,Issue Type,Status,Priority,Created,Resolved',
        'VPN down,ITSM-1,1001,Incident,Resolved,High,25/Feb/26 10:17 PM,26/Feb/26 9:05 AM',
        'Patch DB,ITSM-3,1003,Change,Completed,Low,20/Feb/26 11:00 AM,22/Feb/26 11:00 AM',
        'VPN keeps dropping,ITSM-4,1004,Problem,Under investigation,High,26/Feb/26 10:00 AM,',
        'Fix typo,ITSM-5,1005,Bug,Open,Lowest,13/Feb/26 1:00 PM,',
      ].join('\n');
      const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'jira.csv', csv)] });
      expect(s).toMatchObject({ tool: 'jira', object: 'ticket+change+problem', records: 4, records_by_table: { ticket: 2, change: 1, problem: 1 } });
      expect(String((await store.one<{ h: string }>('SELECT rows_hash AS h FROM source_file'))!.h)).toMatch(/^4:-?\d+$/);
    } finally {
      store.close();
    }
  });
});

describe('ingest-file summary edges', () => {
  it('a loaded file with drifted headers and a reader reject: matches, warnings and rows read = loaded + rejected', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      // as in the dry-run test: 'Nummer' for number, no resolved column, line 4 one cell too many
      const path = writeFixture(dir, 'incident.csv', [
        'Nummer,short_description,state,opened_at',
        'INC0000001,a,New,2016-03-13 09:00',
        'INC0000002,b,New,2016-03-01 09:00',
        'INC0000003,c,New,2016-03-01 09:00,surplus',
      ].join('\n') + '\n');
      const [s] = await ingestPaths(store, { paths: [path] });
      expect(s).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_rejected: 1, records: 2 });
      expect(s!.column_matches!.map((m) => `${m.column}→${m.field}`)).toEqual(['Nummer→source_id', 'Nummer→kind']);
      expect(s!.header_warnings).toEqual(["ticket.resolved_at: no column found (this tool's export calls it 'resolved_at' or 'resolved'); no column is close to it"]);
      expect(await store.all('SELECT line FROM rejects')).toEqual([{ line: 4 }]);
    } finally {
      store.close();
    }
  });

  it('two files that load no record are both loaded: no rows are the same rows of nothing', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    try {
      // every row lacks its id: 0 records each, rows hash '0:0' for both
      const a = writeFixture(dir, 'a.csv', csv([',a,New,1 - Critical,2024-03-13 08:00:00,,2024-03-13 08:00:00,true']));
      const b = writeFixture(dir, 'b.csv', csv([',b,New,1 - Critical,2024-03-14 08:00:00,,2024-03-14 08:00:00,true']));
      const [x, y] = await ingestPaths(store, { paths: [a, b] });
      expect(x).toMatchObject({ status: 'loaded', records: 0, rows_rejected: 1 });
      expect(y).toMatchObject({ status: 'loaded', records: 0, rows_rejected: 1 });
      expect(y!.same_rows_as).toBeUndefined();
      expect(await store.one('SELECT count(*) AS n FROM source_file')).toEqual({ n: 2 });
    } finally {
      store.close();
    }
  });
});
