#!/usr/bin/env node
// The physical floors, each run as its own process by bench/run.mjs:
//   read-csv DB FILE..   DuckDB's plain read_csv of each export into a table (types auto-detected, no normalisation)
//   scan DB TABLE        every column of TABLE read once
// Prints the in-process time of the SQL (without Node and DuckDB start-up) as JSON.
import { DuckDBInstance } from '@duckdb/node-api';
import { basename } from 'node:path';

const [mode, db, ...rest] = process.argv.slice(2);
const mem = process.env.BENCH_MEMORY_LIMIT;
const inst = await DuckDBInstance.create(db, mem ? { memory_limit: mem } : {});
const conn = await inst.connect();
const t0 = performance.now();
if (mode === 'read-csv') {
  for (const f of rest) {
    const table = basename(f).replace(/\..*$/, '').replace(/\W/g, '_');
    await conn.run(`CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM read_csv('${f.replace(/'/g, "''")}')`);
  }
} else if (mode === 'scan') {
  const cols = (await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = '${rest[0]}'`)).getRowObjectsJS().map((r) => r.column_name);
  // same scan as bench/kpi-vs-scan.mjs: nothing DuckDB can skip, nothing beyond reading
  await conn.runAndReadAll(`SELECT ${cols.map((c, i) => `max("${c}"::VARCHAR IS NOT NULL) AS c${i}`).join(', ')} FROM "${rest[0]}"`);
} else {
  console.error('usage: floor.mjs read-csv DB FILE.. | scan DB TABLE');
  process.exit(2);
}
const ms = Math.round(performance.now() - t0);
conn.closeSync();
inst.closeSync();
console.log(JSON.stringify({ mode, sql_ms: ms }));
