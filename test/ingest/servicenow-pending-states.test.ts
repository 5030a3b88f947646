/**
 * Every pending state of the ServiceNow vocabulary pauses: in an event log, the time a ticket spends in it is
 * time on hold (ticket_hold), and so leaves MTTR net of hold and the SLA clock. The states are listed by hand
 * from ../shared/reference/export-formats.md (ServiceNow: 3 On Hold with hold reasons awaiting caller, problem,
 * vendor, change; task -5 Pending; the UCI event log's Awaiting User Info / Problem / Vendor / Evidence), not
 * read from src/sources/servicenow.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { computeKpis } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const PENDING = ['On Hold', 'Pending', 'Awaiting User Info', 'Awaiting Problem', 'Awaiting Vendor', 'Awaiting Evidence', 'Awaiting Change', 'Awaiting Caller', '3', '-5'];

describe('ServiceNow pending states pause the clock', () => {
  let store: Store;
  beforeAll(async () => {
    const dir = tempDir();
    store = await openStore(dir);
    // each INCn: New 08:00, the pending state 09:00, Active 11:00, Resolved 14:00 → 2 h on hold of 6 h
    const lines = ['number,incident_state,sys_mod_count,caller_id,opened_at,sys_updated_at,resolved_at'];
    PENDING.forEach((state, i) => {
      const day = `2024-03-${String(i + 1).padStart(2, '0')}`;
      const n = `INC${i + 1}`;
      lines.push(`${n},New,0,c,${day} 08:00:00,${day} 08:00:00,`);
      lines.push(`${n},${state},1,c,${day} 08:00:00,${day} 09:00:00,`);
      lines.push(`${n},Active,2,c,${day} 08:00:00,${day} 11:00:00,`);
      lines.push(`${n},Resolved,3,c,${day} 08:00:00,${day} 14:00:00,${day} 14:00:00`);
    });
    await ingestPaths(store, { paths: [writeFixture(dir, 'incident_event_log.csv', lines.join('\n'))] });
  });
  afterAll(() => store.close());

  it('holds each of the 10 states for 2 hours', async () => {
    const k = await computeKpis(store, { from: null, to: null });
    const held = await store.all<{ id: string; h: number }>(
      `SELECT t.source_id AS id, h.hold_seconds / 3600 AS h FROM ticket t JOIN ticket_hold h USING (ticket_key) ORDER BY t.opened_at`,
    );
    expect(held.map((r) => `${PENDING[Number(r.id.slice(3)) - 1]}: ${r.h} h`)).toEqual(PENDING.map((s) => `${s}: 2 h`));
    expect(k.kpis.time_on_hold).toMatchObject({ n: 10, mean: 2, share_with_hold: 1, total_hours: 20 });
    expect(k.kpis.mttr_net_of_hold).toMatchObject({ n: 10, mean: 4 }); // 6 h − 2 h
  });
});
