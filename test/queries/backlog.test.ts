import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { metric, storeWith } from './harness.js';

// queries/backlog.sql: incidents and requests open at period_end() (opened before it, neither resolved nor closed
// before it), aged in whole days elapsed into 0–1, 2–5, 6–30, 31–90 and >90. Period end here: 2024-06-01 00:00.
// Each bucket edge has a ticket exactly on it (age 2, 6, 31, 91 days) and one a second younger.
const PERIOD = { from: '2024-05-01T00:00:00Z', to: '2024-06-01T00:00:00Z' };
const inc = (id: string, opened_at: string, more: Record<string, string | null> = {}) => ({ source_id: id, kind: 'incident', opened_at, ...more });

describe('backlog.sql', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        inc('K2', '2024-05-30 00:00:00'), //   2 days exactly → 2–5
        inc('K2b', '2024-05-30 00:00:01'), //  2 days − 1 s → 0–1
        inc('K6', '2024-05-26 00:00:00'), //   6 days → 6–30
        inc('K6b', '2024-05-26 00:00:01'), //  → 2–5
        inc('K31', '2024-05-01 00:00:00'), //  31 days (May has 31) → 31–90
        inc('K31b', '2024-05-01 00:00:01'), // → 6–30
        inc('K91', '2024-03-02 00:00:00'), //  91 days (Mar 2 → Jun 1: 30 + 30 + 31) → >90
        inc('K91b', '2024-03-02 00:00:01'), // → 31–90
        inc('Kend', '2024-06-01 00:00:00'), // opened at the period end: not before it, not counted
        inc('Kres', '2024-05-01 00:00:00', { resolved_at: '2024-05-31 00:00:00' }), // resolved before the end: closed
        inc('Kclo', '2024-05-10 00:00:00', { closed_at: '2024-05-20 00:00:00' }), // closed without a resolve time: closed
        inc('Kaft', '2024-05-31 00:00:00', { resolved_at: '2024-06-01 00:00:00' }), // resolved at the period end: open at it, 1 day → 0–1
        inc('Kund', '2024-05-20 00:00:00', { status: 'closed' }), // closed with no date: excluded_undated
        { source_id: 'Q1', kind: 'service_request', opened_at: '2024-05-31 12:00:00' }, // a request, 0.5 day → 0–1
        { source_id: 'X1', kind: 'interaction', opened_at: '2024-05-31 12:00:00' }, // an interaction: not backlog
        inc('Kr3', '2024-05-29 00:00:00', { resolved_at: '2024-05-30 00:00:00' }), // 3 days old but resolved: in no bucket
        inc('Kold', '2024-01-01 00:00:00', { closed_at: '2024-02-01 00:00:00' }), // 152 days old but closed: in no bucket
        inc('Kund2', '2024-06-02 00:00:00', { status: 'closed' }), // undated, but opened after the end: not excluded_undated
      ],
    });
  });
  afterAll(() => store.close());

  it('puts each edge ticket in the upper bucket and the one a second younger in the lower', async () => {
    const r = await metric(store, 'backlog', PERIOD);
    // 0–1: K2b, Kaft, Q1 · 2–5: K2, K6b · 6–30: K6, K31b · 31–90: K31, K91b · >90: K91 → 10 open
    expect(r).toMatchObject({ value: 10, n: 10, age_0_1d: 3, age_2_5d: 2, age_6_30d: 2, age_31_90d: 2, age_over_90d: 1, excluded_undated: 1 });
    // ages sorted: 0.5, 1, 2−ε, 2, 6−ε, 6, 31−ε, 31, 91−ε, 91 (ε = 1/86400 day); median = (6 − ε + 6)/2 = 6 − 1/172800
    expect(r.median_age_days).toBe(Math.round((6 - 1 / 172800) * 1e6) / 1e6);
  });

  it('counts a single open ticket: Kold at one second after it was opened', async () => {
    // period end 2024-01-01 00:00:01: only Kold is opened before it, and it closes after it
    const r = await metric(store, 'backlog', { from: '2023-12-01T00:00:00Z', to: '2024-01-01T00:00:01Z' });
    expect(r).toMatchObject({ value: 1, n: 1, age_0_1d: 1, age_over_90d: 0, excluded_undated: 0 });
    expect(r.reason).toBeUndefined();
  });

  it('is null with a reason when nothing was opened before the period end', async () => {
    const r = await metric(store, 'backlog', { from: '2023-11-01T00:00:00Z', to: '2023-12-01T00:00:00Z' });
    expect(r).toMatchObject({ value: null, n: 0, reason: 'no incident or service request was opened before the period end' });
  });

  it('does not flag a lower bound when the export holds open tickets (K2 … have no end)', async () => {
    const r = await metric(store, 'backlog', PERIOD);
    expect(r.lower_bound).toBe(false);
  });
});

// An export of closed tickets only (BPI 2014's HPSM log): every ticket has an end, the last on 2024-05-20.
describe('backlog.sql on an export of closed tickets only', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith({
      ticket: [
        inc('C1', '2024-04-01 00:00:00', { closed_at: '2024-04-20 00:00:00' }),
        inc('C2', '2024-04-10 00:00:00', { resolved_at: '2024-05-02 00:00:00' }),
        inc('C3', '2024-05-01 00:00:00', { resolved_at: '2024-05-19 00:00:00', closed_at: '2024-05-20 00:00:00' }),
        inc('C4', '2024-05-05 00:00:00', { status: 'closed' }), // undated: excluded, not a sign of an open ticket
      ],
    });
  });
  afterAll(() => store.close());

  it('is null with the reason once the last ticket has ended (period end 2024-06-01 ≥ 2024-05-20)', async () => {
    const r = await metric(store, 'backlog', PERIOD);
    expect(r.value).toBeNull();
    expect(r.reason).toBe('the export holds no open incident or request (every one has ended, the last on 2024-05-20): it looks like an export of closed tickets only, which cannot show what was open at the period end');
    expect(r.lower_bound).toBe(true);
  });

  it('is null when the period ends exactly at the last end (2024-05-20 00:00)', async () => {
    const r = await metric(store, 'backlog', { from: '2024-05-01T00:00:00Z', to: '2024-05-20T00:00:00Z' });
    expect(r.value).toBeNull();
  });

  it('counts what was open before the last end, flagged as a lower bound', async () => {
    // period end 2024-05-01 00:00: C2 (opened 04-10, resolved 05-02) is open; C1 closed 04-20; C3 opened at the end
    const r = await metric(store, 'backlog', { from: '2024-04-01T00:00:00Z', to: '2024-05-01T00:00:00Z' });
    expect(r).toMatchObject({ value: 1, n: 1, lower_bound: true });
    expect(r.reason).toBeUndefined();
  });
});
