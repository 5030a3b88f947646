/**
 * computeBreakdown (the report's charts) skips the overall rows of a KPI that has one query; a KPI with several
 * (fcr, mtta, sla_attainment) still needs them to pick the variant it shows. Its breakdown must be computeKpis's,
 * on fixtures whose best-ranked variant has data and on fixtures where it has none and a lower one is shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBreakdown, computeKpis } from '../../src/metrics/kpi.js';
import { loadQueries } from '../../src/metrics/queries.js';
import { Store } from '../../src/store/db.js';
import { fixtureDb } from '../shared-databases.js';

// servicenow and zendesk show a lower-ranked variant of some KPI (the test below holds them to it)
const TOOLS = ['servicenow', 'hpsm', 'zendesk'];
const ALL = { from: null, to: null };

describe.each(TOOLS)('computeBreakdown on the %s fixture', (tool) => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open((await fixtureDb(tool)).db, { readOnly: true });
  });
  afterAll(() => store.close());

  // (month × priority: the report's one two-dimension breakdown, of sla_attainment, a KPI of several variants)
  it.each([[['month']], [['priority']], [['month', 'priority']]])('gives computeKpis\'s breakdown by %j, for every KPI and for a few', async (by) => {
    const key = by.join(',');
    expect(await computeBreakdown(store, ALL, { by })).toEqual((await computeKpis(store, ALL, { by })).breakdowns[key]);
    const few = ['availability', 'backlog', 'fcr', 'mtta', 'mttr', 'sla_attainment'];
    expect(await computeBreakdown(store, ALL, { by, kpis: few })).toEqual((await computeKpis(store, ALL, { by, kpis: few })).breakdowns[key]);
  });
});

it('is tested where a KPI shows a variant other than its best-ranked query (the overall rows decide)', async () => {
  const shown = new Set<string>();
  for (const tool of TOOLS) {
    const store = await Store.open((await fixtureDb(tool)).db, { readOnly: true });
    try {
      const doc = await computeKpis(store, ALL);
      const rank = new Map(loadQueries().map((q) => [q.id, q.rank]));
      for (const [kpi, e] of Object.entries(doc.kpis)) if (e.alternatives?.some((a) => rank.get(a.id)! < rank.get(e.id)!)) shown.add(`${tool}:${kpi}`);
    } finally {
      store.close();
    }
  }
  expect([...shown]).not.toEqual([]);
});
