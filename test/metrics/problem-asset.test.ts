import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import { Store } from '../../src/store/db.js';
import { openStore, ROOT, tempDir } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';

/** Problem backlog / problems opened, assets by status and warranty expiry, on rows written straight into the store. */
const ts = (v: string | null | undefined) => (v ? `TIMESTAMPTZ '${v}+00'` : 'NULL');
const date = (v: string | null | undefined) => (v ? `DATE '${v}'` : 'NULL');
const str = (v: string | null | undefined) => (v === null || v === undefined ? 'NULL' : `'${v}'`);

/** [key, status, known_error, opened, resolved, closed] */
const PROBLEMS: [string, string, boolean, string, string | null, string | null][] = [
  ['x:p1', 'fix_in_progress', true, '2024-01-01 00:00:00', null, null], // open at 1 April: 91 days
  ['x:p2', 'resolved', false, '2024-03-10 00:00:00', '2024-03-20 00:00:00', null],
  ['x:p3', 'root_cause_analysis', true, '2024-03-20 00:00:00', null, null], // open: 12 days
  ['x:p4', 'closed', false, '2024-03-25 00:00:00', null, null], // closed without a closing time
  ['x:p5', 'new', false, '2024-04-05 00:00:00', null, null], // after March
  ['x:p6', 'cancelled', false, '2024-02-01 00:00:00', null, '2024-03-31 00:00:00'], // open until cancelled on 31 March
];

/** [key, status, class, warranty_end] */
const ASSETS: [string, string | null, string, string | null][] = [
  ['x:a1', 'in_use', 'computer', '2024-03-31'], // expired before 1 April
  ['x:a2', 'in_use', 'computer', '2024-04-01'], // expires in the next 90 days
  ['x:a3', 'in_use', 'server', '2024-06-29'], // the last day inside 90 days (1 April + 90 = 30 June)
  ['x:a4', 'in_use', 'server', '2024-06-30'], // just outside
  ['x:a5', 'in_use', 'computer', null],
  ['x:a6', 'in_stock', 'computer', '2024-04-15'], // not in use
  ['x:a7', 'retired', 'server', '2020-01-01'],
  ['x:a8', null, 'network', null],
];

async function seed(store: Store): Promise<void> {
  for (const [key, status, ke, opened, resolved, closed] of PROBLEMS) {
    await store.run(`INSERT INTO problem (problem_key, status, known_error, opened_at, resolved_at, closed_at)
      VALUES ('${key}', '${status}', ${ke}, ${ts(opened)}, ${ts(resolved)}, ${ts(closed)})`);
  }
  for (const [key, status, cls, warranty] of ASSETS) {
    await store.run(`INSERT INTO asset (asset_key, status, class, warranty_end) VALUES ('${key}', ${str(status)}, '${cls}', ${date(warranty)})`);
  }
}

describe('problem and asset metrics on hand-made rows', () => {
  let store: Store;
  let march: any;
  beforeAll(async () => {
    store = await openStore(tempDir());
    await seed(store);
    march = await computeKpis(store, resolvePeriod({ month: '2024-03' }));
  });

  it('problem backlog at the period end, with ages', () => {
    // at 1 April: p1 (91 d) and p3 (12 d), both known errors; p4 cannot be placed; p6 was cancelled on 31 March
    expect(march.kpis.problem_backlog).toMatchObject({
      value: 2, n: 2, median_age_days: 51.5, mean_age_days: 51.5, age_over_90d: 1, known_errors: 2, excluded_undated: 1,
    });
  });

  it('problem backlog a month earlier counts the problem cancelled later', async () => {
    // at 1 March: p1 (60 d) and p6 (29 d)
    const feb = (await computeKpis(store, resolvePeriod({ month: '2024-02' }))) as any;
    expect(feb.kpis.problem_backlog).toMatchObject({ value: 2, median_age_days: 44.5, age_over_90d: 0 });
  });

  it('problems opened in the period', () => {
    // p2, p3, p4; p3 is a known error; p2 is resolved
    expect(march.kpis.problems_opened).toMatchObject({ value: 3, n: 3, known_errors: 1, resolved_or_closed: 1 });
  });

  it('assets by status', () => {
    expect(march.kpis.assets).toMatchObject({ value: 8, n: 8, in_use: 5, in_stock: 1, retired: 1, unknown: 1, on_order: 0, other: 0 });
  });

  it('warranty expiring within 90 days of the period end, and expired in use', () => {
    expect(march.kpis.warranty_expiring).toMatchObject({ value: 2, n: 4, expiring_90d: 2, expired_in_use: 1, no_warranty_date: 1 });
  });

  it('assets by class through --by; a month breakdown skips the snapshots with a reason', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['class'] })) as any;
    const byClass = Object.fromEntries(k.breakdowns.class.groups.map((g: any) => [g.class, g.kpis.assets.value]));
    expect(byClass).toEqual({ computer: 4, server: 3, network: 1 });
    const m = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['month'] })) as any;
    for (const id of ['problem_backlog', 'assets', 'warranty_expiring']) expect(m.breakdowns.month.skipped[id], id).toBeTruthy();
    expect(m.breakdowns.month.groups.find((g: any) => g.month === '2024-03').kpis.problems_opened.value).toBe(3);
  });

  it('is null with a reason when the data cannot support a metric', async () => {
    const empty = await openStore(tempDir());
    const k = (await computeKpis(empty, { from: null, to: null })) as any;
    for (const id of ['problem_backlog', 'problems_opened', 'assets', 'warranty_expiring']) {
      expect(k.kpis[id].value, id).toBeNull();
      expect(k.kpis[id].reason, id).toBeTruthy();
    }
    empty.close();
    const noDates = await openStore(tempDir());
    await noDates.run(`INSERT INTO asset (asset_key, status) VALUES ('x:1', 'in_use'), ('x:2', 'in_stock')`);
    const n = (await computeKpis(noDates, { from: null, to: null })) as any;
    expect(n.kpis.assets).toMatchObject({ value: 2, in_use: 1 });
    expect(n.kpis.warranty_expiring).toMatchObject({ value: null, n: 0, no_warranty_date: 1 });
    expect(n.kpis.warranty_expiring.reason).toMatch(/warranty end date/);
    noDates.close();
  });
});

describe('problem and asset metrics on the ServiceNow fixture', () => {
  const truth = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'servicenow', 'truth.json'), 'utf8'));
  let store: Store;
  beforeAll(async () => {
    store = await Store.open((await fixtureDb('servicenow')).db);
  });

  it('counts every asset of the export, each in one status', async () => {
    const k = (await computeKpis(store, { from: null, to: null })) as any;
    const a = k.kpis.assets;
    expect(a.value).toBe(truth.counts.assets);
    const statuses = ['in_use', 'in_stock', 'on_order', 'in_maintenance', 'retired', 'disposed', 'missing', 'other', 'unknown'];
    expect(statuses.reduce((s, f) => s + a[f], 0)).toBe(truth.counts.assets);
    expect(k.kpis.warranty_expiring.n).toBeLessThanOrEqual(a.in_use);
  });

  it('problems opened reproduce the planted counts, overall and per month', async () => {
    const k = (await computeKpis(store, { from: null, to: null }, { by: ['month'] })) as any;
    expect(k.kpis.problems_opened.value).toBe(truth.counts.problems);
    for (const [month, m] of Object.entries(truth.by_month) as [string, any][]) {
      const g = k.breakdowns.month.groups.find((x: any) => x.month === month);
      expect(g?.kpis.problems_opened?.value ?? 0, month).toBe(m.counts.problems);
    }
  });
});
