/**
 * The visual review of a report pack in chromium (issue 21.7): every section screenshotted at a desk width
 * (1400 px) and a phone width (390 px), tall sections in parts of 1,800 px, into `dir` (the caller prints it);
 * and every drawn chart's axis and legend label texts read from the rendered SVG, so that a test can fail on
 * two equal tick labels on one axis ("1%, 1%, 1%, 0%").
 *
 * How the parts are taken: the window is made PART tall (its width, which the layout depends on, stays) and
 * scrolled to each part, which is captured from the window. Playwright's `fullPage` + `clip` made chromium lay
 * out and paint the whole page beyond the window for every part (`captureBeyondViewport`): the same PNG files,
 * byte for byte (compared on the ServiceNow real-data pack, 43 files), at ~4 instead of ~7 CPU-s a review.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';

export const WIDTHS = [1400, 390] as const;
/** The height of a screenshot part: a taller section is taken in several. */
const PART = 1800;

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
      // the labels as drawn in the 900 px window the page was loaded in
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
      const title = join(dir, `${width}-00-title.png`);
      await page.locator('header.title-block').screenshot({ path: title });
      out.shots.push(title);
      await page.setViewportSize({ width, height: PART });
      const cdp = await context.newCDPSession(page);
      // each section's box in page coordinates
      const sections = await page.$$eval('main > section', (ss) =>
        ss.map((s) => {
          const r = s.getBoundingClientRect();
          return { id: s.id, x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
        }),
      );
      for (const [i, box] of sections.entries()) {
        for (let y = 0, part = 1; y < box.height; y += PART, part++) {
          const path = join(dir, `${width}-${String(i + 1).padStart(2, '0')}-${box.id}-${part}.png`);
          // the part in the window (at the page's end the window stops short of the part's top, which stays in it)
          await page.evaluate((top) => window.scrollTo(0, top), box.y + y);
          const clip = { x: box.x, y: box.y + y, width: box.width, height: Math.min(PART, box.height - y), scale: 1 };
          const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', clip, captureBeyondViewport: false });
          writeFileSync(path, Buffer.from(data, 'base64'));
          out.shots.push(path);
        }
      }
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
