import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ProjectConfig } from '../config/project.js';
import type { Store } from '../store/db.js';
import { chartSpec, renderSvg } from './charts.js';
import { collectReport } from './collect.js';
import { DEFAULT_DEFINITION, loadDefinition, loadTemplates } from './definition.js';
import { renderPage, type PageChart } from './html.js';
import { resolveReportPeriods } from './periods.js';
import { takeaway } from './takeaway.js';
import { writePdf } from './browser.js';

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
 * data), and DIR/report.pdf with --pdf.
 */
export async function buildReport(store: Store, opts: ReportOptions): Promise<ReportResult> {
  const log = opts.log ?? (() => undefined);
  const def = loadDefinition(opts.definition ?? DEFAULT_DEFINITION);
  const templates = loadTemplates();
  const periods = await resolveReportPeriods(store, opts.month, def.trendMonths, opts.compare);
  if (periods.note) log(`report: ${periods.note}`);
  log(`report: ${periods.month}, trends from ${periods.months[0]}`);
  const data = await collectReport(store, def, periods, opts.config);

  const dir = resolve(opts.out);
  await mkdir(join(dir, 'charts'), { recursive: true });
  // charts of an earlier run that this one does not draw must not linger beside the new ones
  for (const f of await readdir(join(dir, 'charts'))) if (/\.(svg|vl\.json)$/.test(f)) await rm(join(dir, 'charts', f));
  const charts = new Map<string, PageChart>();
  const svgs: string[] = [];
  for (const c of data.charts.values()) {
    const title = takeaway(c, periods);
    charts.set(c.def.id, { data: c, title, spec: chartSpec(c, templates, periods.months) });
    if (!c.rows.length) continue;
    const withTitle = chartSpec(c, templates, periods.months, title);
    const svg = join(dir, 'charts', `${c.def.id}.svg`);
    await writeFile(svg, await renderSvg(withTitle));
    await writeFile(join(dir, 'charts', `${c.def.id}.vl.json`), JSON.stringify(withTitle) + '\n');
    svgs.push(svg);
  }
  const html = join(dir, 'index.html');
  const page = renderPage(data, charts, new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
  await writeFile(html, page);
  const kpis = join(dir, 'kpis.json');
  await writeFile(kpis, JSON.stringify(data.kpis, null, 2) + '\n');
  let pdf: string | null = null;
  if (opts.pdf) {
    pdf = join(dir, 'report.pdf');
    await writePdf(html, pdf, opts.paper ?? 'A4');
  }
  const drawn = [...data.charts.values()].filter((c) => c.rows.length).length;
  return { dir, html, kpis, charts: svgs, pdf, month: periods.month, bytes: Buffer.byteLength(page), drawn, empty: data.charts.size - drawn };
}
