/**
 * queries/cost_per_ticket.sql under both cost models, by hand. March 2024 (1 month): 4 incidents and 2 requests
 * opened (+1 interaction, not counted): Desk a, b, c (incidents), d (request); Network e (incident), f (request).
 *   per_month 6,000 → 6,000 × 1 month ÷ 6 tickets = 1,000 each; by kind: incidents 1,000, requests 1,000.
 *   per_team_month Desk 3,000, Network 1,000 → Desk's 4 tickets 750 each, Network's 2 tickets 500 each; overall
 *   (3 × 750 + 750 + 500 + 500) ÷ 6 = 4,000 ÷ 6 = 666.67; by kind: incidents (750 × 3 + 500) ÷ 4 = 687.5,
 *   requests (750 + 500) ÷ 2 = 625. March + April (61 days ÷ 30.44 = 2.004 → 2 months, tickets only in March):
 *   per_month 6,000 × 2 ÷ 6 = 2,000.
 * hourly_rate 60 EUR × time worked (handle_time_hours): a 1.5 h → 90, b 0.5 h → 30, c none (uncosted, not 0),
 *   d 2 h → 120, e 0.25 h → 15, f 1 h → 60 (g, an interaction with 3 h, is not counted): 5 costed, 1 uncosted,
 *   cost 90 + 30 + 120 + 15 + 60 = 315, hours 1.5 + 0.5 + 2 + 0.25 + 1 = 5.25, per ticket 315 ÷ 5 = 63;
 *   by kind: incidents (90 + 30 + 15) ÷ 3 = 45, requests (120 + 60) ÷ 2 = 90. May: tickets h, i with no time
 *   worked → null, the reason naming what is missing.
 * per_channel_month phone 3,000, email 1,000, portal 500, walk_in 800 EUR; channels a phone, b phone, c email,
 *   d portal, e email, f chat (g, the interaction, phone: not counted, so phone has 2 tickets, not 3):
 *   phone 3,000 ÷ 2 = 1,500 each (a, b); email 1,000 ÷ 2 = 500 each (c, e); portal 500 ÷ 1 = 500 (d); f's chat
 *   has no cost → uncosted; walk_in opened nothing, so its 800 is in no ticket: cost 3,000 + 1,000 + 500 = 4,500
 *   (not 5,300) over 5 costed tickets = 900; by kind: incidents (1,500 + 1,500 + 500 + 500) ÷ 4 = 1,000, requests
 *   500 ÷ 1 = 500 (f uncosted); by channel: phone 1,500, email 500, portal 500, chat null naming the key. May: h, i
 *   carry no channel → null, the reason naming per_channel_month and the missing channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';
import { UserError } from '../../src/errors.js';
import { schemaFile } from '../../src/config/schema.js';
import { FIELDS } from '../../src/store/schema.js';
import { readFileSync } from 'node:fs';
import { openStore, tempDir, writeFixture } from '../helpers.js';

let store: Store;
const dir = tempDir('itsm-lens-q-cost-');
const config = (yaml: string) => loadProjectConfig(writeFixture(dir, `c${Math.random().toString(36).slice(2)}.yaml`, yaml));
const ticket = (key: string, kind: string, group: string, day: number, hours: number | null = null, month = '03', channel: string | null = null) =>
  `INSERT INTO ticket (ticket_key, kind, assignment_group, opened_at, handle_time_hours, channel) VALUES ('${key}', '${kind}', '${group}', TIMESTAMPTZ '2024-${month}-${String(day).padStart(2, '0')} 08:00:00+00', ${hours ?? 'NULL'}, ${channel ? `'${channel}'` : 'NULL'})`;

beforeAll(async () => {
  store = await openStore(dir);
  for (const sql of [
    ticket('a', 'incident', 'Desk', 1, 1.5, '03', 'phone'), ticket('b', 'incident', 'Desk', 2, 0.5, '03', 'phone'), ticket('c', 'incident', 'Desk', 3, null, '03', 'email'),
    ticket('d', 'service_request', 'Desk', 4, 2, '03', 'portal'), ticket('e', 'incident', 'Network', 5, 0.25, '03', 'email'), ticket('f', 'service_request', 'Network', 6, 1, '03', 'chat'),
    ticket('g', 'interaction', 'Desk', 7, 3, '03', 'phone'),
    ticket('h', 'incident', 'Desk', 2, null, '05'), ticket('i', 'service_request', 'Desk', 3, null, '05'),
  ]) await store.run(sql);
});
afterAll(() => store.close());

const by = (k: any, dim: string) => Object.fromEntries(k.breakdowns[dim].groups.filter((g: any) => g.kpis.cost_per_ticket).map((g: any) => [g[dim], g.kpis.cost_per_ticket.value]));
const byKind = (k: any) => by(k, 'kind');

describe('cost_per_ticket', () => {
  it('a monthly total: 6,000 ÷ 6 tickets = 1,000 each, the same for every kind; the model named', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['kind'], config: config('metrics:\n  cost: { per_month: 6000, currency: EUR }\n') })) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({ value: 1000, n: 6, cost: 6000, uncosted: 0, months: 1, currency: 'EUR', model: 'monthly cost 6,000 EUR, shared evenly among the period\'s tickets' });
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

  it('an hourly rate × time worked: 315 EUR over 5 costed tickets = 63; incidents 45, requests 90; the ticket without time worked uncosted', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['kind'], config: config('metrics:\n  cost: { hourly_rate: 60, currency: EUR }\n') })) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({
      value: 63, n: 5, cost: 315, uncosted: 1, hours_worked: 5.25, months: null, currency: 'EUR',
      model: 'hourly rate 60 EUR × the time worked logged on each ticket',
    });
    expect(byKind(k)).toEqual({ incident: 45, service_request: 90 });
  });

  it('an hourly rate where no ticket carries time worked: null, the reason naming what is missing', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-05' }), { config: config('metrics:\n  cost: { hourly_rate: 60 }\n') })) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({ value: null, n: 0, uncosted: 2 });
    expect(k.kpis.cost_per_ticket.reason).toMatch(/^metrics\.cost\.hourly_rate needs the time worked on each ticket \(handle_time_hours: ServiceNow time_worked, Jira Time Spent/);
  });

  it('a cost per channel: phone 1,500, email and portal 500 each; 4,500 over 5 = 900; incidents 1,000, requests 500; chat uncosted; walk_in idle', async () => {
    const cfg = config('metrics:\n  cost:\n    per_channel_month: { phone: 3000, email: 1000, portal: 500, walk_in: 800 }\n    currency: EUR\n');
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['kind'], config: cfg })) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({
      value: 900, n: 5, cost: 4500, uncosted: 1, months: 1, currency: 'EUR',
      model: 'monthly cost per channel (phone 3,000, email 1,000, portal 500, walk_in 800 EUR), shared evenly among the tickets opened through the channel',
    });
    expect(byKind(k)).toEqual({ incident: 1000, service_request: 500 });
    const c = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['channel'], config: cfg })) as any;
    expect(by(c, 'channel')).toEqual({ phone: 1500, email: 500, portal: 500, chat: null });
    const chat = c.breakdowns.channel.groups.find((g: any) => g.channel === 'chat').kpis.cost_per_ticket;
    expect(chat).toMatchObject({ n: 0, uncosted: 1, reason: 'no ticket of the period came through a channel given a cost in metrics.cost.per_channel_month (their channels: chat)' });
  });

  it('a cost per channel on tickets without a channel: null, the reason naming per_channel_month and the channel', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-05' }), { config: config('metrics:\n  cost: { per_channel_month: { phone: 3000 } }\n') })) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({ value: null, n: 0, uncosted: 2 });
    expect(k.kpis.cost_per_ticket.reason).toMatch(/^metrics\.cost\.per_channel_month needs the channel each ticket came through; no incident or service request of the period carries one/);
  });

  it('per_channel_month takes the canonical channels only, the same list as ticket.channel', () => {
    expect(() => config('metrics:\n  cost: { per_channel_month: { telephone: 5 } }\n')).toThrow(/metrics\.cost\.per_channel_month: 'telephone' is not an allowed key; .*must map each channel \(email, phone, portal, chat, walk_in, monitoring, api, other\)/);
    expect(() => config('metrics:\n  cost: { per_month: 5, per_channel_month: { phone: 1 } }\n')).toThrow(/needs exactly one of per_month, per_team_month, per_channel_month and hourly_rate/);
    expect(() => config('metrics:\n  cost: { per_channel_month: { phone: -1 } }\n')).toThrow(UserError);
    const schema = JSON.parse(readFileSync(schemaFile('project-config'), 'utf8'));
    const channelField = FIELDS.ticket.find((f) => f.name === 'channel')!;
    expect(schema.properties.metrics.properties.cost.properties.per_channel_month.propertyNames.enum).toEqual(channelField.doc.split(' | ')); // the enum's values are its doc: 'email | phone | …'
  });

  it('null with a reason naming the config key without a cost model; a wrong model is refused', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }))) as any;
    expect(k.kpis.cost_per_ticket).toMatchObject({ value: null, reason: 'no cost model: set metrics.cost (per_month, per_team_month, per_channel_month or hourly_rate) in the project config' });
    expect(() => config('metrics:\n  cost: { per_month: -5 }\n')).toThrow(UserError);
    expect(() => config('metrics:\n  cost: { hourly_rate: -1 }\n')).toThrow(UserError);
    expect(() => config('metrics:\n  cost: { per_month: 5, per_team_month: { A: 1 } }\n')).toThrow(/needs exactly one of per_month, per_team_month, per_channel_month and hourly_rate/);
    expect(() => config('metrics:\n  cost: { per_month: 5, hourly_rate: 60 }\n')).toThrow(/needs exactly one of per_month, per_team_month, per_channel_month and hourly_rate/);
    expect(() => config('metrics:\n  cost: { monthly: 5 }\n')).toThrow(/unknown key monthly/);
  });
});
