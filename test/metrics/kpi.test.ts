import { describe, expect, it } from 'vitest';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import { loadQueries } from '../../src/metrics/queries.js';
import { openStore, tempDir } from '../helpers.js';
import type { Store } from '../../src/store/db.js';

/** A few tickets written straight into the canonical table, so each definition can be checked by reading. */
async function seed(store: Store): Promise<void> {
  const t = (key: string, kind: string, opened: string | null, resolved: string | null, extra: Record<string, string> = {}) => {
    const cols = ['ticket_key', 'kind', 'opened_at', 'resolved_at', ...Object.keys(extra)];
    const vals = [`'${key}'`, `'${kind}'`, opened ? `TIMESTAMPTZ '${opened}+00'` : 'NULL', resolved ? `TIMESTAMPTZ '${resolved}+00'` : 'NULL', ...Object.values(extra)];
    return `INSERT INTO ticket (${cols.join(', ')}) VALUES (${vals.join(', ')})`;
  };
  for (const sql of [
    // incidents: resolved after 1 h, 3 h, 10 h; one open; one resolved before opened (bad data)
    t('x:1', 'incident', '2024-03-01 08:00:00', '2024-03-01 09:00:00', { sla_met: 'true', reassignment_count: '0', reopen_count: '0' }),
    t('x:2', 'incident', '2024-03-02 08:00:00', '2024-03-02 11:00:00', { sla_met: 'true', reassignment_count: '1', reopen_count: '0' }),
    t('x:3', 'incident', '2024-03-03 08:00:00', '2024-04-01 18:00:00', { sla_met: 'false', reassignment_count: '0', reopen_count: '2' }),
    t('x:4', 'incident', '2024-03-04 08:00:00', null, { sla_met: 'false' }),
    t('x:5', 'incident', '2024-03-05 08:00:00', '2024-03-05 07:00:00'),
    t('x:6', 'service_request', '2024-03-06 08:00:00', '2024-03-06 20:00:00', { sla_met: 'false' }),
    t('x:7', 'interaction', '2024-03-07 08:00:00', null, { first_contact_resolved: 'true' }),
    t('x:8', 'interaction', '2024-03-07 09:00:00', null, { first_contact_resolved: 'false' }),
    t('x:9', 'other', null, null),
    `INSERT INTO "change" (change_key, opened_at, actual_end, outcome) VALUES
      ('c:1', TIMESTAMPTZ '2024-03-01 00:00:00+00', TIMESTAMPTZ '2024-03-02 00:00:00+00', 'successful'),
      ('c:2', TIMESTAMPTZ '2024-03-01 00:00:00+00', TIMESTAMPTZ '2024-03-03 00:00:00+00', 'successful_with_issues'),
      ('c:3', TIMESTAMPTZ '2024-03-01 00:00:00+00', TIMESTAMPTZ '2024-04-03 00:00:00+00', 'backed_out'),
      ('c:4', TIMESTAMPTZ '2024-03-01 00:00:00+00', NULL, NULL)`,
    `INSERT INTO asset (asset_key) VALUES ('a:1'), ('a:2')`,
  ]) await store.run(sql);
}

describe('kpi@1 definitions on hand-made rows', () => {
  it('computes every KPI over all data when no period is given', async () => {
    const store = await openStore(tempDir());
    await seed(store);
    const k = (await computeKpis(store, { from: null, to: null })) as any;
    expect(k.schema).toBe('itsm-lens/kpi@1');
    expect(k.counts).toEqual({ incidents: 5, service_requests: 1, interactions: 2, other: 1, changes: 4, problems: 0, assets: 2 });
    // 1 h, 3 h and 706 h (3 Mar 08:00 → 1 Apr 18:00 = 29 d 10 h); the negative one is excluded and counted.
    expect(k.kpis.mttr).toMatchObject({ unit: 'hours', basis: 'calendar', n: 3, median: 3, excluded_negative: 1 });
    expect(k.kpis.mttr.mean).toBeCloseTo((1 + 3 + 706) / 3, 5);
    expect(k.kpis.mttr.p90).toBeCloseTo(3 + 0.8 * (706 - 3), 5);
    expect(k.kpis.sla_attainment).toMatchObject({ n: 4, met: 2, value: 0.5, source: 'export' });
    expect(k.kpis.fcr).toMatchObject({ id: 'fcr_flag', n: 2, value: 0.5 });
    expect(k.kpis.fcr.alternatives[0]).toMatchObject({ id: 'fcr_first_assignment', n: 3 }); // x:1 only of x:1..x:3
    expect(k.kpis.fcr.alternatives[0].value).toBeCloseTo(1 / 3, 5);
    expect(k.kpis.reopen_rate).toMatchObject({ n: 3, reopened: 1 });
    expect(k.kpis.change_success_rate).toMatchObject({ n: 3, successful: 1, successful_with_issues: 1, failed: 1 });
    expect(k.kpis.change_success_rate.value).toBeCloseTo(1 / 3, 6);
    for (const v of Object.values(k.kpis) as any[]) {
      expect(v.definition).toBeTruthy();
      expect(v.denominator).toBeTruthy();
      expect(v.variant).toBeTruthy();
    }
    store.close();
  });

  it('anchors resolution metrics on the resolved time and counts on the opened time', async () => {
    const store = await openStore(tempDir());
    await seed(store);
    const march = (await computeKpis(store, resolvePeriod({ month: '2024-03' }))) as any;
    expect(march.period).toMatchObject({ from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' });
    expect(march.counts.incidents).toBe(5);
    expect(march.counts.other).toBe(0); // no opened time: outside every period
    expect(march.kpis.mttr).toMatchObject({ n: 2, median: 2 });
    expect(march.kpis.change_success_rate).toMatchObject({ n: 2, successful: 1 });
    const april = (await computeKpis(store, resolvePeriod({ month: '2024-04' }))) as any;
    expect(april.counts.incidents).toBe(0);
    expect(april.kpis.mttr).toMatchObject({ n: 1, median: 706 });
    expect(april.kpis.sla_attainment).toMatchObject({ value: null, n: 0 });
    expect(april.kpis.sla_attainment.reason).toMatch(/no incident/);
    store.close();
  });

  it('reports null with a reason, never 0, when the data cannot support a KPI', async () => {
    const store = await openStore(tempDir());
    const k = (await computeKpis(store, { from: null, to: null })) as any;
    // Every KPI, whatever its shape: no value (null, never 0) and a reason.
    for (const [id, kpi] of Object.entries(k.kpis as Record<string, any>)) {
      expect(kpi.reason, id).toBeTruthy();
      if ('value' in kpi) expect(kpi.value, id).toBeNull();
      if ('median' in kpi) expect([kpi.n, kpi.mean, kpi.median, kpi.p90], id).toEqual([0, null, null, null]);
    }
    expect(Object.keys(k.kpis).length).toBeGreaterThan(20);
    store.close();
  });

  it('rejects malformed periods', () => {
    expect(() => resolvePeriod({ month: '2024-13' })).toThrow(/YYYY-MM/);
    expect(() => resolvePeriod({ from: '2024-03-02', to: '2024-03-01' })).toThrow(/before/);
    expect(resolvePeriod({ month: '2024-12' })).toEqual({ from: '2024-12-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });
  });

  it('every query file states its definition, variant, unit and denominator', () => {
    const qs = loadQueries();
    expect(qs.map((q) => q.id)).toContain('mttr');
    for (const q of qs) for (const k of ['definition', 'variant', 'unit', 'denominator'] as const) expect(q[k], `${q.file} ${k}`).toBeTruthy();
  });
});
