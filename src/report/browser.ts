import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';

/** Debian's chromium (no browser download): ITSM_LENS_CHROMIUM overrides the path. */
export const CHROMIUM = process.env.ITSM_LENS_CHROMIUM ?? '/usr/bin/chromium';

// No network from the browser: the report must not need it, and this machine has none.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

type Playwright = typeof import('playwright-core');

/** playwright-core's chromium driver, or a UserError saying what is missing. */
export async function launchChromium(): Promise<import('playwright-core').Browser> {
  if (!existsSync(CHROMIUM)) throw new UserError(`no chromium at ${CHROMIUM}: install it (apt-get install chromium) or set ITSM_LENS_CHROMIUM`);
  let pw: Playwright;
  try {
    pw = await import('playwright-core');
  } catch {
    throw new UserError('--pdf drives chromium through playwright-core, which is not installed: npm install playwright-core');
  }
  return pw.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Prints the report to PDF once every chart is drawn (the page sets data-charts="done"). */
export async function writePdf(html: string, pdf: string, paper: 'A4' | 'Letter'): Promise<void> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('html[data-charts="done"]', { timeout: 60_000 });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, format: paper, printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}
