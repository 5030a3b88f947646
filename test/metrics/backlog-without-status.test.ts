/**
 * Backlog when the export maps no status (issue 18, item 8): the README's own mapping example has no status
 * field, so every status is NULL. A NULL status made each ticket neither open nor closed and the backlog 0.
 * Open or closed now follows the resolved time. 20 tickets, 16 resolved, 4 never: the backlog at the data's
 * end is 4 (derived by hand: the 4 unresolved were all opened before the latest time in the data).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, kpiJson, tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-backlog-nostatus-');
// the mapping exactly as README.md shows it
const MAPPING = `tool: acme-desk            # recorded as the source tool and used in keys
extends: servicenow        # optional: reuse a built-in tool's vocabularies
object: ticket             # ticket | change | problem | asset
null_values: ['-', 'n/a']
fields:
  source_id: Ticket No
  kind: { value: incident }
  opened_at: [Created On, Logged]
  resolved_at: Fixed
  priority: { from: Prio, vocab: prio }
  sla_met: { from: In SLA, vocab: bool }
vocab:
  prio: { map: { P1: 1, P2: 2, P3: 3, P4: 4 } }
`;

describe('backlog without a status column', () => {
  it('counts the unresolved tickets: 4 of 20', () => {
    const rows = Array.from({ length: 20 }, (_, i) => {
      const d = String(i + 1).padStart(2, '0');
      const fixed = i < 16 ? `2025-03-${d} 17:00` : '-';
      return `T${100 + i},2025-03-${d} 09:00,${fixed},P${(i % 4) + 1},${i % 3 ? 'yes' : 'no'}`;
    });
    const csv = writeFixture(dir, 'acme.csv', ['Ticket No,Created On,Fixed,Prio,In SLA', ...rows].join('\n') + '\n');
    const m = writeFixture(dir, 'acme.yaml', MAPPING);
    const db = join(dir, 'acme.duckdb');
    const r = cli(['ingest', '--db', db, '--mapping', m, csv]);
    expect(r.code, r.stderr).toBe(0);
    const k = kpiJson(db);
    expect(k.counts.incidents).toBe(20);
    expect(k.kpis.backlog).toMatchObject({ value: 4, n: 4, excluded_undated: 0 });
    expect(k.kpis.backlog.variant).toMatch(/open or closed by its resolved and closed times/);
  });
});
