/**
 * queries/cost_per_ticket.sql under both cost models, by hand. March 2024 (1 month): 4 incidents and 2 requests
 * opened (+1 interaction, not counted): Desk a, b, c (incidents), d (request); Network e (incident), f (request).
 *   per_month 6,000 → 6,000 × 1 month ÷ 6 tickets = 1,000 each; by kind: incidents 1,000, requests 1,000.
 *   per_team_month Desk 3,000, Network 1,000 → Desk's 4 tickets 750 each, Network's 2 tickets 500 each; overall
 *   (3 × 750 + 750 + 500 + 500) ÷ 6 = 4,000 ÷ 6 = 666.67; by kind: incidents (750 × 3 + 500) ÷ 4 = 687.5,
 *   requests (750 + 500) ÷ 2 = 625. March + April (61 days ÷ 30.44 = 2.004 → 2 months, tickets only in March):
 *   per_month 6,000 × 2 ÷ 6 = 2,000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';
import { UserError } from '../../src/errors.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

let store: Store;
const dir = tempDir('itsm-lens-q-cost-');
const config = (yaml: string) => loadProjectConfig(writeFixture(dir, `c${Math.random().toString(36).slice(2)}.yaml`, yaml));
const ticket = (key: string, kind: string, group: string, day: number) =>
  `INSERT INTO ticket (ticket_key, kind, assignment_group, opened_at) VALUES ('${key}', '${kind}', '${group}', TIMESTAMPTZ '2024-03-${String(day).padStart(2, '0')} 08:00:00+00')`;

beforeAll(async () => {
  store = await openStore(dir);
  for (const sql of [
    ticket('a', 'incident', 'Desk', 1), ticket('b', 'incident', 'Desk', 2), ticket('c', 'incident', 'Desk', 3),
    ticket('d', 'service_request', 'Desk', 4), ticket('e', 'incident', 'Network', 5), ticket('f', 'service_request', 'Network', 6),
    ticket('g', 'interaction', 'Desk', 7),
  ]) await store.run(sql);
});
afterAll(() => store.close());

const byKind = (k: any) => Object.fromEntries(k.breakdowns.kind.groups.filter((g: any) => g.kpis.cost_per_ticket).map((g: any) => [g.kind, g.kpis.cost_per_ticket.value]));

describe('cost_per_ticket', () => {
  it('a monthly total: 6,000 ÷ 6 tickets = 1,000 each, the same for every kind; the model named', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['kind'], config: config('metrics:\n  cost: { per_month: 6000, currency: EUR }\n') })) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({ value: 1000, n: 6, cost: 6000, uncosted: 0, months: 1, currency: 'EUR', model: 'monthly cost 6000 EUR, shared evenly among the period\'s tickets' });
    expect(byKind(k)).toEqual({ incident: 1000, service_request: 1000 });
  });

  it('a cost per team: Desk 750 per ticket, Network 500; overall 666.67; incidents 687.5, requests 625', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['kind'], config: config('metrics:\n  cost:\n    per_team_month: { Desk: 3000, Network: 1000 }\n') })) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({ value: expect.closeTo(4000 / 6, 4), n: 6, cost: 4000 });
    expect(byKind(k)).toEqual({ incident: 687.5, service_request: 625 });
  });

  it('a team without a cost is left out and counted; two calendar months cost twice', async () => {
    let k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { config: config('metrics:\n  cost:\n    per_team_month: { Desk: 3000 }\n') })) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({ value: 750, n: 4, uncosted: 2 });
    k = (await computeKpis(store, { from: '2024-03-01T00:00:00Z', to: '2024-05-01T00:00:00Z' }, { config: config('metrics:\n  cost: { per_month: 6000 }\n') })) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({ value: 2000, months: 2 });
  });

  it('null with a reason naming the config key without a cost model; a wrong model is refused', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }))) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({ value: null, reason: 'no cost model: set metrics.cost (per_month, or per_team_month) in the project config' });
    expect(() => config('metrics:\n  cost: { per_month: -5 }\n')).toThrow(UserError);
    expect(() => config('metrics:\n  cost: { per_month: 5, per_team_month: { A: 1 } }\n')).toThrow(/needs one of per_month and per_team_month/);
    expect(() => config('metrics:\n  cost: { monthly: 5 }\n')).toThrow(/unknown key monthly/);
  });
});
