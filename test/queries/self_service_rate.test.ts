/**
 * queries/self_service_rate.sql on hand-made tickets: self-service (portal, chat) over self-service + assisted
 * (phone, email, walk_in); monitoring/api/other and no channel are left out and counted; interactions, changes'
 * kinds and tickets opened outside the period are not in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir } from '../helpers.js';

let store: Store;
const ticket = (key: string, kind: string, opened: string, channel: string | null) =>
  `INSERT INTO ticket (ticket_key, kind, opened_at, channel) VALUES ('${key}', '${kind}', TIMESTAMPTZ '${opened}+00', ${channel ? `'${channel}'` : 'NULL'})`;

beforeAll(async () => {
  store = await openStore(tempDir('itsm-lens-q-self-service-'));
  for (const sql of [
    ticket('a', 'incident', '2024-03-01 08:00:00', 'portal'),
    ticket('b', 'service_request', '2024-03-02 08:00:00', 'portal'),
    ticket('c', 'incident', '2024-03-03 08:00:00', 'chat'),
    ticket('d', 'incident', '2024-03-04 08:00:00', 'phone'),
    ticket('e', 'service_request', '2024-03-05 08:00:00', 'email'),
    ticket('f', 'incident', '2024-03-06 08:00:00', 'walk_in'),
    ticket('g', 'incident', '2024-03-07 08:00:00', 'phone'),
    ticket('h', 'incident', '2024-03-08 08:00:00', 'monitoring'),
    ticket('i', 'incident', '2024-03-09 08:00:00', 'other'),
    ticket('j', 'incident', '2024-03-10 08:00:00', null),
    // not in it: an interaction, and a ticket opened in April
    ticket('k', 'interaction', '2024-03-11 08:00:00', 'portal'),
    ticket('l', 'incident', '2024-04-01 00:00:00', 'portal'),
    // April: only machine-raised and channel-less tickets
    ticket('m', 'incident', '2024-04-02 00:00:00', 'api'),
    ticket('n', 'incident', '2024-04-03 00:00:00', null),
  ]) await store.run(sql);
});
afterAll(() => store.close());

describe('self_service_rate', () => {
  it('March: 3 self-service (a portal, b portal, c chat) of 7 classified (+ d phone, e email, f walk-in, g phone)', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }))) as any;
    expect(k.kpis.self_service_rate).toMatchObject({ value: expect.closeTo(3 / 7, 6), n: 7, self_service: 3, assisted: 4, machine_or_other: 2, no_channel: 1 });
    expect(k.kpis.self_service_rate.reason ?? null).toBeNull();
  });

  it('April: 1 portal ticket (l, opened at 00:00 on the 1st) of 1 classified; the api and channel-less ones left out', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-04' }))) as any;
    expect(k.kpis.self_service_rate).toMatchObject({ value: 1, n: 1, self_service: 1, assisted: 0, machine_or_other: 1, no_channel: 1 });
  });

  it('null with a reason when no ticket carries a channel, and when none was opened', async () => {
    let k = (await computeKpis(store, { from: '2024-04-03T00:00:00Z', to: '2024-04-04T00:00:00Z' })) as any;
    expect(k.kpis.self_service_rate).toMatchObject({ value: null, n: 0, reason: 'the tickets carry no channel (the export has no channel column, or it is empty)' });
    k = (await computeKpis(store, { from: '2024-04-02T00:00:00Z', to: '2024-04-03T00:00:00Z' })) as any;
    expect(k.kpis.self_service_rate).toMatchObject({ value: null, reason: 'every ticket with a channel came from monitoring, an API or an unclassified channel' });
    k = (await computeKpis(store, resolvePeriod({ month: '2025-01' }))) as any;
    expect(k.kpis.self_service_rate).toMatchObject({ value: null, n: 0, reason: 'no incident or service request was opened in the period' });
  });
});
