import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generate } from '../generate/index.js';
import { runIngest, planIngest } from '../ingest/index.js';
import type { FileSummary } from '../ingest/ingest-file.js';
import { computeKpis } from '../metrics/kpi.js';
import type { KpiDocument } from '../metrics/kpi-document.js';
import { loadProjectConfig } from '../config/project.js';
import { buildReport } from '../report/index.js';
import { Store } from '../store/db.js';
import { fileListKind, OutputFolder } from '../store/output-folder.js';
import { compareWithTruth, type TruthCheck } from './truth-check.js';

export interface DemoOptions {
  out: string;
  tickets?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface DemoResult {
  dir: string;
  db: string;
  exports: string[];
  ingested: FileSummary[];
  kpisPath: string;
  kpis: KpiDocument;
  check: TruthCheck;
  /** the monthly report of the latest month (DIR/report/index.html) */
  reportPath: string;
}

/** A mid-size organisation's year (30,000 tickets by default, ServiceNow exports). */
export const DEMO_TICKETS = 30_000;

export const DEMO_FOLDER = fileListKind('demo --out', 'demo', 'itsm-lens-demo.json');
/** The demo's own files at the top of its folder; exports/ and report/ are folders with manifests of their own. */
const DEMO_FILES = ['itsm-lens.duckdb', 'itsm-lens.duckdb.wal', 'kpis.json'];

/**
 * The whole pipeline on generated data: ServiceNow exports with planted truths → a fresh database →
 * KPIs, checked against what the generator planted → the monthly report of the latest month.
 *
 * The folder is an output folder (store/output-folder.ts): absent, empty, or a demo's before (its manifest
 * itsm-lens-demo.json); the demo once deleted `itsm-lens.duckdb` in whatever folder --out named. The manifest is
 * written first and the previous run's database and kpis.json deleted through it, so a killed demo can be rerun.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  return OutputFolder.with(opts.out, DEMO_FOLDER, async (folder) => {
    await folder.commit([], () => DEMO_FOLDER.text(DEMO_FILES.map((path) => ({ path, bytes: 0 }))));
    return demoInto(resolve(opts.out), opts);
  });
}

async function demoInto(dir: string, opts: DemoOptions): Promise<DemoResult> {
  const log = opts.log ?? (() => undefined);
  const exportsDir = join(dir, 'exports');
  const db = join(dir, 'itsm-lens.duckdb');
  const gen = await generate({ out: exportsDir, tickets: opts.tickets ?? DEMO_TICKETS, seed: opts.seed ?? 1, format: 'servicenow', log });
  const plan = await planIngest({ paths: gen.files });
  const store = await Store.open(db);
  try {
    const ingested = await runIngest(store, plan, (s) =>
      log(`ingest: ${s.path.slice(dir.length + 1)}: read ${s.rows_read} · loaded ${s.rows_loaded} · rejected ${s.rows_rejected}`),
    );
    const kpis = await computeKpis(store, { from: null, to: null });
    const kpisPath = join(dir, 'kpis.json');
    await writeFile(kpisPath, JSON.stringify(kpis, null, 2) + '\n');
    const check = compareWithTruth(kpis, gen.truth as never);
    const report = await buildReport(store, { out: join(dir, 'report'), config: loadProjectConfig(), log });
    log(`report: ${report.html}`);
    return { dir, db, exports: gen.files, ingested, kpisPath, kpis, check, reportPath: report.html };
  } finally {
    store.close();
  }
}
