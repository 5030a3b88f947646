import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-sla-flag-inconsistent.sql: the export's SLA flag contradicts its own due date: met but resolved
// after it, or breached but resolved at or before it.
describe('ticket-sla-flag-inconsistent.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        { source_id: 'T1', sla_met: true, due_at: '2024-03-04 10:00:00', resolved_at: '2024-03-04 10:00:01' }, // met, late: flagged
        { source_id: 'T2', sla_met: true, due_at: '2024-03-04 10:00:00', resolved_at: '2024-03-04 10:00:00' }, // met at the due time
        { source_id: 'T3', sla_met: false, due_at: '2024-03-04 10:00:00', resolved_at: '2024-03-04 10:00:00' }, // breached at the due time: flagged
        { source_id: 'T4', sla_met: false, due_at: '2024-03-04 10:00:00', resolved_at: '2024-03-04 10:00:01' }, // breached, late
        { source_id: 'T5', sla_met: true, due_at: '2024-03-04 10:00:00' }, // open: out of scope
      ],
    });
  });
  afterAll(() => store.close());

  it('flags T1 and T3 of the 4 resolved tickets with a flag and a due date', async () => {
    expect(await lintRule(store, 'ticket-sla-flag-inconsistent')).toEqual({ applicable: true, count: 2, population: 4, ids: ['T1', 'T3'] });
  });
});
