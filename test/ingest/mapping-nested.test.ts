/**
 * `nested` in a user's mapping file (the Statuspage adapter's option, issue 24): a JSON export whose records hold
 * arrays — comments as updates, affected services as links — ingested with `--mapping`. Expected by hand from
 * the file below:
 * - T-1: comments c1 (10:20, Investigating, by Ops) and c2 (12:00, Solved, by Lee) → 2 communication events,
 *   statuses in_progress and resolved through the mapping's own vocabulary, first_response_at 10:20 (the earliest);
 *   services Checkout, Payments (2 links; the ticket's service the first, Checkout).
 * - T-2: no comments (an empty array): no event, no first response; service Mail (1 link).
 * - T-3: neither key: nothing nested, service null.
 * So 3 tickets loaded, 0 rejected, 2 events, 3 links; the array columns are consumed, not kept in `extra`.
 * The checks: an unknown key under nested, a missing required key, a key that is not a JSON key, a vocabulary
 * not defined, updates on a change mapping, and an array column not in the file each stop with one line.
 */
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { loadMappingFile } from '../../src/ingest/mapping-file.js';
import { UserError } from '../../src/errors.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const RECORDS = [
  {
    key: 'T-1', title: 'Checkout down', state: 'Solved', opened: '2025-03-03T10:00:00Z', resolved: '2025-03-03T12:30:00Z',
    comments: [
      { id: 'c2', posted_at: '2025-03-03T12:00:00Z', state: 'Solved', author: { name: 'Lee' } },
      { id: 'c1', posted_at: '2025-03-03T10:20:00Z', state: 'Investigating', author: { name: 'Ops' } },
    ],
    affected_services: [{ name: 'Checkout' }, { name: 'Payments' }],
  },
  { key: 'T-2', title: 'Mail slow', state: 'Investigating', opened: '2025-03-04T09:00:00Z', comments: [], affected_services: [{ name: 'Mail' }] },
  { key: 'T-3', title: 'Printer', state: 'Investigating', opened: '2025-03-05T09:00:00Z' },
];

const MAPPING = `tool: acme-json
object: ticket
fields:
  source_id: key
  title: title
  kind: { value: incident }
  opened_at: opened
  resolved_at: resolved
  status: { from: state, vocab: st }
vocab:
  st: { map: { investigating: in_progress, solved: resolved } }
nested:
  updates: { column: comments, time: posted_at, status: state, vocab: st, actor: author.name }
  services: { column: affected_services, name: name }
`;

describe('nested in a user mapping file', () => {
  it('ingests a nested JSON export: updates → events, services → links, the first comment the first response', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'acme.json', JSON.stringify(RECORDS))], mapping: writeFixture(dir, 'acme.yaml', MAPPING) });
    expect(s).toMatchObject({ tool: 'acme-json', rows_read: 3, rows_loaded: 3, rows_rejected: 0 });
    expect(await store.all(`SELECT source_id, service, status, strftime(first_response_at, '%H:%M') AS fr, extra FROM ticket ORDER BY 1`)).toEqual([
      { source_id: 'T-1', service: 'Checkout', status: 'resolved', fr: '10:20', extra: null },
      { source_id: 'T-2', service: 'Mail', status: 'in_progress', fr: null, extra: null },
      { source_id: 'T-3', service: null, status: 'in_progress', fr: null, extra: null },
    ]);
    expect(await store.all(`SELECT t.source_id, l.service FROM ticket_service l JOIN ticket t USING (ticket_key) ORDER BY 1, 2`)).toEqual([
      { source_id: 'T-1', service: 'Checkout' }, { source_id: 'T-1', service: 'Payments' }, { source_id: 'T-2', service: 'Mail' },
    ]);
    expect(await store.all(`SELECT event_type, actor, new_value, status, strftime(event_time, '%H:%M') AS at FROM ticket_event ORDER BY event_time`)).toEqual([
      { event_type: 'communication', actor: 'Ops', new_value: 'Investigating', status: 'in_progress', at: '10:20' },
      { event_type: 'communication', actor: 'Lee', new_value: 'Solved', status: 'resolved', at: '12:00' },
    ]);
    store.close();
  });

  it('refuses a wrong nested block with one line naming the key', async () => {
    const dir = tempDir();
    const load = (yaml: string) => loadMappingFile(writeFixture(dir, `m${Math.random().toString(36).slice(2)}.yaml`, yaml));
    const base = MAPPING.replace(/nested:[^]*$/, '');
    await expect(load(`${base}nested:\n  updates: { colum: comments, time: t, status: s, vocab: st }\n`)).rejects.toThrow(/nested\.updates: unknown key colum \(known: column, id, time, status, vocab, actor\)/);
    await expect(load(`${base}nested:\n  services: { column: svc }\n`)).rejects.toThrow(/nested\.services\.name is missing/);
    await expect(load(`${base}nested:\n  services: { column: svc, name: "$[*].name" }\n`)).rejects.toThrow(/nested\.services\.name must be a key of the array's elements, or a dotted path into them/);
    await expect(load(`${base}nested:\n  updates: { column: c, time: t, status: s, vocab: nope }\n`)).rejects.toThrow(/nested\.updates: vocabulary 'nope' is not defined under vocab \(defined: .*st/);
    const change = 'object: change\nfields:\n  source_id: key\n  title: title\nvocab:\n  st: { map: { solved: closed } }\n';
    await expect(load(`${change}nested:\n  updates: { column: c, time: t, status: s, vocab: st }\n`)).rejects.toThrow(/nested\.updates: updates become ticket events, so object must be ticket \(here change\)/);
    await expect(load(`${base}nestd:\n  services: { column: svc, name: name }\n`)).rejects.toThrow(/unknown key nestd/);
    await expect(load(`${base}nested: {}\n`)).rejects.toThrow(UserError);
  });

  it('an array column the file does not have stops the ingest before anything is written', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    const mapping = writeFixture(dir, 'acme.yaml', MAPPING.replace('column: affected_services', 'column: affected_service'));
    await expect(ingestPaths(store, { paths: [writeFixture(dir, 'acme.json', JSON.stringify(RECORDS))], mapping })).rejects.toThrow(
      /--mapping .*acme\.yaml: nested\.services\.column names the column 'affected_service', which is not in the header \(nearest: 'affected_services'\)/,
    );
    expect(await store.all(`SELECT count(*)::INTEGER AS n FROM ticket`)).toEqual([{ n: 0 }]);
    store.close();
  });
});
