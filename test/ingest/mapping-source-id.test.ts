/**
 * A mapping's id column must exist (issue 25, item 8). A `source_id` naming a column the file lacks used to
 * switch silently to ids from the file and line, so the next export of the same tickets was stored beside
 * them (1,500 tickets became 3,000). Now the ingest stops with one line naming the column and exit 2, and
 * nothing is written; with the right column a newer export replaces the tickets.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { cli, tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-source-id-');
const rows = (status: string) =>
  ['Ticket No,Summary,Created,State', ...Array.from({ length: 5 }, (_, i) => `T-${i + 1},Printer ${i + 1},2025-03-0${i + 1} 09:00,${status}`)].join('\n') + '\n';
const mapping = (id: string) =>
  ['tool: acme', 'object: ticket', 'fields:', `  source_id: ${id}`, '  title: Summary', '  opened_at: Created', '  kind: { value: incident }'].join('\n') + '\n';

describe('a mapping whose source_id names a missing column', () => {
  it('is refused with one line naming the column, exit 2, and no database written', () => {
    const csv = writeFixture(dir, 'march.csv', rows('Open'));
    const m = writeFixture(dir, 'typo.yaml', mapping('Ticket Nr'));
    const db = join(dir, 'typo.duckdb');
    const r = cli(['ingest', '--db', db, '--mapping', m, csv]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/march\.csv: the id column 'Ticket Nr' \(source_id\) is not in the header, whose columns are 'Ticket No', 'Summary', 'Created', 'State'/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(db)).toBe(false);
  });

  it('with the right column, a second export of the same tickets replaces them instead of doubling them', async () => {
    const m = writeFixture(dir, 'ok.yaml', mapping('Ticket No'));
    const db = join(dir, 'ok.duckdb');
    for (const [name, status] of [['a.csv', 'Open'], ['b.csv', 'Closed']] as const) {
      const r = cli(['ingest', '--db', db, '--mapping', m, writeFixture(dir, name, rows(status))]);
      expect(r.code, r.stderr).toBe(0);
    }
    const s = await Store.open(db, { readOnly: true });
    try {
      expect(await s.one('SELECT count(*) AS n, count(DISTINCT source_id) AS ids FROM ticket')).toEqual({ n: 5, ids: 5 });
    } finally {
      s.close();
    }
  });
});
