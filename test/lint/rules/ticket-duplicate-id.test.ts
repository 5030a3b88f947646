import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { runLint } from '../../../src/lint/index.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-duplicate-id.sql: tickets whose id appeared more than once in their file (ingest kept the
// last line and rejected the others with 'duplicate id <id>: superseded by line <n>'), matched by file and id.
describe('ticket-duplicate-id.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'INC1', file_id: 'f1', source_row: 5 }, // duplicated in f1: flagged
        { source_id: 'INC2', file_id: 'f1' },
        { source_id: 'INC1', file_id: 'f2', source_row: 9, ticket_key: 't:INC1-f2' }, // the same id in another file: not this rejection
        { source_id: 'INC3', file_id: 'f1' }, // rejected for another reason
      ],
    });
    await store.run(`INSERT INTO rejects (file_id, path, line, reason, raw_text) VALUES
      ('f1', 'a.csv', 2, 'duplicate id INC1: superseded by line 5', ''),
      ('f1', 'a.csv', 3, 'duplicate id INC1: superseded by line 5', ''),
      ('f1', 'a.csv', 4, 'unparseable opened_at ''INC3''', '')`);
  });
  afterAll(() => store.close());

  it('flags INC1 of f1 once, of 4 tickets', async () => {
    expect(await lintRule(store, 'ticket-duplicate-id')).toEqual({ applicable: true, count: 1, population: 4, ids: ['INC1'] });
    // and it is f1's INC1 (line 5), not f2's (line 9)
    const doc = await runLint(store, { only: ['ticket-duplicate-id'] });
    expect(doc.rules[0]!.samples.map((x) => x.line)).toEqual([5]);
  });
});
