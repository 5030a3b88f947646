/**
 * `itsm-lens map` (issue 17.4) on exports no adapter knows: the draft names the id, the dates with their
 * format, vocabularies from the distinct values, each with its evidence, and `ingest --mapping draft` then
 * loads the file without edits. Expected values are read off the small files by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Store } from '../../src/store/db.js';
import { draftMapping, writeDraft } from '../../src/ingest/draft-mapping.js';
import { ingestPaths, planIngest } from '../../src/ingest/index.js';
import { cli, tempDir, writeFixture } from '../helpers.js';
import { DESK_CSV } from './fixtures.js';

/** Ingests `file` with the mapping `yaml` into a fresh in-memory database and hands it to `use`. */
async function ingestWith<T>(file: string, yaml: string, use: (s: Store, summary: Awaited<ReturnType<typeof ingestPaths>>[0]) => Promise<T>): Promise<T> {
  const s = await Store.open(':memory:');
  try {
    const [summary] = await ingestPaths(s, { paths: [file], mapping: yaml });
    return await use(s, summary!);
  } finally {
    s.close();
  }
}

const dir = tempDir('itsm-lens-map-');
// a home-grown helpdesk (fixtures.ts): '-' means no value in three columns, dates day first (13/01 decides it)
const desk = writeFixture(dir, 'desk.csv', DESK_CSV);

describe('itsm-lens map', () => {
  it('drafts a mapping with its evidence, and ingest --mapping loads the file with it unchanged', async () => {
    const out = join(dir, 'desk.yaml');
    const r = cli(['map', desk, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote .*desk\.yaml: check it, then itsm-lens ingest/);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/source_id: "Ticket No"\s+# unique on every row; e\.g\. "T-1"/);
    expect(text).toMatch(/opened_at: "Created On"\s+# .*dates %d\/%m\/%Y %H:%M/);
    expect(text).toMatch(/null_values: \["-"\]\s+# "-" fills 4 cells/);
    expect(text).toMatch(/kind: \{ value: "incident" \}\s+# assumed/);
    const doc = parse(text);
    expect(doc.fields.resolved_at).toBe('Resolved On');
    expect(doc.vocab.status.map).toEqual({ Closed: 'closed', Resolved: 'resolved', Open: 'new', 'Awaiting caller': 'pending' });
    expect(doc.vocab.priority.map).toEqual({ Critical: 1, High: 2, Medium: 3, Low: 4 });

    await ingestWith(desk, out, async (s, summary) => {
      expect(summary).toMatchObject({ rows_read: 5, rows_loaded: 5, rows_rejected: 0 });
      // by hand: T-1 2 h, T-2 24 h, T-4 6 h to resolution; T-3 and T-5 open
      expect(await s.all(`SELECT source_id, kind, status, priority, requester, date_diff('minute', opened_at, resolved_at) / 60 AS hours FROM ticket ORDER BY source_id`)).toEqual([
        { source_id: 'T-1', kind: 'incident', status: 'closed', priority: 2, requester: 'ann', hours: 2 },
        { source_id: 'T-2', kind: 'incident', status: 'resolved', priority: 4, requester: 'bob', hours: 24 },
        { source_id: 'T-3', kind: 'incident', status: 'new', priority: 3, requester: null, hours: null },
        { source_id: 'T-4', kind: 'incident', status: 'closed', priority: 1, requester: 'dan', hours: 6 },
        { source_id: 'T-5', kind: 'incident', status: 'pending', priority: 4, requester: 'eve', hours: null },
      ]);
    });
  });

  it('makes an event log of rows that repeat an id with an update counter', async () => {
    const log = writeFixture(dir, 'log.csv', [
      'Case,Version,Modified,State,Opened',
      'A1,1,01/02/2024 08:00,New,01/02/2024 08:00',
      'A1,2,01/02/2024 09:30,Resolved,01/02/2024 08:00',
      'B2,1,13/02/2024 10:00,New,13/02/2024 10:00',
      'B2,2,13/02/2024 11:00,In Progress,13/02/2024 10:00',
    ].join('\n') + '\n');
    const d = await draftMapping(log);
    expect(d.yaml).toMatch(/object: event_log\s+# 'Case' repeats \(2 distinct in 4 rows\); 'Case' \+ 'Version' is unique/);
    expect(parse(d.yaml).event_log).toEqual({ seq: 'Version', time: 'Modified' });
    const yaml = writeFixture(dir, 'log.yaml', d.yaml);
    await ingestWith(log, yaml, async (s) => {
      expect(await s.all(`SELECT source_id, status FROM ticket ORDER BY 1`)).toEqual([
        { source_id: 'A1', status: 'resolved' },
        { source_id: 'B2', status: 'in_progress' },
      ]);
    });
  });

  it('keeps an existing --out file unless --force', () => {
    const out = writeFixture(dir, 'mine.yaml', '# my edits\n');
    expect(() => writeDraft(out, 'draft\n', false)).toThrow(`--out ${out}: the file exists; pass --force to replace it, or name another file`);
    expect(readFileSync(out, 'utf8')).toBe('# my edits\n');
    writeDraft(out, 'draft\n', true);
    expect(readFileSync(out, 'utf8')).toBe('draft\n');
  });

  it('is what ingest suggests for a header no tool has', async () => {
    await expect(planIngest({ paths: [desk] })).rejects.toThrow(/header not recognised.*draft a mapping with `itsm-lens map \S*desk\.csv --out mapping\.yaml`/);
  });
});
