/**
 * The visual review of a report pack in chromium (issue 21.7): every section screenshotted at a desk width
 * (1400 px) and a phone width (390 px), tall sections in parts of 1,800 px, into `dir` (the caller prints it);
 * and every drawn chart's axis and legend label texts read from the rendered SVG, so that a test can fail on
 * two equal tick labels on one axis ("1%, 1%, 1%, 0%").
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';

export const WIDTHS = [1400, 390] as const;

export interface PackReview {
  /** screenshot files written */
  shots: string[];
  /** per width, chart and axis (or legend): the label texts as drawn */
  axes: Array<{ width: number; chart: string; axis: string; labels: string[] }>;
  /** console errors and failed charts */
  errors: string[];
  /** widths at which the page is wider than the window (a horizontal scroll bar on a phone) */
  overflow: Array<{ width: number; scrollWidth: number }>;
}

export async function reviewPack(browser: Browser, html: string, dir: string): Promise<PackReview> {
  mkdirSync(dir, { recursive: true });
  const out: PackReview = { shots: [], axes: [], errors: [], overflow: [] };
  for (const width of WIDTHS) {
    const context = await browser.newContext({ offline: true, viewport: { width, height: 900 } });
    try {
      const page = await context.newPage();
      page.on('console', (m) => (m.type() === 'error' ? out.errors.push(`${width}px: ${m.text()}`) : undefined));
      page.on('pageerror', (e) => out.errors.push(`${width}px: ${e.message}`));
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
      await page.waitForSelector('html[data-charts="done"]', { timeout: 60_000 });
      const failed = await page.$$eval('.vis[data-rendered="error"]', (els) => els.map((e) => `${e.id}: ${e.textContent}`));
      out.errors.push(...failed.map((f) => `${width}px: ${f}`));
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > width) out.overflow.push({ width, scrollWidth });
      const title = join(dir, `${width}-00-title.png`);
      await page.locator('header.title-block').screenshot({ path: title });
      out.shots.push(title);
      const sections = await page.$$eval('main > section', (ss) => ss.map((s) => s.id));
      for (const [i, id] of sections.entries()) {
        const box = (await page.locator(`#${id}`).boundingBox())!;
        for (let y = 0, part = 1; y < box.height; y += 1800, part++) {
          const path = join(dir, `${width}-${String(i + 1).padStart(2, '0')}-${id}-${part}.png`);
          await page.screenshot({ path, fullPage: true, clip: { x: box.x, y: box.y + y, width: box.width, height: Math.min(1800, box.height - y) } });
          out.shots.push(path);
        }
      }
      const axes = await page.$$eval('.vis', (els) =>
        els.flatMap((e) => [
          ...[...e.querySelectorAll('g.role-axis')].map((a, i) => ({
            chart: e.id.replace(/^vis-/, ''),
            axis: a.getAttribute('aria-label') ?? `axis ${i + 1}`,
            labels: [...a.querySelectorAll('g.role-axis-label text')].map((t) => t.textContent ?? ''),
          })),
          ...[...e.querySelectorAll('g.role-legend')].map((l, i) => ({
            chart: e.id.replace(/^vis-/, ''),
            axis: `legend ${i + 1}`,
            labels: [...l.querySelectorAll('g.role-legend-label text')].map((t) => t.textContent ?? ''),
          })),
        ]),
      );
      out.axes.push(...axes.map((a) => ({ width, ...a })));
    } finally {
      await context.close();
    }
  }
  return out;
}

/** Axes (and legends) on which two labels read the same: "reopen, Y-axis: 1%, 1%, 0%". */
export function repeatedLabels(r: PackReview): string[] {
  return r.axes.filter((a) => new Set(a.labels).size !== a.labels.length).map((a) => `${a.width}px ${a.chart}, ${a.axis}: ${a.labels.join(', ')}`);
}
