/**
 * A mapping's null_values (README: "null_values: ['-', 'n/a']") turn those markers into NULL in every field:
 * a text field reads as missing, a time field as absent (not a rejected row), a vocabulary field as unknown.
 * Without them, '-' would be a category, a group and a priority of its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const MAPPING = `tool: acme-desk
object: ticket
null_values: ['-', 'n/a']
fields:
  source_id: Ticket No
  kind: { value: incident }
  opened_at: Created On
  resolved_at: Fixed
  category: Category
  assignment_group: Team
  priority: { from: Prio, vocab: prio }
vocab:
  prio: { map: { P1: 1, P2: 2, P3: 3 } }
`;

describe('a mapping’s null_values', () => {
  let store: Store | undefined;
  afterAll(() => store?.close());

  // the ingest runs inside the test (not in beforeAll), so that StrykerJS counts what it kills
  it('loads every row, with the markers as NULL in text, time and vocabulary fields', async () => {
    const dir = tempDir();
    store = await openStore(dir);
    const csv = [
      'Ticket No,Created On,Fixed,Category,Team,Prio',
      'T1,2025-03-01 09:00,2025-03-01 17:00,Network,Desk,P1',
      'T2,2025-03-02 09:00,-,-,n/a,-', // every marker
      'T3,2025-03-03 09:00, n/a ,n/a,-,n/a', // markers with spaces around them
    ].join('\n');
    await ingestPaths(store, { paths: [writeFixture(dir, 'acme.csv', csv)], mapping: writeFixture(dir, 'acme.yaml', MAPPING) });
    const rows = await store.all(
      `SELECT source_id, category, assignment_group, priority, resolved_at IS NULL AS open FROM ticket ORDER BY source_id`,
    );
    expect(rows).toEqual([
      { source_id: 'T1', category: 'Network', assignment_group: 'Desk', priority: 1, open: false },
      { source_id: 'T2', category: null, assignment_group: null, priority: null, open: true },
      { source_id: 'T3', category: null, assignment_group: null, priority: null, open: true },
    ]);
    expect((await store.one<{ n: number }>('SELECT count(*) AS n FROM rejects'))!.n).toBe(0);
  });
});
