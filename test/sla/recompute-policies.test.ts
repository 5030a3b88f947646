/**
 * Which policy covers which ticket (kinds, services, a target for the ticket's priority; the first that covers
 * it applies), a response SLA the export cannot show, and the reconciliation with the export's own flag.
 * 24x7 calendar (none configured): business time = clock time, so each figure is hours after opening.
 *
 * Every ticket opened Mon 2025-03-03 08:00 UTC:
 *   INC1 Email    P2 resolved +6 h  → "Email and VPN" (8 h): met;      export flag false → export breached, policy met
 *   INC2 VPN      P3 resolved +30 h → "Email and VPN" (24 h): breached; export flag true → export met, policy breached
 *   INC3 Printing P3 resolved +30 h → not Email/VPN: "Rest" (48 h): met; export flag true → agree
 *   INC4 Email    P4 resolved +1 h  → no policy has a P4 target: not covered
 *   INC5 Printing P2 resolved +1 h  → "Email and VPN" is not its service, "Rest" has no P2 target: not covered
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { computeKpis } from '../../src/metrics/kpi.js';
import { writeReconcileCsv } from '../../src/sla/reconcile.js';
import type { Store } from '../../src/store/db.js';
import type { KpiDocument } from '../../src/metrics/kpi-document.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const CONFIG = `
sla:
  policies:
    - name: Email and VPN
      kind: [incident, service_request]
      services: [Email, VPN]
      resolution: { 2: 8h, 3: 24h }
      response: { 2: 1h, 3: 4h }
    - name: =Rest
      kind: incident
      resolution: { 3: 48h }
`;

const EXPORT = [
  'number,incident_state,priority,business_service,opened_at,resolved_at,made_sla',
  'INC1,Resolved,2 - High,Email,2025-03-03 08:00:00,2025-03-03 14:00:00,false',
  'INC2,Resolved,3 - Moderate,VPN,2025-03-03 08:00:00,2025-03-04 14:00:00,true',
  'INC3,Resolved,3 - Moderate,Printing,2025-03-03 08:00:00,2025-03-04 14:00:00,true',
  'INC4,Resolved,4 - Low,Email,2025-03-03 08:00:00,2025-03-03 09:00:00,true',
  'INC5,Resolved,2 - High,Printing,2025-03-03 08:00:00,2025-03-03 09:00:00,true',
].join('\n');

describe('SLA policies: coverage, response and reconciliation', () => {
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('itsm-lens-sla-policies-');
    store = await openStore(dir);
    await ingestPaths(store, { paths: [writeFixture(dir, 'incident.csv', EXPORT)] });
    writeFileSync(join(dir, 'itsm-lens.config.yaml'), CONFIG);
  });
  afterAll(() => store.close());
  // computed inside each test, not in beforeAll: StrykerJS activates a mutant for the test only
  const kpis = (): Promise<KpiDocument> => computeKpis(store, { from: null, to: null }, { config: loadProjectConfig(join(dir, 'itsm-lens.config.yaml')) });

  it('the first policy with the ticket\'s kind, service and a target for its priority applies', async () => {
    const k = await kpis();
    const rows = await store.all(`SELECT ticket_key, policy, sla, target_seconds / 3600 AS target_h, net_business_seconds / 3600 AS net_h, state
      FROM sla_result ORDER BY ticket_key, sla`);
    expect(rows).toEqual([
      { ticket_key: 'servicenow:INC1', policy: 'Email and VPN', sla: 'resolution', target_h: 8, net_h: 6, state: 'met' },
      { ticket_key: 'servicenow:INC2', policy: 'Email and VPN', sla: 'resolution', target_h: 24, net_h: 30, state: 'breached' },
      { ticket_key: 'servicenow:INC3', policy: '=Rest', sla: 'resolution', target_h: 48, net_h: 30, state: 'met' },
    ]);
    // 2 of 3 covered tickets met
    const policy = k.kpis.sla_attainment!.alternatives!.find((a) => a.id === 'sla_attainment_policy')!;
    expect(policy.n).toBe(3);
    expect(policy.value).toBeCloseTo(2 / 3, 5);
  });

  it('a response policy on an export with no response or assignment time is left out, with the reason', async () => {
    const k = await kpis();
    expect(await store.all("SELECT * FROM sla_result WHERE sla = 'response'")).toEqual([]);
    expect(k.kpis.sla_response_attainment).toMatchObject({ value: null, n: 0 });
    expect(k.kpis.sla_response_attainment!.reason).toMatch(/no ticket of its kinds with a first-response or assignment time/);
  });

  it('reconciles the export\'s flag with the policy: 3 compared, 1 agrees, 1 each way; the CSV lists the two disagreements', async () => {
    const k = await kpis();
    expect(k.kpis.sla_attainment!.reconciliation).toEqual({ compared: 3, agree: 1, export_met_policy_breached: 1, export_breached_policy_met: 1 });
    const path = join(dir, 'reconcile.csv');
    await writeReconcileCsv(store, path);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const cell = (line: string, col: string) => line.split(',')[header.indexOf(col)];
    expect(lines.slice(1).map((l) => cell(l, 'ticket')).sort()).toEqual(['INC1', 'INC2']);
    expect(lines.slice(1).map((l) => cell(l, 'policy')).sort()).toEqual(['Email and VPN', 'Email and VPN']);
  });
});

describe('SLA policies on no data', () => {
  it('an empty database: no SLA rows, no reconciliation, no error', async () => {
    const dir = tempDir('itsm-lens-sla-empty-');
    const store = await openStore(dir);
    writeFileSync(join(dir, 'itsm-lens.config.yaml'), CONFIG);
    const k = await computeKpis(store, { from: null, to: null }, { config: loadProjectConfig(join(dir, 'itsm-lens.config.yaml')) });
    expect(await store.all('SELECT * FROM sla_result')).toEqual([]);
    expect(k.kpis.sla_attainment!.reconciliation).toBeUndefined();
    store.close();
  });
});
