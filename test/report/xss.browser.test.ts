/**
 * Issue 12, item 3: hostile strings in every text field a report can show. A small generated year is
 * ingested, then SQL UPDATEs replace every free-text column (titles, categories, groups, people, services,
 * CIs, locations, the raw text kept beside enums, change/problem/asset text, file paths, rejects) with
 * payloads from xss-payloads.ts, and the organisation name in the config is one too. The monthly report and
 * the maturity assessment are built and opened in chromium from file:// with the network off, once as
 * written and once with their Content-Security-Policy removed (so that escaping is tested on its own, not
 * hidden behind the CSP). Nothing may run (window.__xss stays undefined, no dialog), nothing may be
 * requested, nothing may reach the console, the payloads must show as text, chart specs may carry data only
 * in their data values, and no output file may name an http(s) URL outside the data.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generate } from '../../src/generate/index.js';
import { planIngest, runIngest } from '../../src/ingest/index.js';
import { loadProjectConfig } from '../../src/config/project.js';
import { FIELDS, type CanonicalTable } from '../../src/store/schema.js';
import { ident, lit, Store } from '../../src/store/db.js';
import { buildReport, type ReportResult } from '../../src/report/index.js';
import { CHROMIUM, launchChromium } from '../../src/report/browser.js';
import { vegaBundles } from '../../src/report/runtime.js';
import { assess } from '../../src/maturity/assess.js';
import { writeAssessmentPage } from '../../src/maturity/html.js';
import { loadRubric } from '../../src/maturity/rubric.js';
import { EVIL_HOST, MARKER, PAYLOADS } from './xss-payloads.js';
import { tempDir } from '../helpers.js';

const present = existsSync(CHROMIUM);
if (!present) console.warn(`\n[xss browser] SKIPPED: no chromium at ${CHROMIUM} (.ci/run installs Debian's chromium).\n`);

const N = PAYLOADS.length;
// what the page shows of a payload: our HTML escaping drops bidi controls (U+202A–E, U+2066–9) from data
const AS_SHOWN = PAYLOADS.map((p) => p.replace(/[\u202A-\u202E\u2066-\u2069]/g, ''));
const MONTH = '2025-12'; // the report month
const ORGANISATION = PAYLOADS[7]!; // the </script> breakout, in the page's <title> and header
const VEGA_EXPR = PAYLOADS.find((p) => p.startsWith('datum.'))!;
const TEMPLATE = PAYLOADS.find((p) => p.startsWith('{{'))!;
const LINE_SEP = PAYLOADS.find((p) => p.includes('\u2028'))!;

/**
 * URLs that are names, never fetched: XML namespaces (SVG written by us and by vega) and the Vega-Lite
 * schema id that vega-embed reads to choose its compiler.
 */
const IDENTIFIER_URLS = new Set([
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/2000/xmlns/',
  'https://vega.github.io/schema/vega-lite/v6.json',
]);

/** Free-text columns: every text field of the canonical tables but ids and references, and the raw text kept beside enums and codes. */
function textColumns(table: CanonicalTable): string[] {
  return FIELDS[table].flatMap((f) => [
    ...(f.type === 'text' && f.name !== 'source_id' && !f.name.endsWith('_ref') ? [f.name] : []),
    ...(f.raw && (f.type === 'enum' || f.type === 'int' || f.type === 'text') ? [`${f.name}_raw`] : []),
  ]);
}

/**
 * Replaces each value of each column by the payload its hash picks: equal values stay equal, also across
 * columns and tables (change.ci_name = change_ci.ci_name, a group in assignment_group and in an event's
 * new_value), so joins and group-bys still mean something. Returns the rows changed per column.
 */
async function plantPayloads(store: Store): Promise<Array<{ column: string; rows: number }>> {
  await store.run(`CREATE OR REPLACE TEMP TABLE xss_payload AS SELECT * FROM (VALUES ${PAYLOADS.map((p, i) => `(${i}, ${lit(p)})`).join(', ')}) t(i, p)`);
  const targets: Array<[string, string]> = [
    ...(['ticket', 'change', 'problem', 'asset'] as const).flatMap((t) => textColumns(t).map((c) => [t, c] as [string, string])),
    ['change_ci', 'ci_name'], ['change_ci', 'ci_type'], ['change_ci', 'service'],
    ['ticket_event', 'actor'], ['ticket_event', 'old_value'], ['ticket_event', 'new_value'],
  ];
  const changed: Array<{ column: string; rows: number }> = [];
  for (const [table, col] of targets) {
    const c = ident(col);
    await store.run(`UPDATE ${ident(table)} AS t SET ${c} = m.p FROM xss_payload m WHERE t.${c} IS NOT NULL AND m.i = hash(t.${c}) % ${N}`);
    const n = await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)} WHERE ${c} IN (SELECT p FROM xss_payload)`);
    changed.push({ column: `${table}.${col}`, rows: Number(n?.n ?? 0) });
  }
  // the busiest group and category of the report month take the Vega-expression and template payloads, so
  // that these are certainly axis labels of drawn charts
  // (and the second busiest group the one with line separators, which a JSON block must escape)
  for (const [col, rank, payload] of [['assignment_group', 0, VEGA_EXPR], ['assignment_group', 1, LINE_SEP], ['category', 0, TEMPLATE]] as const) {
    const c = ident(col);
    await store.run(`UPDATE ticket SET ${c} = ${lit(payload)} WHERE ${c} = (SELECT ${c} FROM ticket WHERE kind = 'incident' AND ${c} IS NOT NULL
      AND strftime(resolved_at, '%Y-%m') = ${lit(MONTH)} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1 OFFSET ${rank})`);
  }
  // file paths (the report shows the name after the last slash, and the whole path in the appendix)
  await store.run(`UPDATE source_file SET path = '/exports/' || (SELECT p FROM xss_payload WHERE i = (hash(file_id) % ${N})) || '.csv'`);
  await store.run(`UPDATE rejects SET path = f.path FROM source_file f WHERE rejects.file_id = f.file_id`);
  // one rejected row per payload, as reason and raw text, in the first file
  await store.run(`INSERT INTO rejects SELECT f.file_id, f.path, 1000 + x.i, x.p, x.p FROM xss_payload x, (SELECT file_id, path FROM source_file ORDER BY path LIMIT 1) f`);
  changed.push({ column: 'rejects.reason', rows: N });
  return changed;
}

interface Visit {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
  ms: number;
}

/** Opens a page offline from file://, recording console errors, requests and dialogs. */
async function visit(browser: Browser, file: string, waitFor?: string, settleMs = 300): Promise<Visit> {
  const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
  return visitIn(context, file, waitFor, settleMs);
}

async function visitIn(context: BrowserContext, file: string, waitFor?: string, settleMs = 300): Promise<Visit> {
  return (await visitor(context))(file, settleMs, waitFor);
}

/**
 * A page that visits files (one, or many: the chart SVGs): each visit navigates it to a fresh document and starts
 * empty records, which its listeners fill (a page per file cost chromium a renderer set-up each time, for nothing).
 */
async function visitor(context: BrowserContext): Promise<(file: string, settleMs: number, waitFor?: string) => Promise<Visit>> {
  const page = await context.newPage();
  let v: Visit = { page, errors: [], requests: [], dialogs: [], ms: 0 };
  let url = '';
  page.on('console', (m) => (m.type() === 'error' ? v.errors.push(m.text()) : undefined));
  page.on('pageerror', (e) => v.errors.push(e.message));
  page.on('request', (q) => (q.url() !== url ? v.requests.push(q.url()) : undefined));
  page.on('dialog', (d) => {
    v.dialogs.push(d.message());
    void d.dismiss();
  });
  return async (file, settleMs, waitFor) => {
    v = { page, errors: [], requests: [], dialogs: [], ms: 0 };
    url = pathToFileURL(file).href;
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    // a page broken by a payload never gets there: say so, and let the canary and DOM checks tell why
    if (waitFor) await page.waitForSelector(waitFor, { timeout: 15_000 }).catch(() => v.errors.push(`${waitFor} not reached in 15 s`));
    // onerror, onfocus, ontoggle and meta refresh fire after load: give them a moment
    await page.waitForTimeout(settleMs);
    v.ms = Date.now() - t0;
    return v;
  };
}

/** The same page without its CSP meta element: escaping must hold without the browser's second line. */
function withoutCsp(file: string): string {
  const html = readFileSync(file, 'utf8');
  const stripped = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?/, '');
  expect(stripped.length).toBeLessThan(html.length);
  const out = file.replace(/\.html$/, '.no-csp.html');
  writeFileSync(out, stripped);
  return out;
}

/** Text of every text node outside script and style (closed <details> included), one node per entry. */
const visibleTexts = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const tag = n.parentElement?.tagName.toLowerCase();
      if (tag !== 'script' && tag !== 'style') out.push(n.textContent ?? '');
    }
    return out;
  });

/** Elements and attributes no page of ours has, and which a payload would bring. */
const injected = (page: Page) =>
  page.evaluate((evil) => {
    const bad: string[] = [];
    const forbidden = 'img, iframe, object, embed, base, link, input, textarea, math, mglyph, foreignObject, animate, set, meta[http-equiv="refresh"]';
    for (const e of document.querySelectorAll(forbidden)) bad.push(`<${e.tagName.toLowerCase()}>`);
    for (const e of document.querySelectorAll('*')) {
      for (const a of e.attributes) {
        if (/^on/i.test(a.name)) bad.push(`${e.tagName.toLowerCase()}[${a.name}]`);
        if (/^(href|src|xlink:href|action|formaction|data|srcdoc|style)$/i.test(a.name) && (/javascript:|url\(/i.test(a.value) || a.value.includes(evil)))
          bad.push(`${e.tagName.toLowerCase()}[${a.name}=${a.value.slice(0, 60)}]`);
      }
    }
    return bad;
  }, EVIL_HOST);

const canary = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

/** Every file under dir, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

/** http(s) URLs in a file that are neither identifiers nor the payloads' own (data, escaped). */
function foreignUrls(file: string): string[] {
  let text = readFileSync(file, 'utf8');
  // the vendored vega builds (inlined verbatim) mention their editor and issue tracker: code, not our output
  if (file.endsWith('.html')) for (const b of vegaBundles()) text = text.split(b).join('');
  return [...text.matchAll(/https?:\/\/[^\s"'<>()\\`]*/gi)].map((m) => m[0]).filter((u) => !IDENTIFIER_URLS.has(u) && !u.includes(EVIL_HOST));
}

type Spec = Record<string, any>;
/** A chart spec with its data values and title removed: what remains must hold no data string. */
function specWithoutData(spec: Spec): Spec {
  const { data, title, ...rest } = spec;
  expect(Array.isArray(data?.values)).toBe(true);
  expect(title === undefined || typeof title.text === 'string').toBe(true); // a literal string, never an expression
  return rest;
}

describe.skipIf(!present)('XSS payloads in every text field: report and assessment in chromium (offline, file://)', () => {
  const dir = tempDir('itsm-lens-xss-');
  let report: ReportResult;
  let assessment: string;
  let notes: string[] = [];
  let planted: Array<{ column: string; rows: number }>;
  let browser: Browser;
  const lap: string[] = [];

  beforeAll(async () => {
    let t = performance.now();
    const step = (what: string) => {
      lap.push(`${what} ${((performance.now() - t) / 1000).toFixed(1)} s`);
      t = performance.now();
    };
    // 3000 tickets: enough for member findings in the month (findings sentences name a group, category or
    // CI, now payloads); 1500 gave none
    const gen = await generate({ out: join(dir, 'exports'), tickets: 3000, changes: 200, problems: 30, assets: 150, seed: 12, format: 'servicenow' });
    step('generate');
    const store = await Store.open(join(dir, 'db.duckdb'));
    try {
      await runIngest(store, await planIngest({ paths: gen.files }));
      step('ingest');
      planted = await plantPayloads(store);
      step('plant');
      const config = { ...loadProjectConfig(), organisation: ORGANISATION };
      report = await buildReport(store, { out: join(dir, 'report'), month: MONTH, config });
      step('report');
      // the assessment shows no data string, but it does show the interview notes: each carries a payload
      const questions = loadRubric().criteria.filter((c) => c.evidence === 'interview');
      notes = questions.map((_, i) => PAYLOADS[i % N]!);
      const answers = join(dir, 'answers.yaml');
      writeFileSync(answers, stringify({ schema: 'itsm-lens/answers@1', answers: Object.fromEntries(questions.map((q, i) => [q.id, { answer: 0.5, note: notes[i] }])) }));
      assessment = await writeAssessmentPage(await assess(store, { config, answers }), join(dir, 'assess'));
      step('assess');
    } finally {
      store.close();
    }
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    console.info(`[xss browser] ${N} payloads in ${planted?.length} columns; ${lap.join(', ')}; output in ${dir}`);
  });

  it('has a corpus of at least 20 payloads, each in every free-text column', () => {
    expect(N).toBeGreaterThanOrEqual(20);
    expect(new Set(PAYLOADS).size).toBe(N);
    expect(PAYLOADS.every((p) => p.includes(MARKER))).toBe(true);
    const cols = new Map(planted.map((p) => [p.column, p.rows]));
    for (const c of ['title', 'category', 'subcategory', 'assignment_group', 'assignee', 'service', 'ci_name', 'location', 'requester', 'priority_raw', 'status_raw'])
      expect(cols.get(`ticket.${c}`), `ticket.${c}`).toBeGreaterThan(0);
    for (const c of ['change.title', 'change.change_type_raw', 'change.category', 'problem.title', 'asset.name', 'asset.class'])
      expect(cols.get(c), c).toBeGreaterThan(0);
  });

  for (const csp of [true, false]) {
    it(`report${csp ? '' : ' without its CSP'}: runs nothing, requests nothing, logs no error, shows the payloads as text`, async () => {
      const v = await visit(browser, csp ? report.html : withoutCsp(report.html), 'html[data-charts="done"]');
      const { page } = v;
      try {
        expect(await canary(page)).toBeUndefined();
        expect(v.dialogs).toEqual([]);
        expect(v.requests).toEqual([]);
        expect(await injected(page)).toEqual([]);
        expect(v.errors).toEqual([]);
        expect(await page.$$eval('script', (s) => s.length)).toBe(5); // the JSON block + 3 vega builds + boot
        // every chart drew (a payload breaking a spec would fail it), with its hostile axis labels
        const states = await page.$$eval('.vis', (els) => els.map((e) => e.getAttribute('data-rendered')));
        expect(states.length).toBe(report.drawn);
        expect(states.every((s) => s === 'true')).toBe(true);
        // hover a bar of the resolution-time-by-group chart: vega-tooltip shows the group name as text
        await page.hover('#vis-mttr-group svg .role-mark path');
        const tip = await page.$eval('#vg-tooltip-element', (e) => ({ text: e.textContent ?? '', elements: e.querySelectorAll('img, script, svg, iframe').length }));
        expect(tip.elements).toBe(0);
        expect(PAYLOADS.some((p) => tip.text.includes(p.slice(0, 40)))).toBe(true);
        await page.mouse.move(0, 0);
        expect(await canary(page)).toBeUndefined();

        // the title and the group of the oldest open tickets, cell for cell, are payloads shown as text
        const oldest = await page.$$eval('#table-oldest-open tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
        expect(oldest.length).toBeGreaterThan(0);
        for (const row of oldest) {
          expect(AS_SHOWN).toContain(row[1]); // title
          expect(AS_SHOWN).toContain(row[2]); // group
        }
        const groups = await page.$$eval('#chart-mttr-group details th[scope="row"]', (ths) => ths.map((t) => t.textContent ?? ''));
        expect(groups.length).toBeGreaterThan(0);
        for (const g of groups) expect(AS_SHOWN).toContain(g);
        // the Vega-expression and template strings: data table rows and axis labels drawn by vega, as text
        for (const [chart, payload] of [['mttr-group', VEGA_EXPR], ['mttr-group', LINE_SEP], ['mttr-category', TEMPLATE]] as const) {
          expect(await page.$$eval(`#chart-${chart} details th[scope="row"]`, (ths) => ths.map((t) => t.textContent))).toContain(payload.replace(/[\u202A-\u202E\u2066-\u2069]/g, ''));
          const labels = await page.$$eval(`#vis-${chart} svg text`, (ts) => ts.map((t) => t.textContent ?? ''));
          expect(labels.some((t) => t.replace(/…$/, '').length >= 8 && payload.startsWith(t.replace(/…$/, ''))), chart).toBe(true);
        }
        // findings: the planted trending category, now a payload, named in its sentence
        const findings = await page.$$eval('#findings li', (lis) => lis.map((li) => li.textContent ?? ''));
        expect(findings.filter((f) => AS_SHOWN.some((p) => f.includes(p))).length).toBeGreaterThan(0);
        expect(await page.$eval('.title-block .org', (e) => e.textContent)).toBe(ORGANISATION);
        expect(await page.title()).toContain(ORGANISATION);
        // rejects: the reasons, as the text of their cells
        const reasons = await page.$$eval('#quality td', (tds) => tds.map((t) => t.textContent ?? ''));
        expect(AS_SHOWN.filter((p) => reasons.includes(p)).length).toBeGreaterThanOrEqual(20);
        // and every payload somewhere on the page as text
        // (the rejects table lists 25 reasons, so at least 25 whatever else shows)
        const texts = (await visibleTexts(page)).join('\u0000');
        const shown = AS_SHOWN.filter((p) => texts.includes(p)).length;
        expect(shown).toBeGreaterThanOrEqual(25);
        if (shown < N) console.info(`[xss browser] not shown verbatim: ${AS_SHOWN.filter((p) => !texts.includes(p)).map((p) => JSON.stringify(p.slice(0, 50))).join(', ')}`);
        console.info(`[xss browser] report${csp ? '' : ' (no CSP)'}: loaded and drawn in ${v.ms} ms; ${shown} of ${N} payloads shown verbatim as text; oldest-open rows ${oldest.length}, group rows ${groups.length}, rejects shown ${AS_SHOWN.filter((p) => reasons.includes(p)).length}, findings naming a payload ${findings.filter((f) => f.includes(MARKER)).length}`);
      } finally {
        await page.context().close();
      }
    });

    it(`assessment${csp ? '' : ' without its CSP'}: runs nothing, requests nothing, logs no error, shows the interview notes as text`, async () => {
      const v = await visit(browser, csp ? assessment : withoutCsp(assessment));
      try {
        expect(await canary(v.page)).toBeUndefined();
        expect(v.dialogs).toEqual([]);
        expect(v.requests).toEqual([]);
        expect(v.errors).toEqual([]);
        expect(await injected(v.page)).toEqual([]);
        expect(await v.page.$$eval('script', (s) => s.length)).toBe(0);
        expect(await v.page.$$eval('h1', (h) => h.map((e) => e.textContent))).toEqual(['ITSM maturity assessment']);
        // the interview notes, each as the text of its <i>
        const shown = await v.page.$$eval('td i', (is) => is.map((e) => e.textContent ?? ''));
        expect(notes.length).toBeGreaterThanOrEqual(10);
        expect(notes.filter((n) => !shown.includes(n))).toEqual([]);
      } finally {
        await v.page.context().close();
      }
    });
  }

  it('control: the same checks catch a payload written unescaped (with the CSP: a console error; without: the canary)', async () => {
    const raw = (file: string, name: string) => {
      const out = join(dir, name);
      writeFileSync(out, readFileSync(file, 'utf8').replace('</main>', `</main>${PAYLOADS[0]}${PAYLOADS[1]}`));
      return out;
    };
    const strict = await visit(browser, raw(report.html, 'control-csp.html'), 'html[data-charts="done"]');
    try {
      expect(await canary(strict.page)).toBeUndefined(); // the CSP holds...
      expect(strict.errors.some((e) => /Content Security Policy/.test(e))).toBe(true); // ...and says so on the console
      expect(await injected(strict.page)).toContain('<img>');
    } finally {
      await strict.page.context().close();
    }
    const open = await visit(browser, raw(withoutCsp(report.html), 'control-no-csp.html'), 'html[data-charts="done"]');
    try {
      expect(await canary(open.page)).toBe(2); // the <script> ran first and the <img> handler after it
      expect(open.dialogs).toEqual(['2']);
    } finally {
      await open.page.context().close();
    }
  });

  it('passes data to Vega only as data values: no payload in any other part of a chart spec', () => {
    const html = readFileSync(report.html, 'utf8');
    const block = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
    expect(block).not.toBeNull();
    const page = JSON.parse(block![1]!) as { charts: Array<{ id: string; spec: Spec }> };
    expect(page.charts.length).toBe(report.drawn);
    let withData = 0;
    for (const c of page.charts) {
      if (JSON.stringify(c.spec.data.values).includes(MARKER)) withData++;
      expect(JSON.stringify(specWithoutData(c.spec)), c.id).not.toContain(MARKER);
    }
    expect(withData).toBeGreaterThanOrEqual(3); // the group, category and class charts at least
    const vl = files(report.dir).filter((f) => f.endsWith('.vl.json'));
    expect(vl.length).toBe(report.drawn);
    for (const f of vl) expect(JSON.stringify(specWithoutData(JSON.parse(readFileSync(f, 'utf8')))), f).not.toContain(MARKER);
  });

  it('escapes the payloads in the server-side SVGs (each opened on its own in chromium)', async () => {
    const svgs = files(report.dir).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBe(report.drawn);
    let withPayload = 0;
    const context = await browser.newContext({ offline: true });
    const visit = await visitor(context);
    try {
      for (const f of svgs) {
        const v = await visit(f, 50);
        expect(await canary(v.page), f).toBeUndefined();
        expect([...v.dialogs, ...v.requests, ...v.errors], f).toEqual([]);
        expect(await injected(v.page), f).toEqual([]);
        expect(await v.page.$$eval('script, style, a', (e) => e.length), f).toBe(0);
        const texts = (await visibleTexts(v.page)).join('\u0000');
        if (texts.includes(MARKER)) withPayload++;
      }
    } finally {
      await context.close();
    }
    expect(withPayload).toBeGreaterThanOrEqual(3);
    expect(readFileSync(join(report.dir, 'charts', 'mttr-group.svg'), 'utf8')).toContain(`>${VEGA_EXPR.slice(0, 8)}`);
  });

  it('names no http(s) URL in any output file but XML namespaces, the Vega-Lite schema id and the data', () => {
    const out = [...files(report.dir), ...files(join(dir, 'assess'))].filter((f) => !f.includes('.no-csp.'));
    expect(out.length).toBeGreaterThanOrEqual(report.drawn * 2 + 4); // index.html, kpis.json, svg + vl.json per chart, assessment html + json
    const found = out.flatMap((f) => foreignUrls(f).map((u) => `${f}: ${u}`));
    expect(found).toEqual([]);
  });
});
