/**
 * The load matches the texts a sample of the rows holds before a vocabulary's chain (load-records.ts,
 * vocabLookups): every row still gets the value the chain gives its text, whether the sample held that text or
 * not. 30,000 rows, so the sample (~8,000 rows) misses most of the 40 one-off priorities.
 */
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const HEADER = 'number,short_description,state,priority,impact,urgency,contact_type,opened_at,sys_updated_on,made_sla';
const STATES = ['Closed', 'Resolved', 'In Progress', 'CLOSED', 'Awaiting Vendor', 'Weird state', ''];
const WORDS: Record<string, string | null> = { Closed: 'closed', Resolved: 'resolved', 'In Progress': 'in_progress', CLOSED: 'closed', 'Awaiting Vendor': 'pending', 'Weird state': 'other', '': null };

describe('vocabulary texts matched from a sample', () => {
  it('gives every row the value of its text, sampled or not', async () => {
    const dir = tempDir();
    const rows: string[] = [];
    for (let i = 1; i <= 30000; i++) {
      // common texts, the rarer states every 997 rows, and 40 one-off priorities (their leading digit is the value)
      const state = i % 997 === 0 ? STATES[(i / 997) % STATES.length]! : STATES[i % 3]!;
      const priority = i % 750 === 0 ? `${(i / 750) % 5 + 1} - one-off ${i}` : ['1 - Critical', '3 - Moderate', '4 - Low'][i % 3]!;
      const sla = ['true', 'false', 'TRUE', 'ja', ''][i % 5]!;
      rows.push(`INC${String(i).padStart(7, '0')},t,${state},${priority},2 - Medium,2 - Medium,${i % 2 ? 'Phone' : 'E-Mail'},2024-03-13 08:00:00,2024-03-13 09:00:00,${sla}`);
    }
    const store = await openStore(dir);
    const [s] = await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', [HEADER, ...rows].join('\n') + '\n')] });
    expect(s).toMatchObject({ rows_read: 30000, rows_loaded: 30000, rows_rejected: 0 });
    const got = await store.all<{ status_raw: string | null; status: string | null; priority_raw: string; priority: number; sla_met_raw: string | null; sla_met: boolean | null; channel: string; n: number }>(
      `SELECT status_raw, status, priority_raw, priority, sla_met_raw, sla_met, channel, count(*) AS n FROM ticket GROUP BY ALL`,
    );
    for (const r of got) {
      expect(r.status).toBe(WORDS[r.status_raw ?? '']);
      expect(r.priority).toBe(Number(r.priority_raw[0]));
      expect(r.sla_met).toBe(r.sla_met_raw === null ? null : ['true', 'ja'].includes(r.sla_met_raw.toLowerCase()));
    }
    expect(new Set(got.map((r) => r.channel))).toEqual(new Set(['phone', 'email']));
    expect(new Set(got.map((r) => r.priority_raw)).size).toBe(43);
    expect(new Set(got.map((r) => r.status_raw)).size).toBe(STATES.length);
    store.close();
  });
});
