import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeKpis, resolveBreakdown, resolvePeriod } from '../../src/metrics/kpi.js';
import { toTidy, writeTidy } from '../../src/metrics/tidy.js';
import { Store } from '../../src/store/db.js';
import { tempDir } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';

describe('kpi breakdowns (--by) on the ServiceNow fixture', () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open((await fixtureDb('servicenow')).db);
  });

  it('splits every KPI so that the groups add up to the overall figure', async () => {
    const doc = await computeKpis(store, { from: null, to: null }, { by: ['month', 'priority'] });
    const b = doc.breakdowns['month,priority']!;
    expect(b.dimensions).toEqual(['month', 'priority']);
    const sum = (kpi: string, f: string) => b.groups.reduce((a: number, g: any) => a + (g.kpis[kpi]?.[f] ?? 0), 0);
    expect(sum('mttr', 'n')).toBe(doc.kpis.mttr!.n);
    expect(sum('sla_attainment', 'met')).toBe(doc.kpis.sla_attainment!.met);
    expect(sum('change_success_rate', 'successful')).toBe(doc.kpis.change_success_rate!.successful);
    // groups come sorted by month then priority
    const keys = b.groups.map((g: any) => `${g.month}/${g.priority}`);
    expect(keys).toEqual([...keys].sort((x: string, y: string) => x.localeCompare(y, 'en', { numeric: true })));
  });

  it('gives, for a month, the figures kpi --month gives', async () => {
    const doc = await computeKpis(store, { from: null, to: null }, { by: ['month'] });
    const march = doc.breakdowns.month!.groups.find((g) => g.month === '2025-03')!;
    const alone = await computeKpis(store, resolvePeriod({ month: '2025-03' }));
    for (const kpi of ['mttr', 'sla_attainment', 'fcr', 'reopen_rate', 'change_success_rate']) {
      const group = march.kpis[kpi]!;
      expect(Object.keys(group).length, kpi).toBeGreaterThan(2);
      for (const [field, v] of Object.entries(group)) expect(alone.kpis[kpi]![field], `${kpi}.${field}`).toEqual(v);
    }
  });

  it('leaves out a metric whose table cannot answer a dimension, saying why', async () => {
    const doc = await computeKpis(store, { from: null, to: null }, { by: ['channel'] });
    expect(doc.breakdowns.channel!.skipped).toMatchObject({ change_success_rate: 'change records have no channel' });
    expect(doc.breakdowns.channel!.groups.map((g) => g.channel)).toContain('phone');
    expect(() => resolveBreakdown(['month,colour'])).toThrow(/unknown dimension/);
  });

  it('writes the long table as CSV, Parquet and Arrow with the same rows', async () => {
    const doc = await computeKpis(store, { from: null, to: null }, { by: ['priority'] });
    const tidy = toTidy(doc);
    const dir = tempDir();
    for (const f of ['csv', 'parquet', 'arrow'] as const) await writeTidy(store, tidy, join(dir, `k.${f}`), f);
    const csv = await store.all(`SELECT * FROM read_csv('${join(dir, 'k.csv')}') ORDER BY ALL`);
    const parquet = await store.all(`SELECT * FROM read_parquet('${join(dir, 'k.parquet')}') ORDER BY ALL`);
    expect(csv.length).toBe(tidy.rows.length);
    expect(parquet.length).toBe(tidy.rows.length);
    const arrow = tableFromIPC(readFileSync(join(dir, 'k.arrow')));
    expect(arrow.numRows).toBe(tidy.rows.length);
    expect(arrow.schema.fields.map((f) => f.name)).toEqual(['priority', 'kpi', 'statistic', 'value', 'n']);
    const p1 = parquet.find((r: any) => r.priority === '1' && r.kpi === 'mttr' && r.statistic === 'median') as any;
    const g1 = doc.breakdowns.priority!.groups.find((g) => g.priority === 1)!;
    expect(p1.value).toBeCloseTo(g1.kpis.mttr!.median!, 6);
    expect(p1.n).toBe(g1.kpis.mttr!.n);
  });
});
