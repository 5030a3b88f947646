/**
 * Clusters on real exports: free-text incidents (job-scheduler failure family) and HP Service Manager incidents
 * with no text at all (structured signature clusters scored against the KM number). Runs where ../shared/data
 * exists (CI); skips visibly elsewhere.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClusters, type ClusterResult } from '../../src/clusters/cluster.js';
import { homogeneityCompleteness } from '../../src/clusters/evaluate.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { Store } from '../../src/store/db.js';
import { openStore, SHARED_DATA, tempDir } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] SKIPPED clusters: ${SHARED_DATA} not found; runs where ../shared/data exists (CI).\n`);

describe.skipIf(!present)('clusters on 8,500 free-text incidents (tickets-text)', () => {
  let store: Store;
  let res: ClusterResult;
  beforeAll(async () => {
    store = await openStore(tempDir());
    await ingestPaths(store, { paths: [join(SHARED_DATA, 'tickets-text', 'incidents_text.csv.gz')] });
    res = await buildClusters(store);
  }, 120_000);
  afterAll(() => store.close());

  it('puts the job_scheduler failure family into a few clusters labelled by its template', async () => {
    // 959 short descriptions name job_scheduler (the issue says "over 1,900": the file has 959; 969 counting descriptions)
    const rows = await store.all<{ cluster_id: string; n: number }>(`
      SELECT c.cluster_id, count(*)::INT AS n FROM ticket_cluster c JOIN ticket t USING (ticket_key)
      WHERE t.title ILIKE '%job_scheduler%' GROUP BY 1 ORDER BY n DESC`);
    const total = rows.reduce((s, r) => s + r.n, 0);
    expect(total).toBe(959);
    const top2 = rows[0]!.n + rows[1]!.n;
    console.log(`job_scheduler: ${total} tickets; top clusters ${rows.slice(0, 5).map((r) => `${r.cluster_id}=${r.n}`).join(', ')}; ${rows.length} clusters in all`);
    expect(top2 / total).toBeGreaterThanOrEqual(0.95);
    const label = new Map(res.clusters.map((c) => [c.id, c.label]));
    expect(label.get(rows[0]!.cluster_id)).toBe('job <host> failed in job_scheduler at <date> <time>');
    expect(label.get(rows[1]!.cluster_id)).toBe('abended job in job_scheduler <host>');
    // and those clusters hold the family, not a chain of unrelated tickets
    const sizes = new Map(res.clusters.map((c) => [c.id, c.size]));
    expect(rows[0]!.n / sizes.get(rows[0]!.cluster_id)!).toBeGreaterThanOrEqual(0.95);
  });

  it('has no giant chained cluster, and no timestamps means no problem candidates', () => {
    console.log(res.clusters.slice(0, 20).map((c) => `${String(c.size).padStart(5)} ${c.top_group.value} ${c.label}`).join('\n'));
    expect(res.clusters[0]!.size).toBeLessThan(0.12 * res.tickets);
    expect(res.clusters.filter((c) => c.problem_candidate)).toEqual([]);
  });
});

describe.skipIf(!present)('clusters on HP Service Manager incidents (BPI 2014), structured fields only', () => {
  it('scores homogeneity / completeness against the KM number', async () => {
    const { db, ingest } = await realDataDb('hpsm-bpi2014-incidents');
    expect(ingest.code, ingest.stderr).toBe(0);
    const store = await Store.open(db);
    try {
      const res = await buildClusters(store);
      expect(res.tickets).toBe(46_606);
      const cells = await store.all<{ ref: string; found: string; n: number }>(`
        SELECT t.knowledge_ref AS ref, c.cluster_id AS found, count(*)::INT AS n FROM ticket_cluster c JOIN ticket t USING (ticket_key)
        WHERE t.knowledge_ref IS NOT NULL AND t.knowledge_ref <> '' GROUP BY ALL`);
      const hc = homogeneityCompleteness(cells);
      console.log(`HPSM vs KM number: ${res.clusters.length} clusters, homogeneity ${hc.homogeneity.toFixed(3)}, completeness ${hc.completeness.toFixed(3)}, V ${hc.v_measure.toFixed(3)}`);
      // measured 0.775 / 0.887 (V 0.827): the signature service + CI + category predicts the knowledge article well
      expect(hc.homogeneity).toBeGreaterThan(0.75);
      expect(hc.completeness).toBeGreaterThan(0.85);
      expect(res.clusters[0]!.label).toMatch(/^service=WBS\d+ ci=\S+ category=/);
    } finally {
      store.close();
    }
  }, 120_000);
});

describe.skipIf(!present)('clusters on the ServiceNow log, structured fields only (no titles)', () => {
  it('keeps signatures apart: no cluster holds more than 25 % of incidents (a varying field chained 72 % into one)', async () => {
    const { db } = await realDataDb('servicenow-uci');
    const store = await Store.open(db, { readOnly: true });
    try {
      const res = await buildClusters(store);
      expect(res.tickets).toBe(20_769);
      console.log(`ServiceNow: ${res.clusters.length} clusters; largest ${res.clusters[0]!.size} (${((100 * res.clusters[0]!.size) / res.tickets).toFixed(1)} %): ${res.clusters[0]!.label}`);
      expect(res.clusters[0]!.size).toBeLessThan(0.25 * res.tickets);
      // every ticket of a cluster shares its exact signature: the number of distinct signatures equals the number of clusters
      const mixed = await store.one<{ n: number }>(`SELECT count(*) AS n FROM (
          SELECT c.cluster_id FROM ticket_cluster c JOIN ticket t USING (ticket_key)
          GROUP BY c.cluster_id HAVING count(DISTINCT concat_ws('|', t.service, t.ci_name, t.category, t.subcategory, t.symptom)) > 1)`);
      expect(mixed!.n).toBe(0);
      // a median, not a sum: 0.17 h for the largest (its total is thousands of hours)
      expect(res.clusters[0]!.median_resolution_hours).toBeLessThan(res.clusters[0]!.resolution_hours);
    } finally {
      store.close();
    }
  }, 120_000);
});
