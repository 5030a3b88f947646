/**
 * `itsm-lens generate`: synthetic exports in a tool's real layout, plus truth.json with the exact figures
 * that were generated and what was planted.
 *
 * Pipeline (all heavy work in DuckDB, streamed): macros (sql.ts) → internal Parquet tables in a temp folder
 * (one pass over range(N), insertion order kept) → truth.json from those tables (truth.ts) → the tool's
 * files from the same tables (writers.ts). With a maturity profile the files are written to the temp folder,
 * then planted and rewritten into the output folder (maturity.ts).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { resolveOptions, type GenerateOptions, type ResolvedOptions } from './options.js';
import { changeSql, interactionMacros, interactionSql, makePlan, problemSql, q, setupSql, ticketFullSql } from './sql.js';
import { computeTruth, type Truth } from './truth.js';
import { writeHpsm, writeJira, writeServiceNow, type Internal } from './writers.js';
import { FORMAT_WRITERS } from './formats/index.js';
import { maturityTruth, plantIntoExports } from './maturity.js';

export type { GenerateOptions, GenerateFormat } from './options.js';
export type { Truth } from './truth.js';

export interface GenerateResult {
  format: string;
  outDir: string;
  /** export files written (absolute paths), in a stable order */
  files: string[];
  truthPath: string;
  truth: Truth;
  options: ResolvedOptions;
  elapsedMs: number;
}

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  const o = resolveOptions(opts);
  const log = opts.log ?? (() => undefined);
  const out = resolve(o.out);
  await mkdir(out, { recursive: true });
  const tmp = join(out, `.itsm-lens-generate-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const p = makePlan(o);
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const exec = async (sql: string): Promise<void> => {
    await conn.run(sql);
  };
  const step = (what: string) => log(`generate: ${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  try {
    await exec(`SET TimeZone = 'UTC'`);
    await exec(`SET preserve_insertion_order = true`);
    await exec(`SET temp_directory = ${q(join(tmp, 'duckdb'))}`);
    await exec(`SET memory_limit = '2GB'`);
    for (const s of setupSql(p)) await exec(s);
    if (o.format === 'hpsm') for (const s of interactionMacros(p)) await exec(s);
    const x: Internal = { tk: join(tmp, 'tk.parquet'), chg: join(tmp, 'chg.parquet'), prb: join(tmp, 'prb.parquet'), int: join(tmp, 'int.parquet') };
    const pqOpts = `(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`;
    step(`tickets: ${p.nTk.toLocaleString('en')}${o.format === 'hpsm' ? ` incidents, ${p.nInt.toLocaleString('en')} interactions` : ''}`);
    await exec(`COPY (${ticketFullSql(p)}) TO ${q(x.tk)} ${pqOpts}`);
    step(`changes: ${p.nChg.toLocaleString('en')}, problems: ${p.nPrb.toLocaleString('en')}`);
    await exec(`COPY (${changeSql(p)}) TO ${q(x.chg)} ${pqOpts}`);
    await exec(`COPY (${problemSql(p)}) TO ${q(x.prb)} ${pqOpts}`);
    if (o.format === 'hpsm') await exec(`COPY (${interactionSql(p)}) TO ${q(x.int)} ${pqOpts}`);
    step('truth');
    const baseTruth = await computeTruth(conn, p, x);
    step(`writing ${o.format} files`);
    const dest = o.maturity ? join(tmp, 'generated') : out;
    if (o.maturity) await mkdir(dest);
    let files =
      FORMAT_WRITERS[o.format] ? await FORMAT_WRITERS[o.format]!(p, x, dest, exec)
      : o.format === 'servicenow' ? await writeServiceNow(p, x, dest, exec)
      : o.format === 'jira' ? await writeJira(p, x, dest, exec)
      : await writeHpsm(p, x, dest, exec);
    let truth = baseTruth;
    if (o.maturity) {
      step(`planting maturity ${Object.entries(o.maturity).map(([k, v]) => `${k}=${v}`).join(',')}`);
      const planted = await plantIntoExports(files, out, o.maturity);
      files = planted.files;
      truth = maturityTruth(baseTruth, o.maturity, planted);
    }
    const truthPath = join(out, 'truth.json');
    await writeFile(truthPath, JSON.stringify({ ...truth, files: files.map((f) => f.slice(out.length + 1)) }, null, 2) + '\n');
    step('done');
    return { format: o.format, outDir: out, files, truthPath, truth, options: o, elapsedMs: performance.now() - t0 };
  } finally {
    conn.closeSync();
    inst.closeSync();
    if (!o.keepInternal) await rm(tmp, { recursive: true, force: true });
  }
}
