/**
 * Databases that several test files would otherwise each build from the same files: the real exports in
 * ../shared/data (the ServiceNow event log alone was ingested by six files) and the committed fixtures
 * (fixtures/servicenow by nine). Each is built once per `vitest run` and every caller gets its own copy,
 * so a test may write to it and the two workers never open one DuckDB file. So is the output of a read-only
 * command that several real-data files assert on (`realDataCli`: `kpi --json`, `assess --json`).
 *
 * How: test/shared-databases.setup.ts (vitest's globalSetup) makes an empty folder for the run and removes
 * it afterwards. The first test that asks for a database builds it there while holding a lock folder
 * (mkdir is atomic across the worker processes), then writes `<key>.json`; a test in the other worker that
 * asks meanwhile waits for that file. Nothing is built ahead: a file run alone builds only what it uses,
 * and no test depends on another having run.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { generate } from '../src/generate/index.js';
import { ingestPaths, planIngest, runIngest } from '../src/ingest/index.js';
import type { FileSummary } from '../src/ingest/ingest-file.js';
import { Store } from '../src/store/db.js';
import { cli, ROOT, SHARED_DATA, tempDir, type CliResult } from './helpers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedDatabases: string;
  }
}

/** What each real-data database is: `itsm-lens ingest --db <db> <paths…>` (paths under ../shared/data). */
const REAL_DATA = {
  'servicenow-uci': ['servicenow-uci/incident_event_log.csv.gz'],
  'hpsm-bpi2014': ['hpsm-bpi2014'],
  'hpsm-bpi2014-incidents': ['hpsm-bpi2014/Detail Incident.csv.gz'],
  'jira-hive': ['jira-hive/jira_issues.csv'],
} as const;
export type RealData = keyof typeof REAL_DATA;

const WAIT_MS = 15 * 60_000;
let privateDir: string | undefined;

/** The run's folder (from the globalSetup); a private one if this file runs without it (removed with the file's folders). */
function cacheDir(): string {
  const dir = inject('sharedDatabases');
  if (dir) return dir;
  if (privateDir === undefined || !existsSync(privateDir)) privateDir = tempDir('itsm-lens-shared-dbs-');
  return privateDir;
}

/** What `build` returned, run once per `vitest run` for `key` (given the path `<key>.duckdb` in the run's folder to write to). */
async function once<T>(key: string, build: (db: string) => Promise<T>): Promise<{ dir: string; built: T }> {
  const dir = cacheDir();
  const db = join(dir, `${key}.duckdb`);
  const doneFile = join(dir, `${key}.json`);
  let builder = false;
  try {
    mkdirSync(join(dir, `${key}.lock`));
    builder = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (builder) {
    let done: { built?: T; error?: string };
    try {
      done = { built: await build(db) };
    } catch (e) {
      done = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    writeFileSync(`${doneFile}.tmp`, JSON.stringify(done));
    renameSync(`${doneFile}.tmp`, doneFile);
  }
  const started = Date.now();
  while (!existsSync(doneFile)) {
    if (Date.now() - started > WAIT_MS) throw new Error(`shared database ${key}: not built after ${WAIT_MS / 60_000} minutes (${dir})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const done = JSON.parse(readFileSync(doneFile, 'utf8')) as { built?: T; error?: string };
  if (done.error !== undefined) throw new Error(`shared database ${key} could not be built: ${done.error}`);
  return { dir, built: done.built as T };
}

/** A fresh copy of the database `key`, built once by `build` (which writes it at the given path), and what `build` returned. */
async function shared<T>(key: string, build: (db: string) => Promise<T>): Promise<{ db: string; built: T }> {
  const { dir, built } = await once(key, build);
  const db = join(dir, `${key}.duckdb`);
  const copy = join(tempDir(`itsm-lens-${key}-`), `${key}.duckdb`);
  // a failed ingest leaves no database: the caller sees the failure in `built` (its own assertions say so)
  for (const suffix of ['', '.wal']) if (existsSync(db + suffix)) copyFileSync(db + suffix, copy + suffix);
  return { db: copy, built };
}

/**
 * A copy of a real export ingested by the CLI, and that ingest's exit code and output. The ingest runs DuckDB's
 * default threads whichever file builds it (a file outside test/real-data may be first): real exports are where
 * its parallel paths run.
 */
export async function realDataDb(name: RealData): Promise<{ db: string; ingest: CliResult }> {
  const { db, built } = await shared(name, async (path) => cli(['ingest', '--db', path, ...REAL_DATA[name].map((p) => join(SHARED_DATA, p))], undefined, { defaultThreads: true }));
  return { db, ingest: built };
}

/**
 * What `itsm-lens <args…> --db <db>` printed on a copy of the real-data database `name` as realDataDb gives it:
 * run once per `vitest run`, whichever file asks first, and read by every file that asks for the same arguments.
 * Only for read-only commands whose output names no path and does not depend on the copy (kpi --json and
 * assess --json: byte-identical on two copies); a file that changes its copy runs its commands itself. Several
 * real-data files assert on the same document: `assess --json` of each export (assess and same-figures), `kpi --json`
 * of the ServiceNow log (shared-data, same-figures, knowledge-self-service, map) and of HPSM (shared-data,
 * same-figures, knowledge-self-service). The command runs with the asking file's environment, as `cli` runs it.
 */
export async function realDataCli(name: RealData, args: string[]): Promise<CliResult> {
  const key = `${name}-cli-${createHash('sha256').update(JSON.stringify(args)).digest('hex').slice(0, 16)}`;
  return (await once(key, async () => cli([...args, '--db', (await realDataDb(name)).db]))).built;
}

/** realDataCli's JSON document, parsed; a failed run throws with its exit code and stderr, not a JSON parse error. */
export async function realDataJson<T>(name: RealData, args: string[]): Promise<T> {
  const r = await realDataCli(name, args);
  if (r.code !== 0) throw new Error(`itsm-lens ${args.join(' ')} on ${name} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** A copy of fixtures/<tool> ingested in process (`ingestPaths`), and the per-file summaries. */
export async function fixtureDb(tool: string): Promise<{ db: string; summaries: FileSummary[] }> {
  const { db, built } = await shared(`fixture-${tool}`, async (path) => {
    const store = await Store.open(path);
    try {
      return await ingestPaths(store, { paths: [join(ROOT, 'fixtures', tool)] });
    } finally {
      store.close();
    }
  });
  return { db, summaries: built };
}

/**
 * A copy of a generated ServiceNow dataset (`generate` with these options, every file ingested as a user's plain
 * `ingest` plans it). test/report/report and test/report/once read the same 2,500-ticket year.
 */
export async function generatedDb(opts: { tickets: number; seed: number }): Promise<{ db: string }> {
  const { db } = await shared(`generated-servicenow-${opts.tickets}-${opts.seed}`, async (path) => {
    const gen = await generate({ out: `${path}.exports`, tickets: opts.tickets, seed: opts.seed, format: 'servicenow' });
    const store = await Store.open(path);
    try {
      await runIngest(store, await planIngest({ paths: gen.files }));
    } finally {
      store.close();
    }
  });
  return { db };
}
