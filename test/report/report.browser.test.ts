/**
 * The report in a real browser: Debian's chromium driven by playwright-core, offline, opening the demo
 * dataset's report from file://. Every chart must be drawn (an SVG with data marks), nothing may reach the
 * console as an error, nothing may be requested, and hostile strings from the data (a ticket title and a
 * group name written to break out of HTML and of the JSON block) must show as text without running.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/index.js';
import { planIngest, runIngest } from '../../src/ingest/index.js';
import { loadProjectConfig } from '../../src/config/project.js';
import { Store } from '../../src/store/db.js';
import { buildReport, type ReportResult } from '../../src/report/index.js';
import { CHROMIUM, launchChromium } from '../../src/report/browser.js';
import { tempDir } from '../helpers.js';
import { repeatedLabels, reviewPack } from './pack-review.js';

const XSS_TITLE = '<img src=x onerror="window.__xss=1">';
const XSS_GROUP = '</script><script>window.__xss=2</script>';

const present = existsSync(CHROMIUM);
if (!present) console.warn(`\n[report browser] SKIPPED: no chromium at ${CHROMIUM} (.ci/run installs Debian's chromium).\n`);

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Four ServiceNow incidents carrying the hostile strings, in the demo's own export layout. */
function hostileExport(demoIncidents: string, out: string): string {
  const rows = parse(readFileSync(demoIncidents, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  const header = Object.keys(rows[0]!);
  const base = rows.find((r) => r.state === 'Closed' && r.resolved_at)!;
  const make = (i: number, over: Record<string, string>) => ({ ...base, number: `INC99000${i}`, sys_id: `feed${i}`.padEnd(32, '0'), ...over });
  const records = [
    // open since June: the oldest open ticket at the month end, so its title is listed by the report
    make(1, { short_description: XSS_TITLE, description: XSS_TITLE, state: 'In Progress', opened_at: '2025-06-02 09:00:00', resolved_at: '', closed_at: '', sys_updated_on: '2025-06-02 10:00:00', close_code: '', resolved_by: '' }),
    // resolved in the report month by the hostile group: it appears in the resolution-time-by-group chart
    ...[2, 3, 4].map((i) =>
      make(i, { short_description: `Printer jam ${i}`, assignment_group: XSS_GROUP, opened_at: '2025-12-02 09:00:00', resolved_at: `2025-12-0${i + 1} 09:00:00`, closed_at: `2025-12-0${i + 4} 09:00:00`, sys_updated_on: `2025-12-0${i + 4} 09:00:00` }),
    ),
  ];
  writeFileSync(out, [header.join(','), ...records.map((r) => header.map((h) => csvCell(r[h as keyof typeof r] ?? '')).join(','))].join('\n') + '\n');
  return out;
}

describe.skipIf(!present)('the demo report in chromium (offline, file://)', () => {
  const dir = tempDir('itsm-lens-report-browser-');
  const shots = join(dir, 'screenshots');
  let r: ReportResult;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];
  let loadMs = 0;

  beforeAll(async () => {
    const demo = await runDemo({ out: join(dir, 'demo'), tickets: 3000, seed: 2 });
    expect(existsSync(demo.reportPath)).toBe(true);
    const store = await Store.open(demo.db);
    try {
      const file = hostileExport(join(demo.dir, 'exports', 'incident.csv'), join(dir, 'incident_hostile.csv'));
      await runIngest(store, await planIngest({ paths: [file] }));
      r = await buildReport(store, { out: join(dir, 'report'), month: '2025-12', config: loadProjectConfig() });
    } finally {
      store.close();
    }
    browser = await launchChromium();
    const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (q) => (q.url() !== pathToFileURL(r.html).href ? requests.push(q.url()) : undefined));
    const t0 = Date.now();
    await page.goto(pathToFileURL(r.html).href, { waitUntil: 'load' });
    loadMs = Date.now() - t0;
    await page.waitForSelector('html[data-charts="done"]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart as an SVG with data marks', async () => {
    const charts = await page.$$eval('.vis', (els) =>
      els.map((e) => ({ id: e.id, state: e.getAttribute('data-rendered'), marks: e.querySelectorAll('svg .role-mark path, svg .role-mark line').length })),
    );
    expect(charts.length).toBe(r.drawn);
    expect(r.drawn).toBeGreaterThanOrEqual(14);
    for (const c of charts) {
      expect(c.state, c.id).toBe('true');
      expect(c.marks, c.id).toBeGreaterThan(0);
    }
  });

  it('logs no console error and requests nothing', () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(loadMs).toBeLessThan(10_000);
  });

  it('screenshots every section at 1400 and 390 px, fits a phone, and repeats no tick label on any axis (issue 21.7)', async () => {
    const review = await reviewPack(browser, r.html, shots);
    console.info(`[report browser] demo pack screenshots (${review.shots.length}) in ${shots}`);
    expect(review.errors).toEqual([]);
    // sections × 2 widths at least, each a real picture
    expect(review.shots.length).toBeGreaterThanOrEqual(2 * 9);
    for (const f of review.shots) expect(statSync(f).size, f).toBeGreaterThan(2_000);
    // the page is as wide as the window at 390 px: charts scale down, wide tables scroll in their block
    expect(review.overflow).toEqual([]);
    // every drawn chart has a value axis with labels, and none reads the same twice
    expect(new Set(review.axes.filter((a) => a.labels.length > 1).map((a) => a.chart)).size).toBe(r.drawn);
    expect(repeatedLabels(review)).toEqual([]);
  });

  it('shows hostile strings from the data as text and never runs them', async () => {
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // the title, as the text of the oldest-open table's cell
    const titles = await page.$$eval('#table-oldest-open td', (tds) => tds.map((td) => td.textContent));
    expect(titles).toContain(XSS_TITLE);
    // the group: in the chart (SVG text drawn by vega), in its data table, and nowhere as an element
    const chartText = await page.$$eval('#vis-mttr-group svg text', (ts) => ts.map((t) => t.textContent));
    // vega shortens long axis labels with an ellipsis: the label starts with the group name, as text
    expect(chartText.some((t) => t?.startsWith('</script><script>window'))).toBe(true);
    const rowHeads = await page.$$eval('#chart-mttr-group details th[scope="row"]', (ths) => ths.map((t) => t.textContent));
    expect(rowHeads).toContain(XSS_GROUP);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    // the server-side SVG for slides escapes it too
    const svg = readFileSync(join(r.dir, 'charts', 'mttr-group.svg'), 'utf8');
    expect(svg).toContain('&lt;/script&gt;&lt;script&gt;window');
    expect(svg).not.toContain('<script');
    expect(await page.$$eval('script', (s) => s.length)).toBe(5); // the JSON block + 4 inline scripts
  });

  it('prints to PDF (print stylesheet, A4)', async () => {
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(50_000);
  });
});
