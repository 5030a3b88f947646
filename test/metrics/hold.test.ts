import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { computeKpis } from '../../src/metrics/kpi.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

describe('time on hold and time to resolve net of hold, from an event log', () => {
  it('times the pending periods between updates, clipped to opened → resolved', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    // INC1: opened 08:00, on hold 09:00 → 11:00 (2 h), resolved 14:00: gross 6 h, net 4 h.
    // INC2: opened 08:00, never on hold, resolved 09:30: gross = net = 1.5 h.
    const log = [
      'number,incident_state,sys_mod_count,caller_id,opened_at,sys_updated_at,resolved_at,made_sla',
      'INC1,New,0,c,2024-03-01 08:00:00,2024-03-01 08:00:00,,true',
      'INC1,Awaiting User Info,1,c,2024-03-01 08:00:00,2024-03-01 09:00:00,,true',
      'INC1,Active,2,c,2024-03-01 08:00:00,2024-03-01 11:00:00,,true',
      'INC1,Resolved,3,c,2024-03-01 08:00:00,2024-03-01 14:00:00,2024-03-01 14:00:00,true',
      'INC2,New,0,c,2024-03-02 08:00:00,2024-03-02 08:00:00,,true',
      'INC2,Resolved,1,c,2024-03-02 08:00:00,2024-03-02 09:30:00,2024-03-02 09:30:00,true',
    ].join('\n');
    await ingestPaths(store, { paths: [writeFixture(dir, 'log.csv', log)] });
    const k = await computeKpis(store, { from: null, to: null });
    expect(k.kpis.time_on_hold).toMatchObject({ n: 2, mean: 1, median: 1, share_with_hold: 0.5, total_hours: 2 });
    expect(k.kpis.mttr_net_of_hold).toMatchObject({ n: 2, mean: 2.75, median: 2.75 });
    expect(k.kpis.mttr).toMatchObject({ n: 2, mean: 3.75 });
    store.close();
  });

  it('is null with a reason when the export has no history', async () => {
    const store = await openStore(tempDir());
    const k = await computeKpis(store, { from: null, to: null });
    expect(k.kpis.time_on_hold!.n).toBe(0);
    expect(k.kpis.time_on_hold!.reason).toMatch(/event history/);
    store.close();
  });
});
