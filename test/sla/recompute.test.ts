import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { computeKpis } from '../../src/metrics/kpi.js';
import { RECONCILE_SQL } from '../../src/sla/reconcile.js';
import { explainTicket, renderExplanation } from '../../src/metrics/explain.js';
import { Store } from '../../src/store/db.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';

function config(dir: string, yaml: string) {
  const path = join(dir, 'itsm-lens.config.yaml');
  writeFileSync(path, yaml);
  return loadProjectConfig(path);
}

const OFFICE = `
calendars:
  default: office
  office:
    timezone: Europe/Amsterdam
    hours: { mon-fri: "09:00-17:00" }
    holidays: [2024-03-29]
sla:
  policies:
    - name: P3 incidents
      kind: incident
      calendar: office
      resolution: { 3: 24h }
      pause: [pending]
`;

describe('SLA policies recomputed from the data', () => {
  it('applies the target on the policy calendar, removes pauses, and explains disagreements', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    // Mon 2024-03-11 09:00 Amsterdam = 08:00 UTC. 24 business hours on 9–17 ⇒ due Wed 17:00 (16:00 UTC).
    // INC1 resolved Wed 15:00 UTC (16:00 local): met. INC2 resolved Thu 09:00 UTC (10:00 local): 25 h ⇒ breached.
    // INC3 on hold Mon 10:00–12:00 local (2 business hours), resolved Thu 10:00 local: 25 h − 2 h = 23 h ⇒ met.
    // INC4 opened Thu 2024-03-28 09:00, Fri 29 is a holiday: resolved Tue 2 Apr 09:00 local = 16 business hours ⇒ met;
    // due Tue 2 Apr 17:00 local = 15:00 UTC (summer time from Sun 31 Mar).
    const log = [
      'number,incident_state,sys_mod_count,caller_id,priority,opened_at,sys_updated_at,resolved_at,made_sla',
      'INC1,New,0,c,3 - Moderate,2024-03-11 08:00:00,2024-03-11 08:00:00,,true',
      'INC1,Resolved,1,c,3 - Moderate,2024-03-11 08:00:00,2024-03-13 15:00:00,2024-03-13 15:00:00,true',
      'INC2,New,0,c,3 - Moderate,2024-03-11 08:00:00,2024-03-11 08:00:00,,true',
      'INC2,Resolved,1,c,3 - Moderate,2024-03-11 08:00:00,2024-03-14 09:00:00,2024-03-14 09:00:00,true',
      'INC3,New,0,c,3 - Moderate,2024-03-11 08:00:00,2024-03-11 08:00:00,,false',
      'INC3,Awaiting User Info,1,c,3 - Moderate,2024-03-11 08:00:00,2024-03-11 09:00:00,,false',
      'INC3,Active,2,c,3 - Moderate,2024-03-11 08:00:00,2024-03-11 11:00:00,,false',
      'INC3,Resolved,3,c,3 - Moderate,2024-03-11 08:00:00,2024-03-14 09:00:00,2024-03-14 09:00:00,false',
      'INC4,New,0,c,3 - Moderate,2024-03-28 08:00:00,2024-03-28 08:00:00,,true',
      'INC4,Resolved,1,c,3 - Moderate,2024-03-28 08:00:00,2024-04-02 07:00:00,2024-04-02 07:00:00,true',
    ].join('\n');
    await ingestPaths(store, { paths: [writeFixture(dir, 'log.csv', log)] });
    const k = await computeKpis(store, { from: null, to: null }, { config: config(dir, OFFICE) });
    const rows = await store.all(`SELECT ticket_key, state, net_business_seconds / 3600 AS net_h, strftime(due_at, '%Y-%m-%d %H:%M') AS due
      FROM sla_result ORDER BY 1`);
    expect(rows).toEqual([
      { ticket_key: 'servicenow:INC1', state: 'met', net_h: 23, due: '2024-03-13 16:00' },
      { ticket_key: 'servicenow:INC2', state: 'breached', net_h: 25, due: '2024-03-13 16:00' },
      { ticket_key: 'servicenow:INC3', state: 'met', net_h: 23, due: '2024-03-14 10:00' },
      { ticket_key: 'servicenow:INC4', state: 'met', net_h: 16, due: '2024-04-02 15:00' }, // Thu 8 h + Mon 8 h + Tue 8 h (CEST from 31 Mar)
    ]);
    expect(k.kpis.sla_attainment).toMatchObject({ id: 'sla_attainment', value: 0.75, n: 4 });
    expect(k.kpis.sla_attainment!.alternatives![0]).toMatchObject({ id: 'sla_attainment_policy', value: 0.75, n: 4 });
    expect(k.kpis.sla_attainment!.reconciliation).toEqual({ compared: 4, agree: 2, export_met_policy_breached: 1, export_breached_policy_met: 1 });
    const rec = await store.all<{ ticket: string; reason: string }>(`SELECT ticket, reason FROM (${RECONCILE_SQL})`);
    expect(rec.map((r) => r.ticket)).toEqual(['INC2', 'INC3']);
    expect(rec[0]!.reason).toMatch(/over the policy target by 1\.0 h/);
    expect(rec[1]!.reason).toMatch(/calendar hours: the export may count calendar time/);
    // business-time KPIs on the default calendar
    expect(k.kpis.mttr_business!).toMatchObject({ n: 4, basis: 'business' });
    expect(k.kpis.mttr_business!.median).toBe(24);
    // the timeline of one ticket
    const e = await explainTicket(store, 'INC3');
    const text = renderExplanation(e, config(dir, OFFICE));
    expect(text).toMatch(/status: New → Awaiting User Info/);
    expect(text).toMatch(/SLA \(export's flag\): breached/);
    expect(text).toMatch(/SLA \(policy "P3 incidents", resolution, calendar office\): target 24 h; clock 25 h − paused 2 h = 23 h → met; due 2024-03-14 10:00 UTC/);
    await expect(explainTicket(store, 'INC404')).rejects.toThrow(/no ticket/);
    store.close();
  });

  it('agrees ticket for ticket with the generator, whose made_sla follows its stated policy', async () => {
    const dir = tempDir();
    const store = await Store.open((await fixtureDb('servicenow')).db);
    const cfg = config(dir, `
sla:
  policies:
    - name: generator policy
      kind: incident
      resolution: { 1: 4h, 2: 8h, 3: 24h, 4: 72h, 5: 120h }
`);
    const k = await computeKpis(store, { from: null, to: null }, { config: cfg });
    const r = k.kpis.sla_attainment!.reconciliation!;
    expect(r.compared).toBeGreaterThan(1400);
    expect(r.agree).toBe(r.compared);
    store.close();
  });

  it('keeps policy and business-time KPIs null with a reason when nothing is configured', async () => {
    const store = await Store.open((await fixtureDb('servicenow')).db);
    const k = await computeKpis(store, { from: null, to: null });
    expect(k.kpis.sla_response_attainment!.value).toBeNull();
    expect(k.kpis.sla_response_attainment!.reason).toMatch(/no response SLA policy/);
    expect(k.kpis.mttr_business!.reason).toMatch(/no business calendar configured/);
    expect(k.kpis.same_day_next_day!.value).toBeNull();
    store.close();
  });

  it('refuses a malformed policy with one line naming the field', () => {
    const dir = tempDir();
    expect(() => config(dir, 'sla:\n  policies:\n    - resolution: { 1: 4 hours }\n')).toThrow(/sla\.policies\[0\]\.resolution\.1: '4 hours' is not a duration/);
    expect(() => config(dir, 'sla:\n  policies:\n    - calendar: nope\n      resolution: { 1: 4h }\n')).toThrow(/calendar: 'nope' is not defined/);
    expect(() => config(dir, 'colour: blue\n')).toThrow(/unknown section colour/);
  });
});
