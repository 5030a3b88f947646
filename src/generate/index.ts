/**
 * `itsm-lens generate`: synthetic exports in a tool's real layout, plus truth.json with the exact figures
 * that were generated and what was planted.
 *
 * Pipeline (all heavy work in DuckDB, streamed): macros (sql.ts) → internal Parquet tables in a temp folder
 * (one pass over range(N), insertion order kept) → truth.json from those tables (truth.ts) → the tool's
 * files from the same tables (writers.ts). With a maturity profile the files are written to the temp folder,
 * then planted and rewritten into the output folder (maturity.ts). Everything is written into a stage inside
 * the output folder and renamed into place, truth.json last (src/store/output-folder.ts).
 */
import { mkdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { duckdb } from '../store/duckdb-api.js';
import { resolveOptions, type GenerateOptions, type ResolvedOptions } from './options.js';
import { changeSql, interactionMacros, interactionSql, makePlan, problemSql, q, setupSql, ticketFullSql } from './sql.js';
import { computeTruth, type Truth } from './truth.js';
import { writeHpsm, writeJira, writeServiceNow, type Internal } from './writers.js';
import { FORMAT_WRITERS } from './formats/index.js';
import { writeStatuspage } from './formats/statuspage.js';
import { maturityTruth, plantIntoExports } from './maturity.js';
import { OutputFolder, type OutputKind } from '../store/output-folder.js';
import { engineSettings } from '../store/db.js';

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

/** A generated folder: truth.json is its manifest, its `files` the exports written beside it. */
const GENERATE_FOLDER: OutputKind<{ files: string[] }> = {
  command: 'generate --out',
  noun: 'generated exports',
  manifest: 'truth.json',
  parse(text) {
    const t = JSON.parse(text) as { schema?: string; files?: unknown };
    return t?.schema === 'itsm-lens/truth@1' && Array.isArray(t.files) && t.files.every((f) => typeof f === 'string') ? (t as { files: string[] }) : undefined;
  },
  owned: (t) => ({ '': t.files }),
};

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  const o = resolveOptions(opts);
  // the folder is new, empty or generated before (its truth.json lists the files it holds): a user's own
  // exports are never overwritten; the files are written into a stage and renamed into place, truth.json last
  return OutputFolder.with(o.out, GENERATE_FOLDER, (folder) => generateInto(folder, o, opts.log ?? (() => undefined), t0));
}

async function generateInto(folder: OutputFolder<{ files: string[] }>, o: ResolvedOptions, log: (line: string) => void, t0: number): Promise<GenerateResult> {
  const out = folder.dir;
  const stage = folder.stage;
  if (o.format === 'statuspage') {
    // a status page holds tens of incidents, not a ticket queue: its own small writer and truth (formats/statuspage.ts)
    log(`generate: statuspage incidents and maintenances`);
    const { files, truth } = await writeStatuspage(o, stage);
    const names = files.map((f) => relative(stage, f).split(sep).join('/'));
    await folder.commit(names, () => JSON.stringify({ ...truth, files: names }, null, 2) + '\n');
    return { format: o.format, outDir: out, files: names.map((f) => join(out, f)), truthPath: join(out, 'truth.json'), truth, options: o, elapsedMs: performance.now() - t0 };
  }
  const tmp = join(stage, '.internal');
  await mkdir(tmp);
  const p = makePlan(o);
  // --threads / ITSM_LENS_THREADS and the allocator's settings, as for every database the CLI opens
  const inst = await duckdb().DuckDBInstance.create(':memory:', engineSettings());
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
    // DuckDB's common-subexpression pass over the macro-expanded ticket and interaction statements costs more
    // planning than it saves (CPU-s, one thread: tickets 0.32 → 0.20 at 2,000, 2.49 → 2.32 at 200,000; HPSM
    // interactions 0.46 → 0.16 at 2,000, 0.84 → 0.90 at 200,000); the change statement keeps it (0.20 → 0.38 at
    // 20,000 changes without). The same rows either way: it only decides what is computed once.
    await exec(`SET disabled_optimizers = 'common_subexpressions'`);
    await exec(`COPY (${ticketFullSql(p)}) TO ${q(x.tk)} ${pqOpts}`);
    if (o.format === 'hpsm') await exec(`COPY (${interactionSql(p)}) TO ${q(x.int)} ${pqOpts}`);
    await exec(`RESET disabled_optimizers`);
    step(`changes: ${p.nChg.toLocaleString('en')}, problems: ${p.nPrb.toLocaleString('en')}`);
    await exec(`COPY (${changeSql(p)}) TO ${q(x.chg)} ${pqOpts}`);
    await exec(`COPY (${problemSql(p)}) TO ${q(x.prb)} ${pqOpts}`);
    step('truth');
    const baseTruth = await computeTruth(conn, p, x);
    step(`writing ${o.format} files`);
    const dest = o.maturity ? join(tmp, 'generated') : stage;
    if (o.maturity) await mkdir(dest);
    let files =
      FORMAT_WRITERS[o.format] ? await FORMAT_WRITERS[o.format]!(p, x, dest, exec)
      : o.format === 'servicenow' ? await writeServiceNow(p, x, dest, exec)
      : o.format === 'jira' ? await writeJira(p, x, dest, exec)
      : await writeHpsm(p, x, dest, exec);
    let truth = baseTruth;
    if (o.maturity) {
      step(`planting maturity ${Object.entries(o.maturity).map(([k, v]) => `${k}=${v}`).join(',')}`);
      const planted = await plantIntoExports(files, stage, o.maturity);
      files = planted.files;
      truth = maturityTruth(baseTruth, o.maturity, planted);
    }
    const names = files.map((f) => relative(stage, f).split(sep).join('/'));
    await folder.commit(names, () => JSON.stringify({ ...truth, files: names }, null, 2) + '\n');
    step('done');
    return { format: o.format, outDir: out, files: names.map((f) => join(out, f)), truthPath: join(out, 'truth.json'), truth, options: o, elapsedMs: performance.now() - t0 };
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}
