#!/usr/bin/env node
// KPI cost against the floor: `kpi --by month,priority` on N generated ServiceNow tickets, against DuckDB
// reading every column of the same ticket table once. Both run in this process on the same database file,
// best of 3. Usage: npm run build && node bench/kpi-vs-scan.mjs [--tickets 1000000]
// The dataset and its database are cached in bench/.cache (not committed); results go to bench/results/.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arg, dist, root } from './lib/script.mjs';
import os from 'node:os';

const { ingestPaths } = await dist('ingest/index.js');
const { computeKpis } = await dist('metrics/kpi.js');
const { Store } = await dist('store/db.js');

const tickets = Number(arg('tickets', '1000000'));
const cache = join(root, 'bench', '.cache', `servicenow-${tickets}`);
const db = `${cache}.duckdb`;
if (!existsSync(db)) {
  console.error(`generating ${tickets} tickets into ${cache} …`);
  const { generate } = await dist('generate/index.js');
  const gen = await generate({ out: cache, tickets, seed: 1, format: 'servicenow' });
  const store = await Store.open(db);
  await ingestPaths(store, { paths: gen.files });
  store.close();
}
const store = await Store.open(db);
const rows = (await store.one('SELECT count(*) AS n FROM ticket')).n;
const cols = (await store.all(`SELECT column_name FROM information_schema.columns WHERE table_name = 'ticket'`)).map((r) => r.column_name);
const scanSql = `SELECT ${cols.map((c, i) => `max("${c}"::VARCHAR IS NOT NULL) AS c${i}`).join(', ')} FROM ticket`;

async function best(fn) {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return Math.round(min);
}
const scanMs = await best(() => store.all(scanSql));
const kpiMs = await best(() => computeKpis(store, { from: null, to: null }, { by: ['month', 'priority'] }));
const kpiAllMs = await best(() => computeKpis(store, { from: null, to: null }));
store.close();
const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  tickets_generated: tickets,
  ticket_rows: rows,
  plain_scan_ms: scanMs,
  kpi_by_month_priority_ms: kpiMs,
  kpi_no_breakdown_ms: kpiAllMs,
  ratio_by_month_priority_vs_scan: Math.round((kpiMs / scanMs) * 100) / 100,
  ratio_no_breakdown_vs_scan: Math.round((kpiAllMs / scanMs) * 100) / 100,
  scan: 'every column of ticket read once (max(col IS NOT NULL) over all columns)',
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const out = join(root, 'bench', 'results', `${result.date.slice(0, 10)}-kpi-${tickets}.json`);
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
console.error(`wrote ${out}`);
