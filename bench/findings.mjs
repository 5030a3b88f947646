#!/usr/bin/env node
// Findings on N generated ServiceNow tickets (default 1M, seed 1): computeFindings end to end, and the part
// of it that is the recurring-problem clustering (src/clusters, timed alone). Usage:
//   npm run build && node bench/findings.mjs [--tickets 1000000] [--db FILE]
// The dataset and its database are cached in bench/.cache (shared with kpi-vs-scan.mjs); --db runs on
// another database file instead. Results go to bench/results/.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arg, dist, root } from './lib/script.mjs';
import os from 'node:os';

const { ingestPaths } = await dist('ingest/index.js');
const { computeFindings } = await dist('findings/index.js');
const { buildClusters } = await dist('clusters/cluster.js');
const { Store } = await dist('store/db.js');

const tickets = Number(arg('tickets', '1000000'));
const cache = join(root, 'bench', '.cache', `servicenow-${tickets}`);
const db = arg('db', `${cache}.duckdb`);
if (!existsSync(db)) {
  console.error(`generating ${tickets} tickets into ${cache} …`);
  const { generate } = await dist('generate/index.js');
  const gen = await generate({ out: cache, tickets, seed: 1, format: 'servicenow' });
  const store = await Store.open(db);
  await ingestPaths(store, { paths: gen.files });
  store.close();
}
const store = await Store.open(db);
const rows = (await store.one(`SELECT count(*) FILTER (WHERE kind = 'incident') AS inc, count(*) AS n FROM ticket`));
let t = performance.now();
const res = await computeFindings(store, {});
const findingsMs = Math.round(performance.now() - t);
t = performance.now();
const month = await computeFindings(store, { month: '2025-09' });
const monthMs = Math.round(performance.now() - t);
t = performance.now();
await buildClusters(store, {});
const clustersMs = Math.round(performance.now() - t);
store.close();
const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load_1min: os.loadavg()[0] },
  tickets_generated: tickets,
  ticket_rows: rows.n,
  incidents: rows.inc,
  findings_all_data_ms: findingsMs,
  findings_month_ms: monthMs,
  of_which_clustering_ms: clustersMs,
  tested: res.tested,
  findings: res.findings.length,
  top5: res.findings.slice(0, 5).map((f) => f.summary),
  month_tested: month.tested,
  month_findings: month.findings.length,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const out = join(root, 'bench', 'results', `${result.date.slice(0, 10)}-findings-${tickets}.json`);
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
console.error(`wrote ${out}`);
