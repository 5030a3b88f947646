import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectConfig } from '../config/project.js';
import type { Store } from '../store/db.js';
import { chartSpec, renderSvg } from './charts.js';
import { collectReport } from './collect.js';
import { DEFAULT_DEFINITION, loadDefinition, loadTemplates, type ChartTemplates, type ReportDefinition } from './definition.js';
import { renderPage, type PageChart } from './html.js';
import { effectiveTarget } from '../config/targets.js';
import { resolveReportPeriods } from './periods.js';
import { takeaway } from './takeaway.js';
import { writePdf } from './browser.js';
import { fileListKind, OutputFolder, type FileListManifest } from '../store/output-folder.js';

/** A report folder: DIR/itsm-lens-report.json lists the files the report wrote. */
export const REPORT_FOLDER = fileListKind('report --out', 'report', 'itsm-lens-report.json');

export interface ReportOptions {
  out: string;
  month?: string;
  compare?: 'previous' | 'year';
  definition?: string;
  config: ProjectConfig;
  pdf?: boolean;
  paper?: 'A4' | 'Letter';
  log?: (line: string) => void;
}

export interface ReportResult {
  dir: string;
  html: string;
  kpis: string;
  charts: string[];
  pdf: string | null;
  month: string;
  bytes: number;
  /** charts drawn, and those replaced by a one-line reason */
  drawn: number;
  empty: number;
}

/**
 * `itsm-lens report`: DIR/index.html (one self-contained file), DIR/kpis.json (the kpi@1 document of the
 * month), DIR/charts/<id>.svg (rendered server-side, for slides) and <id>.vl.json (the spec with its
 * data), and DIR/report.pdf with --pdf; DIR/itsm-lens-report.json lists them. DIR must be new, empty or a report
 * folder (src/store/output-folder.ts); a killed run leaves the previous report whole.
 */
export async function buildReport(store: Store, opts: ReportOptions): Promise<ReportResult> {
  const def = loadDefinition(opts.definition ?? DEFAULT_DEFINITION);
  const templates = loadTemplates();
  // the organisation's targets are checked against the tiles they set (a rate written as 95) before the work
  for (const t of def.tiles) effectiveTarget(t, opts.config.targets, opts.config.path);
  // the folder is checked (ours, or new) before the work: a refusal costs nothing
  return OutputFolder.with(opts.out, REPORT_FOLDER, (folder) => writeReport(folder, store, opts, def, templates));
}

async function writeReport(folder: OutputFolder<FileListManifest>, store: Store, opts: ReportOptions, def: ReportDefinition, templates: ChartTemplates): Promise<ReportResult> {
  const log = opts.log ?? (() => undefined);
  const periods = await resolveReportPeriods(store, opts.month, def.trendMonths, opts.compare, opts.config.coverage.minShare, opts.config.coverage.fromConfig);
  if (periods.note) log(`report: ${periods.note}`);
  log(`report: ${periods.month}, trends from ${periods.months[0]}`);
  // The SVGs are drawn (vega, on this thread) while the extras' SQL runs (DuckDB's threads; this one idle): drawn
  // after it, they were ~0.8 s of wall time with the database idle. One at a time, in the charts' order: vega
  // numbers clip paths and gradients with module-wide counters, so the files stay byte for byte the same.
  const svgs = new Map<string, { spec: ReturnType<typeof chartSpec>; svg: Promise<string> }>();
  let previous: Promise<unknown> = Promise.resolve();
  const data = await collectReport(store, def, periods, opts.config, (ready) => {
    for (const c of ready.values()) {
      if (!c.rows.length) continue;
      const spec = chartSpec(c, templates, periods.months, takeaway(c, periods), periods.marked);
      const svg = previous.then(() => renderSvg(spec));
      // awaited when written; until then a failure must not be an unhandled rejection (it ends the process)
      svg.catch(() => undefined);
      svgs.set(c.def.id, { spec, svg });
      previous = svg;
    }
  });

  // everything is written into the stage, then renamed into the folder: charts of an earlier run that this
  // one does not draw are deleted then (the manifest lists them), nothing else is
  const { dir, stage } = folder;
  await mkdir(join(stage, 'charts'));
  const charts = new Map<string, PageChart>();
  const files: string[] = [];
  for (const c of data.charts.values()) {
    const title = takeaway(c, periods);
    charts.set(c.def.id, { data: c, title, spec: chartSpec(c, templates, periods.months, undefined, periods.marked) });
    if (!c.rows.length) continue;
    const drawn = svgs.get(c.def.id)!;
    await writeFile(join(stage, 'charts', `${c.def.id}.svg`), await drawn.svg);
    await writeFile(join(stage, 'charts', `${c.def.id}.vl.json`), JSON.stringify(drawn.spec) + '\n');
    files.push(`charts/${c.def.id}.svg`, `charts/${c.def.id}.vl.json`);
  }
  const page = renderPage(data, charts, new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
  await writeFile(join(stage, 'index.html'), page);
  await writeFile(join(stage, 'kpis.json'), JSON.stringify(data.kpis, null, 2) + '\n');
  files.push('index.html', 'kpis.json');
  if (opts.pdf) {
    await writePdf(join(stage, 'index.html'), join(stage, 'report.pdf'), opts.paper ?? 'A4');
    files.push('report.pdf');
  }
  await folder.commit(files, REPORT_FOLDER.text);
  const drawn = [...data.charts.values()].filter((c) => c.rows.length).length;
  return {
    dir,
    html: join(dir, 'index.html'),
    kpis: join(dir, 'kpis.json'),
    charts: files.filter((f) => f.endsWith('.svg')).map((f) => join(dir, f)),
    pdf: opts.pdf ? join(dir, 'report.pdf') : null,
    month: periods.month,
    bytes: Buffer.byteLength(page),
    drawn,
    empty: data.charts.size - drawn,
  };
}
