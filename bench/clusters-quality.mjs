#!/usr/bin/env node
// Cluster quality and timing on generated ServiceNow data: per planted cluster the recall and precision of its
// best-matching cluster, the adjusted Rand index on the planted subset, and problem candidates on --null data.
// Usage: npm run build && node bench/clusters-quality.mjs [--tickets 20000] [--seeds 1,2,3] [--null]
// Datasets and databases are cached in bench/.cache (not committed); the JSON result is printed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arg, dist, root } from './lib/script.mjs';

const { ingestPaths } = await dist('ingest/index.js');
const { buildClusters } = await dist('clusters/cluster.js');
const { plantedScores } = await dist('clusters/evaluate.js');
const { Store } = await dist('store/db.js');
const { generate } = await dist('generate/index.js');

const tickets = Number(arg('tickets', '20000'));
const seeds = String(arg('seeds', '1')).split(',').map(Number);
const nullData = process.argv.includes('--null');
const out = [];
for (const seed of seeds) {
  const cache = join(root, 'bench', '.cache', `servicenow-${tickets}-s${seed}${nullData ? '-null' : ''}`);
  const db = `${cache}.duckdb`;
  if (!existsSync(db)) {
    const gen = await generate({ out: cache, tickets, seed, format: 'servicenow', null: nullData });
    const store = await Store.open(db);
    await ingestPaths(store, { paths: gen.files });
    store.close();
  }
  const store = await Store.open(db);
  const t0 = performance.now();
  const res = await buildClusters(store);
  const ms = Math.round(performance.now() - t0);
  const truth = JSON.parse(readFileSync(join(cache, 'truth.json'), 'utf8'));
  const scores = nullData ? null : await plantedScores(store, res, truth.planted.clusters);
  const cands = res.clusters.filter((c) => c.problem_candidate);
  out.push({
    seed, tickets, incidents: res.tickets, ms, rounds: res.rounds, clusters_2plus: res.clusters.filter((c) => c.size >= 2).length,
    problem_candidates: cands.length, candidate_labels: cands.slice(0, 12).map((c) => `${c.size} ${c.label}`), scores,
  });
  store.close();
}
console.log(JSON.stringify(out, null, 1));
