import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/db.js';
import { lintRule, storeWith } from './harness.js';

// src/lint/rules/ticket-priority-matrix.sql: per tool and (impact, urgency), the most frequent priority is the
// expected one (on a tie, the more urgent); tickets with another priority are flagged.
const t = (id: string, impact: number, urgency: number, priority: number, tool = 'servicenow') => ({ source_id: id, source_tool: tool, impact, urgency, priority });

describe('ticket-priority-matrix.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        t('A1', 1, 1, 1), t('A2', 1, 1, 1), t('A3', 1, 1, 2), // (1,1): 1 twice, 2 once → A3 flagged
        t('B1', 2, 2, 3), t('B2', 2, 2, 4), // (2,2): a tie 3/4 → 3 (more urgent) expected → B2 flagged
        t('C1', 1, 1, 3, 'jira'), // another tool's own matrix: alone, fine
        { source_id: 'D1', source_tool: 'servicenow', impact: 1, urgency: null, priority: 5 }, // no urgency: out of scope
      ],
    });
  });
  afterAll(() => store.close());

  it('flags A3 and B2 of the 6 tickets with impact, urgency and priority', async () => {
    expect(await lintRule(store, 'ticket-priority-matrix')).toEqual({ applicable: true, count: 2, population: 6, ids: ['A3', 'B2'] });
  });
});
