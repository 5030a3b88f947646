import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClusters } from '../../src/clusters/cluster.js';
import { plantedScores, type PlantedCluster } from '../../src/clusters/evaluate.js';
import { generate } from '../../src/generate/index.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { Store } from '../../src/store/db.js';
import { ROOT, openStore, tempDir } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';

// The planted clusters are paraphrase families: ten wordings each, English and German, typos ("dsik", "outlok"),
// host names, percentages and error codes; they share their structured block (category, subcategory, group,
// service), not their words. Targets of the issue: recall and precision ≥ 0.9 per planted cluster, ARI ≥ 0.8.
async function scoreDataset(store: Store, planted: PlantedCluster[]) {
  const res = await buildClusters(store);
  const scores = await plantedScores(store, res, planted);
  console.log(scores.per_cluster.map((s) => `${s.id} ${s.label}: ${s.best_cluster} size ${s.best_size} recall ${s.recall.toFixed(3)} precision ${s.precision.toFixed(3)}`).join('\n') + `\nARI ${scores.ari.toFixed(4)}`);
  return { res, scores };
}

describe('clusters on the generated ServiceNow fixture (1,500 incidents)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open((await fixtureDb('servicenow')).db);
  }, 60_000);
  afterAll(() => store.close());

  it('finds each planted cluster with recall and precision ≥ 0.9, ARI ≥ 0.8', async () => {
    const truth = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'servicenow', 'truth.json'), 'utf8')) as { planted: { clusters: PlantedCluster[] } };
    const { scores } = await scoreDataset(store, truth.planted.clusters);
    expect(scores.per_cluster).toHaveLength(5);
    for (const s of scores.per_cluster) {
      expect(s.recall, s.id).toBeGreaterThanOrEqual(0.9);
      expect(s.precision, s.id).toBeGreaterThanOrEqual(0.9);
    }
    expect(scores.ari).toBeGreaterThanOrEqual(0.8);
  }, 30_000);
});

describe('clusters on 20,000 generated tickets, planted and null', () => {
  const dir = tempDir();
  it('planted: targets met, the planted clusters are the problem candidates, and each ticket says why it is in', async () => {
    const gen = await generate({ out: join(dir, 'p'), tickets: 20_000, seed: 11, format: 'servicenow' });
    const store = await openStore(dir, 'p.duckdb');
    try {
      await ingestPaths(store, { paths: gen.files });
      const truth = JSON.parse(readFileSync(join(dir, 'p', 'truth.json'), 'utf8')) as { planted: { clusters: PlantedCluster[] } };
      const { res, scores } = await scoreDataset(store, truth.planted.clusters);
      for (const s of scores.per_cluster) {
        expect(s.recall, s.id).toBeGreaterThanOrEqual(0.9);
        expect(s.precision, s.id).toBeGreaterThanOrEqual(0.9);
      }
      expect(scores.ari).toBeGreaterThanOrEqual(0.8);
      // every candidate is a planted cluster (background templates recur too, but problems link to them by chance)
      const plantedIds = new Set(scores.per_cluster.map((s) => s.best_cluster));
      const cands = res.clusters.filter((c) => c.problem_candidate);
      expect(cands.length).toBeGreaterThan(0);
      for (const c of cands) expect(plantedIds.has(c.id), `${c.id} ${c.label}`).toBe(true);
      // the German and misspelt members of the disk family say which block term brought them in
      const c1 = scores.per_cluster.find((s) => s.id === 'C1')!;
      const why = await store.all<{ why: string; template: string }>(
        `SELECT why, template FROM ticket_cluster WHERE cluster_id = '${c1.best_cluster}' AND template LIKE 'festplatte%' LIMIT 1`,
      );
      expect(why[0]!.why).toMatch(/^term "(festplatte|voll)" specific to Hardware \| Disk \| Linux Server Team \| Data Platform$/);
    } finally {
      store.close();
    }
  }, 120_000);

  it('null data (nothing planted): no problem candidates', async () => {
    // the rate over 20 seeds is measured by bench/clusters-quality.mjs --null (0 of 20 seeds had any candidate)
    for (const seed of [21]) {
      const gen = await generate({ out: join(dir, `n${seed}`), tickets: 6_000, seed, format: 'servicenow', null: true });
      const store = await openStore(dir, `n${seed}.duckdb`);
      try {
        await ingestPaths(store, { paths: gen.files });
        const res = await buildClusters(store);
        const cands = res.clusters.filter((c) => c.problem_candidate);
        expect(cands.map((c) => `${c.size} ${c.label}: ${c.candidate_reason}`), `seed ${seed}`).toEqual([]);
        // recurring clusters exist, they are just not beyond chance
        expect(res.clusters.filter((c) => c.size >= 10 && c.linked_problems.length === 0).length).toBeGreaterThan(0);
      } finally {
        store.close();
      }
    }
  }, 120_000);
});
