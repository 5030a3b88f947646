import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { computeKpis } from '../../src/metrics/kpi.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

/**
 * SLA corner cases (issue 18 item 9), every expectation derived by hand below.
 *
 * Calendar "office": Europe/Amsterdam, Mon–Fri 09:00–12:00 and 13:00–17:00 (7 business hours a day, two
 * intervals), holiday Mon 2024-04-01. DST: CET (UTC+1) until Sun 2024-03-31 02:00, CEST (UTC+2) after.
 * The export's times are UTC (ingest's default time zone).
 */
const OFFICE = `
calendars:
  default: office
  office:
    timezone: Europe/Amsterdam
    hours: { mon-fri: ["09:00-12:00", "13:00-17:00"] }
    holidays: [2024-04-01]
  sundesk:
    timezone: Europe/Amsterdam
    hours: { sun: "01:00-04:00" }
sla:
  policies:
    - name: P3 incidents
      kind: incident
      calendar: office
      resolution: { 3: 14h }
      response: { 3: 4h }
      pause: [pending]
    - name: P2 incidents
      kind: incident
      calendar: office
      resolution: { 2: 7h }
      pause: [pending]
    - name: Sunday desk
      kind: incident
      calendar: sundesk
      resolution: { 4: 2h }
      pause: [pending]
`;

function config(dir: string, yaml: string) {
  const path = join(dir, 'itsm-lens.config.yaml');
  writeFileSync(path, yaml);
  return loadProjectConfig(path);
}

const SLA_ROWS = `SELECT ticket_key, policy, sla, state, round(business_seconds / 3600, 4) AS elapsed_h,
    round(paused_business_seconds / 3600, 4) AS paused_h, round(net_business_seconds / 3600, 4) AS net_h,
    strftime(due_at, '%Y-%m-%d %H:%M') AS due
  FROM sla_result ORDER BY ticket_key, sla`;

describe('SLA corner cases', () => {
  it('cuts pauses at the SLA stop and reports an all-open policy in progress with its due time', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    // INC1 (P3): opened Thu 28 Mar 08:00 UTC = 09:00 CET; assigned 08:30 UTC (the response stop);
    //   pending 09:00 UTC (10:00 CET) → Tue 2 Apr 08:00 UTC (10:00 CEST); resolved Tue 10:00 UTC (12:00 CEST);
    //   then pending again Wed 3 Apr 07:00 UTC (09:00 CEST) → Thu 4 Apr 07:00 UTC, after the resolution stop.
    // INC2 (P2): opened Fri 29 Mar 15:00 UTC (16:00 CET), never resolved: the only ticket of policy "P2 incidents".
    const log = [
      'number,incident_state,sys_mod_count,caller_id,assigned_to,priority,opened_at,sys_updated_at,resolved_at',
      'INC1,New,0,c,,3 - Moderate,2024-03-28 08:00:00,2024-03-28 08:00:00,',
      'INC1,Active,1,c,ann,3 - Moderate,2024-03-28 08:00:00,2024-03-28 08:30:00,',
      'INC1,Awaiting User Info,2,c,ann,3 - Moderate,2024-03-28 08:00:00,2024-03-28 09:00:00,',
      'INC1,Active,3,c,ann,3 - Moderate,2024-03-28 08:00:00,2024-04-02 08:00:00,',
      'INC1,Resolved,4,c,ann,3 - Moderate,2024-03-28 08:00:00,2024-04-02 10:00:00,2024-04-02 10:00:00',
      'INC1,Awaiting User Info,5,c,ann,3 - Moderate,2024-03-28 08:00:00,2024-04-03 07:00:00,2024-04-02 10:00:00',
      'INC1,Resolved,6,c,ann,3 - Moderate,2024-03-28 08:00:00,2024-04-04 07:00:00,2024-04-02 10:00:00',
      'INC2,New,0,c,,2 - High,2024-03-29 15:00:00,2024-03-29 15:00:00,',
      // INC3 (P4, "Sunday desk", Sun 01:00–04:00 local): opened Sat 30 Mar 12:00 UTC; pending Sun 31 Mar
      // 00:30 → 01:00 UTC; resolved 01:30 UTC. Sun 31 Mar is the spring-forward day: 01:00 CET = 00:00 UTC to
      // 04:00 CEST = 02:00 UTC holds 2 business hours, not 3.
      'INC3,New,0,c,,4 - Low,2024-03-30 12:00:00,2024-03-30 12:00:00,',
      'INC3,Awaiting User Info,1,c,,4 - Low,2024-03-30 12:00:00,2024-03-31 00:30:00,',
      'INC3,Active,2,c,,4 - Low,2024-03-30 12:00:00,2024-03-31 01:00:00,',
      'INC3,Resolved,3,c,,4 - Low,2024-03-30 12:00:00,2024-03-31 01:30:00,2024-03-31 01:30:00',
    ].join('\n');
    await ingestPaths(store, { paths: [writeFixture(dir, 'log.csv', log)] });
    // As of Tue 2 Apr 12:00 UTC (14:00 CEST): INC1 is resolved, INC2 still running.
    const k = await computeKpis(store, { from: '2024-03-25T00:00:00Z', to: '2024-04-02T12:00:00Z' }, { config: config(dir, OFFICE) });
    const rows = await store.all(SLA_ROWS);
    expect(rows).toEqual([
      // INC1 resolution, 14 h target. Elapsed Thu 09:00 CET → Tue 12:00 CEST: Thu 7 h + Fri 7 h + Mon 0 (holiday)
      //   + Tue 09–12 3 h = 17 h. Paused Thu 10:00 → Tue 10:00: Thu 10–12 2 h + 13–17 4 h + Fri 7 h + Mon 0
      //   + Tue 09–10 1 h = 14 h. Net 17 − 14 = 3 h ≤ 14 h: met.
      //   Due: 1 h worked before the pause (Thu 09–10), 13 h left from Tue 10:00 CEST: Tue 10–12 2 h + 13–17 4 h
      //   (7 h), Wed 7 h (14 h) → Wed 3 Apr 17:00 CEST = 15:00 UTC. The pause Wed 09:00 → Thu 09:00 comes after
      //   the resolution: counted, it would push the due time by Wed's 7 h to Thu 4 Apr 17:00 CEST (15:00 UTC).
      { ticket_key: 'servicenow:INC1', policy: 'P3 incidents', sla: 'resolution', state: 'met', elapsed_h: 17, paused_h: 14, net_h: 3, due: '2024-04-03 15:00' },
      // INC1 response, 4 h target: stopped at the assignment, Thu 09:30 CET: 0.5 h, met. Due Thu 09:00 CET + 4 h:
      //   09–12 3 h + 13–14 1 h → Thu 14:00 CET = 13:00 UTC. The pending span after the answer (from Thu 10:00 CET)
      //   would have pushed it by its 14 business hours to Tue 2 Apr 14:00 CEST (12:00 UTC), past the answer.
      { ticket_key: 'servicenow:INC1', policy: 'P3 incidents', sla: 'response', state: 'met', elapsed_h: 0.5, paused_h: 0, net_h: 0.5, due: '2024-03-28 13:00' },
      // INC2 resolution, 7 h target, still open as of Tue 14:00 CEST: elapsed Fri 16–17 1 h + Mon 0 (holiday)
      //   + Tue 09–12 3 h + 13–14 1 h = 5 h < 7 h: in progress. Due: Fri 1 h, Tue 09–12 3 h (4 h), 13–16 3 h (7 h)
      //   → Tue 2 Apr 16:00 CEST = 14:00 UTC (the start was in CET, the due time is in CEST).
      { ticket_key: 'servicenow:INC2', policy: 'P2 incidents', sla: 'resolution', state: 'in_progress', elapsed_h: 5, paused_h: 0, net_h: 5, due: '2024-04-02 14:00' },
      // INC3 resolution, 2 h target: opened outside hours, the clock starts Sun 00:00 UTC. Elapsed 00:00 → 01:30
      //   UTC = 1.5 h, paused 00:30 → 01:00 = 0.5 h, net 1 h ≤ 2 h: met. Due: 0.5 h worked before the pause,
      //   1.5 h left from 01:00 UTC; Sunday's hours end at 02:00 UTC after 1 h, the last 0.5 h falls on Sun 7 Apr
      //   01:00–01:30 CEST = Sat 6 Apr 23:00–23:30 UTC. (On a Sunday without the change, 3 h would fit that day.)
      { ticket_key: 'servicenow:INC3', policy: 'Sunday desk', sla: 'resolution', state: 'met', elapsed_h: 1.5, paused_h: 0.5, net_h: 1, due: '2024-04-06 23:30' },
    ]);
    expect(k.kpis.sla_attainment).toMatchObject({ id: 'sla_attainment_policy', value: 1, n: 2, met: 2, in_progress: 1 });
    expect(k.kpis.sla_response_attainment).toMatchObject({ value: 1, n: 1, met: 1 });
    store.close();
  });

  it('takes the "as of" instant after a first response later than every other time', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    // A snapshot with no update time. INC7 (P3): opened Mon 25 Mar 08:00 UTC (09:00 CET), first response
    // 10:00 UTC (11:00 CET), the latest time in the file. INC8 opened 09:30 UTC, not yet answered.
    // Without a period the "as of" is just after 10:00 UTC. INC7's response: 09:00 → 11:00 CET = 2 h ≤ 4 h: met,
    // due 09:00 + 4 h = 09–12 3 h + 13–14 1 h → 14:00 CET = 13:00 UTC. (An "as of" of 09:30 UTC, the latest
    // other time, would leave it in progress at 1.5 h.) INC8: 10:30 → 11:00 CET = 0.5 h, in progress; due
    // 10:30 + 4 h = 10:30–12 1.5 h + 13–15:30 2.5 h → 15:30 CET = 14:30 UTC.
    const csv = ['id,prio,opened,responded', 'INC7,P3,2024-03-25 08:00:00,2024-03-25 10:00:00', 'INC8,P3,2024-03-25 09:30:00,'].join('\n');
    const mapping = writeFixture(dir, 'mapping.yaml', `tool: acme
object: ticket
fields:
  source_id: id
  kind: { value: incident }
  opened_at: opened
  first_response_at: responded
  priority: { from: prio, vocab: prio }
vocab:
  prio: { map: { P3: 3 } }
`);
    await ingestPaths(store, { paths: [writeFixture(dir, 'tickets.csv', csv)], mapping });
    const k = await computeKpis(store, { from: null, to: null }, { config: config(dir, OFFICE) });
    const rows = await store.all(`SELECT ticket_key, state, round(net_business_seconds / 3600, 4) AS net_h, strftime(due_at, '%Y-%m-%d %H:%M') AS due
      FROM sla_result WHERE sla = 'response' ORDER BY 1`);
    expect(rows).toEqual([
      { ticket_key: 'acme:INC7', state: 'met', net_h: 2, due: '2024-03-25 13:00' },
      { ticket_key: 'acme:INC8', state: 'in_progress', net_h: 0.5, due: '2024-03-25 14:30' },
    ]);
    expect(k.kpis.sla_response_attainment).toMatchObject({ value: 1, n: 1, met: 1, in_progress: 1 });
    // both open tickets are in progress on the resolution SLA too, with their due times: 14 business hours
    // from Mon 09:00 CET = Mon 7 h + Tue 7 h → Tue 17:00 CET (16:00 UTC); from 10:30 → Wed 10:30 CET (09:30 UTC)
    const res = await store.all(`SELECT ticket_key, state, strftime(due_at, '%Y-%m-%d %H:%M') AS due FROM sla_result WHERE sla = 'resolution' ORDER BY 1`);
    expect(res).toEqual([
      { ticket_key: 'acme:INC7', state: 'in_progress', due: '2024-03-26 16:00' },
      { ticket_key: 'acme:INC8', state: 'in_progress', due: '2024-03-27 09:30' },
    ]);
    // the export carries no SLA flag, so the policy is the alternative; its two tickets are in progress
    expect(k.kpis.sla_attainment!.alternatives![0]).toMatchObject({ id: 'sla_attainment_policy', value: null, n: 0, in_progress: 2 });
    expect(k.kpis.sla_attainment!.alternatives![0]!.reason).toBe('no incident in the period whose policy SLA has ended (2 still in progress: kpi --explain TICKET shows each due time)');
    store.close();
  });
});
