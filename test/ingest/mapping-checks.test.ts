/**
 * Mappings are checked (issue 17, item 5). A misspelt column, a vocabulary that does not exist, and an enum
 * field read without a vocabulary from values that are not canonical all used to load with exit 0 (MTTR
 * quietly n/a, `Open` stored as a canonical status). Each now stops with one line and exit 2, and nothing is
 * written: no database created, and an existing one keeps exactly what it held.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { cli, tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-mapping-checks-');
const csv = writeFixture(
  dir,
  'desk.csv',
  [
    'Ticket No,Summary,Created,Fixed,State,Prio',
    'T-1,Printer,2025-03-01 09:00,2025-03-01 10:00,Open,P1',
    'T-2,Mail,2025-03-02 09:00,2025-03-02 12:00,Closed,P2',
    'T-3,VPN,2025-03-03 09:00,,Closed,P2',
    'T-4,Disk,2025-03-04 09:00,,On Hold,P3',
  ].join('\n') + '\n',
);
/** `lines` are fields; those after a 'vocab:' item are vocabularies besides prio and state. */
const mapping = (name: string, lines: string[]) => {
  const v = lines.includes('vocab:') ? lines.indexOf('vocab:') : lines.length;
  const fields = lines.slice(0, v);
  const vocab = lines.slice(v + 1);
  return writeFixture(dir, name, ['tool: acme', 'object: ticket', 'fields:', '  source_id: Ticket No', '  title: Summary', '  opened_at: Created', '  kind: { value: incident }', ...fields, 'vocab:', '  prio: { map: { P1: 1, P2: 2, P3: 3 } }', '  state: { map: { open: new, closed: closed, on hold: pending } }', ...vocab].join('\n') + '\n');
};

const lastLine = (s: string) => s.trim().split('\n').at(-1)!;

async function counts(db: string): Promise<Record<string, unknown>> {
  const s = await Store.open(db, { readOnly: true });
  try {
    return (await s.one('SELECT (SELECT count(*) FROM ticket) AS tickets, (SELECT count(*) FROM source_file) AS files, (SELECT count(*) FROM rejects) AS rejects'))!;
  } finally {
    s.close();
  }
}

describe('a --mapping file is checked against the export', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'a column the file lacks names the nearest column and lists the header',
      ['  resolved_at: Fixd', '  status: { from: State, vocab: state }'],
      /desk\.csv: --mapping .*case-\d+\.yaml: fields\.resolved_at names the column 'Fixd', which is not in the header \(nearest: 'Fixed'\); the file's columns are 'Ticket No', 'Summary', 'Created', 'Fixed', 'State', 'Prio'$/,
    ],
    [
      'a list of alternatives none of which is there',
      ['  resolved_at: [Solved, Resolved On]'],
      /fields\.resolved_at names the columns 'Solved' or 'Resolved On', none of which is in the header; the file's columns are/,
    ],
    [
      'a vocabulary that does not exist lists the vocabularies',
      ['  priority: { from: Prio, vocab: priority }'],
      /fields\.priority: vocabulary 'priority' is not defined under vocab \(defined: bool, leading_int, prio, state\); extends: TOOL adds/,
    ],
    [
      'a vocabulary pattern that is not a regular expression',
      ['  status: { from: State, vocab: bad }', 'vocab:', "  bad: { patterns: [['(open', new]] }"],
      /vocab 'bad': pattern "\(open" is not a regular expression \(\/\(open\/: Unterminated group\)$/,
    ],
    [
      'an enum field without a vocabulary names the values that are not canonical, with counts',
      ['  status: State'],
      /fields\.status reads 'State' without a vocabulary, and 3 values are not canonical status values \('Closed' ×2, 'On Hold' ×1, 'Open' ×1\); write one, e.g\. status: \{ from: State, vocab: status \}.*mapping to new \| assigned \| in_progress \| pending \| resolved \| closed \| cancelled \| other$/,
    ],
  ];
  it.each(cases)('%s: exit 2, one line, no database created', (name, lines, message) => {
    const m = mapping(`case-${name.length}.yaml`, lines);
    const db = join(dir, `${name.length}.duckdb`);
    const r = cli(['ingest', '--db', db, '--mapping', m, csv]);
    expect(r.code, r.stderr).toBe(2);
    expect(lastLine(r.stderr)).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(db)).toBe(false);
  });

  it('leaves an existing database exactly as it was', async () => {
    const db = join(dir, 'kept.duckdb');
    const other = writeFixture(dir, 'april.csv', 'Ticket No,Summary,Created,State\nT-9,Phone,2025-04-01 09:00,Open\n');
    expect(cli(['ingest', '--db', db, '--mapping', mapping('april.yaml', ['  status: { from: State, vocab: state }']), other]).code).toBe(0);
    const before = await counts(db);
    const r = cli(['ingest', '--db', db, '--mapping', mapping('enum.yaml', ['  status: State']), csv]);
    expect(r.code, r.stderr).toBe(2);
    expect(await counts(db)).toEqual(before);
    expect(before).toEqual({ tickets: 1, files: 1, rejects: 0 });
  });

  it('loads when every column is found and an enum column already holds canonical values', async () => {
    const canonical = writeFixture(dir, 'canonical.csv', 'Ticket No,Summary,Created,Fixed,State,Prio\nT-1,a,2025-03-01 09:00,,new,P1\nT-2,b,2025-03-02 09:00,2025-03-02 10:00,closed,P2\n');
    const m = mapping('canonical.yaml', ['  resolved_at: [Solved, Fixed]', '  status: State', '  priority: { from: Prio, vocab: prio }']);
    const db = join(dir, 'canonical.duckdb');
    const r = cli(['ingest', '--db', db, '--mapping', m, canonical]);
    expect(r.code, r.stderr).toBe(0);
    const s = await Store.open(db, { readOnly: true });
    try {
      expect(await s.all('SELECT source_id, status, priority, resolved_at IS NOT NULL AS resolved FROM ticket ORDER BY 1')).toEqual([
        { source_id: 'T-1', status: 'new', priority: 1, resolved: false },
        { source_id: 'T-2', status: 'closed', priority: 2, resolved: true },
      ]);
    } finally {
      s.close();
    }
  });

  it('sources --fields lists each enum field’s values and the vocabularies a mapping can name', () => {
    const r = cli(['sources', '--fields', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.enum_values.ticket.status).toEqual(['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed', 'cancelled', 'other']);
    expect(doc.enum_values.change.outcome).toContain('backed_out');
    expect(doc.vocabularies.builtin).toEqual(['bool', 'leading_int']);
    expect(doc.vocabularies.by_tool.servicenow).toContain('ticket_status');
    const text = cli(['sources', '--fields']).stdout;
    expect(text).toMatch(/^ {2}kind {21}enum {6}one of incident, service_request, interaction, other$/m);
    expect(text).toMatch(/vocabularies every mapping can name: bool, leading_int/);
  });
});
