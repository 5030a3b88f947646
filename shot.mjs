import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
const [html, out, ...ids] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const width of [1400, 390]) {
  const ctx = await b.newContext({ offline: true, viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  await page.waitForSelector('html[data-charts="done"]', { timeout: 60000 });
  for (const id of ids) {
    const box = await page.locator(`#${id}`).boundingBox();
    await page.screenshot({ path: `${out}-${id}-${width}.png`, fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(1800, box.height) } });
  }
  await ctx.close();
}
await b.close();
