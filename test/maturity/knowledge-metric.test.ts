/**
 * The knowledge criteria read the knowledge_use_rate KPI (queries/knowledge_use_rate.sql), not a query of their
 * own: on the ServiceNow fixture with articles planted by hand, the criterion's value is the KPI's, and both equal
 * a count written here.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/maturity/assess.js';
import { computeKpis } from '../../src/metrics/kpi.js';
import { Store } from '../../src/store/db.js';
import { fixtureDb } from '../shared-databases.js';

describe('knowledge criteria read the knowledge_use_rate KPI', () => {
  it('one value for the criterion and the KPI, equal to a hand count', async () => {
    const { db } = await fixtureDb('servicenow');
    const store = await Store.open(db);
    try {
      // every 4th resolved incident (by key) cites an article; every 7th of the others says 'no' (not a citation)
      await store.run(`UPDATE ticket SET knowledge_ref = CASE WHEN hash(ticket_key) % 4 = 0 THEN 'KB00' || (hash(ticket_key) % 90)
        WHEN hash(ticket_key) % 7 = 0 THEN 'no' END WHERE kind = 'incident'`);
      const want = (await store.one<{ cites: number; n: number }>(`SELECT count(*) FILTER (WHERE hash(ticket_key) % 4 = 0) AS cites, count(*) AS n
        FROM ticket WHERE kind = 'incident' AND resolved_at IS NOT NULL`))!;
      expect(want.cites).toBeGreaterThan(0);
      const kpi = (await computeKpis(store, { from: null, to: null })).kpis.knowledge_use_rate;
      expect(kpi).toMatchObject({ n: want.n, with_article: want.cites, value: expect.closeTo(want.cites / want.n, 6) });
      const doc = await assess(store, { benchmarks: false });
      const c = doc.practices.find((p) => p.id === 'knowledge')!.criteria.find((x) => x.id === 'knowledge.linked_20')!;
      expect(c).toMatchObject({ n: want.n, value: expect.closeTo(want.cites / want.n, 4) });
      expect(c.evidence.query).toMatch(/knowledge_use_rate KPI over all the loaded data: queries\/knowledge_use_rate\.sql/);
    } finally {
      store.close();
    }
  });
});
