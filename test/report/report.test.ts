/**
 * `itsm-lens report` without a browser: what it writes, what the page holds (sections in order, each chart's
 * data and takeaway, sections without data saying why), kpis.json = `kpi --json --month`, the escaping
 * helpers and the definition checks. The browser half is report.browser.test.ts.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { planIngest, runIngest } from '../../src/ingest/index.js';
import { loadProjectConfig } from '../../src/config/project.js';
import { Store } from '../../src/store/db.js';
import { buildReport, type ReportResult } from '../../src/report/index.js';
import { esc, jsonForScript } from '../../src/report/escape.js';
import { DEFAULT_DEFINITION, loadDefinition } from '../../src/report/definition.js';
import { formatChange, formatValue } from '../../src/report/format.js';
import { cli, kpiJson, ROOT, tempDir } from '../helpers.js';
import { generatedDb } from '../shared-databases.js';
import { smallReportDefinition } from '../small-report.js';

const config = loadProjectConfig();
// The tests below the generated year's check one section or the tiles: the shipped pack cut to them
// (test/small-report.ts: the tiles, and the named charts with their sections as monthly.yaml has them). The whole
// pack is built once, in the generated year's beforeAll.
const CHANGE_CHARTS = ['change-volume', 'change-outcome', 'change-failure', 'emergency', 'change-caused'];
const AVAILABILITY_CHARTS = ['outage-service', 'availability-month', 'major-incidents'];

async function dataset(dir: string, opts: { tickets: number; changes?: number }): Promise<string> {
  const gen = await generate({ out: join(dir, 'exports'), tickets: opts.tickets, changes: opts.changes, seed: 7, format: 'servicenow' });
  const db = join(dir, 'db.duckdb');
  const store = await Store.open(db);
  try {
    await runIngest(store, await planIngest({ paths: gen.files }));
  } finally {
    store.close();
  }
  return db;
}

/** The JSON block of chart specs the page embeds. */
function pageData(html: string): { charts: Array<{ id: string; spec: { data: { values: Array<Record<string, unknown>> } } }> } {
  const m = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error('no report-data block');
  return JSON.parse(m[1]!);
}

describe('report on a generated year', () => {
  const dir = tempDir('itsm-lens-report-');
  let db: string;
  let r: ReportResult;
  let html: string;
  beforeAll(async () => {
    // 2,500 generated tickets (seed 7), all five files ingested: built once per run with once.test
    db = (await generatedDb({ tickets: 2500, seed: 7 })).db;
    const store = await Store.open(db);
    try {
      r = await buildReport(store, { out: join(dir, 'out'), month: '2025-11', config });
    } finally {
      store.close();
    }
    html = readFileSync(r.html, 'utf8');
  });

  it('writes one HTML file, kpis.json and an SVG per drawn chart', () => {
    expect(r.month).toBe('2025-11');
    expect(existsSync(join(dir, 'out', 'index.html'))).toBe(true);
    const svgs = readdirSync(join(dir, 'out', 'charts')).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBe(r.drawn);
    expect(r.drawn).toBeGreaterThanOrEqual(14);
    const svg = readFileSync(join(dir, 'out', 'charts', 'mttr.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // the takeaway is the SVG's title, for slides
    expect(svg).toMatch(/Median time to resolve: [\d.]+ h in Nov 2025/);
  });

  it('kpis.json is the kpi@1 document of the month, as kpi --json --month prints it', () => {
    const k = JSON.parse(readFileSync(r.kpis, 'utf8'));
    const fromCli = kpiJson(db, ['--month', '2025-11']);
    expect(k.schema).toBe('itsm-lens/kpi@1');
    expect(k.kpis).toEqual(fromCli.kpis);
    expect(k.counts).toEqual(fromCli.counts);
    expect(k.period).toEqual(fromCli.period);
  });

  it('every tile and chart of the shipped definition names a field its KPI has in kpis.json', () => {
    const k = JSON.parse(readFileSync(r.kpis, 'utf8'));
    const def = loadDefinition(DEFAULT_DEFINITION);
    const named: [string, string][] = def.tiles.map((t) => [t.kpi, t.field]);
    for (const c of def.sections.flatMap((s) => s.charts)) if (c.data.type !== 'query') for (const f of Object.keys(c.data.fields)) named.push([c.data.kpi, f]);
    const missing = named.filter(([kpi, f]) => !(kpi in k.kpis) || !(f in k.kpis[kpi]));
    expect(missing).toEqual([]);
    expect(named.length).toBeGreaterThanOrEqual(20);
  });

  it('has the sections in reading order, with the vega runtime inlined once and no network in the CSP', () => {
    const order = ['findings', 'kpis', 'trends', 'time', 'change', 'availability', 'problems', 'assets', 'quality', 'appendix'].map((id) => html.indexOf(`<section id="${id}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html.match(/<script>/g)?.length).toBe(4); // vega, vega-lite, vega-embed, boot
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/connect-src 'none'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp.match(/'sha256-/g)?.length).toBe(4);
    // nothing outside the inline scripts loads a resource: links are in-page anchors only
    const markup = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
    expect(markup).not.toMatch(/\b(src|href|action)="(?!#)/);
  });

  it('embeds aggregates only: chart rows have the fixed columns and no ticket ids', () => {
    const data = pageData(html);
    expect(data.charts.length).toBe(r.drawn);
    for (const c of data.charts) {
      for (const row of c.spec.data.values) expect(Object.keys(row).sort()).toEqual(['n', 'order', 'series', 'value', 'x']);
    }
    const volume = data.charts.find((c) => c.id === 'volume')!.spec.data.values;
    // the window spans the months with data (the generated year starts in January): 11 months to Nov 2025,
    // and a kind the export does not hold (no interactions: its KPI count is 0) draws no flat zero line
    const k = JSON.parse(readFileSync(r.kpis, 'utf8'));
    const months = Array.from({ length: 11 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    expect([...new Set(volume.map((v) => v.x))]).toEqual(months);
    const series = [...new Set(volume.map((v) => v.series))];
    expect(series).toEqual(['Incidents', 'Service requests', 'Interactions'].filter((x) => x !== 'Interactions' || k.counts.interactions > 0));
    expect(volume.length).toBe(11 * series.length);
    for (const s of series) expect(volume.some((v) => v.series === s && Number(v.value) > 0), String(s)).toBe(true);
    const nov = volume.find((v) => v.x === '2025-11' && v.series === 'Incidents')!;
    expect(nov.value).toBe(k.kpis.volume.incidents);
    expect(pageData(html).charts.flatMap((c) => c.spec.data.values).some((v) => /^INC\d+/.test(String(v.x)))).toBe(false);
  });

  it('tiles carry value, RAG against the target, deltas and a sparkline; rates move in points', () => {
    const k = JSON.parse(readFileSync(r.kpis, 'utf8'));
    const sla = k.kpis.sla_attainment.value as number;
    // no targets: in the config, so the tile measures against the definition's target and says it is a default
    const tile = /<div class="tile( \w+)? default-target">\s*<div class="label">SLA attainment<\/div>\s*<div class="value">([^<]+)<\/div>\s*<div class="status">([^<]+)<\/div><div class="target default"><span class="tag">default target<\/span> ≥ 95\.0 % \(set yours in <span class="file">itsm-lens\.config\.yaml<\/span>\)<\/div><div class="deltas">([^<]+)<\/div>\s*(<svg class="spark"[^]*?<\/svg>)/.exec(html);
    expect(tile).not.toBeNull();
    expect(tile![2]).toBe(formatValue(sla, 'percent'));
    expect(tile![1]?.trim()).toBe(sla >= 0.95 ? 'green' : sla >= 0.9 ? 'amber' : 'red');
    expect(tile![4]).toMatch(/(up|down) [\d.]+ pts on Oct 2025|unchanged on Oct 2025/);
    // the data starts in 2025-01: no comparison with Nov 2024, and the sparkline starts in January
    expect(tile![4]).toMatch(/no year-ago comparison: Nov 2024 is outside the data \(incidents opened 1 Jan 2025 … \d+ Dec 2025\)/);
    expect(tile![5]).toMatch(/aria-label="11-month trend: Jan 2025 [\d.]+ %/);
  });

  it('states each chart’s point in its title, from its own data', () => {
    const charts = pageData(html).charts;
    const rows = (id: string) => charts.find((c) => c.id === id)!.spec.data.values as Array<{ x: string; series: string; value: number | null; n: number | null }>;
    const title = (id: string) => new RegExp(`<h3 id="t-${id}">([^<]+)</h3>`).exec(html)![1]!;
    // volume: November's incidents and the change on October, worked out here from the chart's rows
    const inc = (m: string) => rows('volume').find((v) => v.x === m && v.series === 'Incidents')!.value!;
    const rel = ((inc('2025-11') - inc('2025-10')) / inc('2025-10')) * 100;
    const change = Math.abs(rel) < 0.5 ? 'unchanged' : `${rel > 0 ? 'up' : 'down'} ${Math.abs(rel).toFixed(0)} %`;
    // and on the same month a year before, which the chart does not hold (the data starts in 2025-01: charts span the data)
    expect(rows('volume').find((v) => v.x === '2024-11' && v.series === 'Incidents')?.value ?? null).toBeNull();
    expect(title('volume')).toBe(
      `Incidents opened: ${inc('2025-11').toLocaleString('en-US')} in Nov 2025, ${change} on Oct 2025, no year-ago comparison: Nov 2024 is outside the data (incidents opened 1 Jan 2025 … 31 Dec 2025)`,
    );
    // mttr by group: the group named has the highest median of the chart's bars with at least min_n (30) incidents
    // behind them (a 3-ticket group is drawn pale, not named), and the title gives it
    const groups = rows('mttr-group').filter((v) => v.value !== null && (v.n ?? 0) >= 30);
    expect(groups.length).toBeGreaterThan(1);
    const slow = /^(.+) is slowest to resolve: median ([\d.,]+) h$/.exec(title('mttr-group'))!;
    const top = Math.max(...groups.map((g) => g.value!));
    expect(groups.find((g) => g.x === slow[1])!.value).toBe(top);
    expect(slow[2]).toBe(top.toFixed(top < 99.95 && !Number.isInteger(top) ? 1 : 0)); // hours: one decimal under 100 h, whole hours above
    // SLA heat map: the cell named is the lowest of the chart's cells
    const cells = rows('sla-heatmap').filter((v) => v.value !== null && (v.n ?? 0) >= 30);
    const low = /^SLA attainment was lowest for (P\d) in ([A-Z][a-z]{2}) (20\d\d): ([\d.]+) %$/.exec(title('sla-heatmap'))!;
    const min = Math.min(...cells.map((c) => c.value!));
    const month = `${low[3]}-${String(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(low[2]!) + 1).padStart(2, '0')}`;
    expect(cells.find((c) => c.series === low[1] && c.x === month)!.value).toBe(min);
    expect(low[4]).toBe((min * 100).toFixed(1));
  });

  it('has a data table behind every chart and the definitions in the appendix', () => {
    expect(html.match(/<details><summary>Data table<\/summary>/g)?.length).toBe(r.drawn);
    const appendix = html.slice(html.indexOf('<section id="appendix"'));
    for (const q of ['queries/mttr.sql', 'queries/backlog.sql', 'reports/queries/change_volume.sql', 'incident.csv']) expect(appendix).toContain(q);
  });

  it('sections without data say why in one line', async () => {
    const d2 = tempDir('itsm-lens-report-nochange-');
    const db2 = await dataset(d2, { tickets: 400, changes: 0 });
    const store = await Store.open(db2);
    let html2: string;
    try {
      const r2 = await buildReport(store, { out: join(d2, 'out'), config, definition: smallReportDefinition(d2, CHANGE_CHARTS) });
      html2 = readFileSync(r2.html, 'utf8');
    } finally {
      store.close();
    }
    const change = html2.slice(html2.indexOf('<section id="change"'), html2.indexOf('</section>', html2.indexOf('<section id="change"')));
    expect(change).toMatch(/<p class="empty">No data for this section: [^<]*change/);
    expect(change).not.toContain('<figure');
  });

  it('the CLI writes the report and fails with one line on bad input', () => {
    const out = join(dir, 'cli-out');
    const cfg = join(dir, 'itsm-lens.config.yaml');
    // the organisation's own target for MTTR (1,000 h: met by any month of the generated data, whose median is
    // hours), none for the rest
    writeFileSync(cfg, 'organisation: "<b>Acme & Co</b>"\ntargets:\n  mttr: { target: 1000, amber: 2000 }\n');
    // what is checked here is in the tiles: the shipped pack cut to them (test/small-report.ts); the whole pack is
    // built in beforeAll above
    const ok = cli(['report', '--db', db, '--out', out, '--month', '2025-10', '--compare', 'year', '--config', cfg, '--definition', smallReportDefinition(dir, [])]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe(join(out, 'index.html'));
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    // --compare year: the same month last year leads
    expect(page).toMatch(/no year-ago comparison: Oct 2024 is outside the data \([^)]*\) · (up|down|unchanged) [^<]* on Sep 2025/);
    expect(page).toContain('<div class="org">&lt;b&gt;Acme &amp; Co&lt;/b&gt;</div>');
    const tileOf = (label: string) => new RegExp(`<div class="([^"]*)">\\s*<div class="label">${label}</div>(?:(?!<div class="tile)[^])*?<div class="target([^"]*)">(.*?)</div>`).exec(page);
    const mttr = tileOf('Median time to resolve')!;
    expect(mttr[1]).toBe('tile green');
    expect(mttr[3]).toBe('target ≤ 1000 h, set by &lt;b&gt;Acme &amp; Co&lt;/b&gt;');
    const sla = tileOf('SLA attainment')!;
    expect(sla[1]).toMatch(/ default-target$/);
    expect(sla[2]).toBe(' default');
    expect(page).toMatch(/set yours under targets: in itsm-lens\.config\.yaml \(sla_attainment, fcr, reopen_rate, change_success_rate\)/);
    // a rate's target written as a percentage, and a misspelt KPI, are refused with the key named
    writeFileSync(cfg, 'targets:\n  sla_attainment: { target: 95 }\n');
    const pct = cli(['report', '--db', db, '--out', out, '--config', cfg]);
    expect([pct.code, pct.stderr.trim()]).toEqual([2, `itsm-lens: ${cfg}: targets.sla_attainment.target 95 is a rate: write it as a share of 1 (0.95 for 95 %)`]);
    writeFileSync(cfg, 'targets:\n  sla_atainment: { target: 0.9 }\n');
    const typo = cli(['report', '--db', db, '--out', out, '--config', cfg]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/targets\.sla_atainment: 'sla_atainment' is not a KPI \(known: [^)]*sla_attainment/);
    const bad = cli(['report', '--db', db, '--out', out, '--month', '2025-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("itsm-lens: --month '2025-13': expected YYYY-MM");
    const def = join(dir, 'bad.yaml');
    writeFileSync(def, 'sections:\n  - { id: x, kind: charts, title: X, charts: [{ id: a, chart: line, format: pct, data: { kpi: mttr, by: [month], fields: { median: M } }, takeaway: { kind: trend } }] }\n');
    const badDef = cli(['report', '--db', db, '--out', out, '--definition', def]);
    expect(badDef.code).toBe(2);
    // the schema names the key itself (was "charts[0]: format must be …")
    expect(badDef.stderr.trim()).toMatch(/bad\.yaml: sections\[0\]\.charts\[0\]\.format must be one of percent, nines, hours, days, count, number, currency \(got "pct"\)$/);
  });
});

describe('escaping and formats', () => {
  it('escapes HTML and keeps JSON from ending its script block', () => {
    expect(esc(`<img src=x onerror="window.__xss=1">`)).toBe('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    // bidi overrides in data would make a line read differently from what it holds
    expect(esc('Group \u202Eevil\u202C 12 h \u2066x\u2069')).toBe('Group evil 12 h x');
    const j = jsonForScript({ g: '</script><script>window.__xss=2</script>', s: '<!-- \u2028' });
    expect(j).not.toMatch(/[<>\u2028]/);
    expect(JSON.parse(j)).toEqual({ g: '</script><script>window.__xss=2</script>', s: '<!-- \u2028' });
  });

  it('prints null as n/a, rates in points and other changes in per cent', () => {
    expect(formatValue(null, 'percent')).toBe('n/a');
    expect(formatValue(0, 'count')).toBe('0');
    expect(formatChange(0.8, 0.75, 'percent')!.text).toBe('up 5.0 pts');
    expect(formatChange(90, 100, 'hours')!.text).toBe('down 10 %');
    expect(formatChange(5, null, 'count')).toBeNull();
    // a month with none before it: the change is known even if its relative size is not (it read "no Jan 2014 figure")
    expect(formatChange(3, 0, 'count')!.text).toBe('up from 0');
    expect(formatChange(0, 0, 'count')!.text).toBe('unchanged');
    // availability in nines: 99.955 % is not 100.0 %, and a 0.04-point drop is a change
    expect(formatValue(0.99955, 'nines')).toBe('99.955 %');
    expect(formatChange(0.9991, 0.9995, 'nines')!.text).toBe('down 0.040 pts');
    // hours and days: one decimal under 100, so that a title's change agrees with the values it shows (HPSM's median
    // 16.335 → 17.761 h is "up 9 %", not 16 → 18 h); whole numbers (a target) and 100 and over without decimals
    expect(formatValue(17.761389, 'hours')).toBe('17.8 h');
    expect(formatValue(16.335, 'hours')).toBe('16.3 h');
    expect(formatChange(17.761389, 16.335, 'hours')!.text).toBe('up 9 %');
    expect(formatValue(24, 'hours')).toBe('24 h');
    expect(formatValue(99.96, 'hours')).toBe('100 h');
    expect(formatValue(237.04, 'hours')).toBe('237 h');
    expect(formatValue(4.25, 'days')).toBe('4.3 d');
  });

  it('the shipped definition loads with its sections in order (KPI names: definition-kpis.test.ts; fields: below)', () => {
    const def = loadDefinition(DEFAULT_DEFINITION);
    expect(def.trendMonths).toBe(13);
    expect(def.sections.map((s) => s.kind)).toEqual(['findings', 'tiles', 'charts', 'charts', 'charts', 'charts', 'clusters', 'charts', 'data_quality', 'appendix']);
  });
});

describe('availability and major incidents in the pack', () => {
  const tileText = (html: string, label: string) => {
    const at = html.indexOf(`>${label}<`);
    return at < 0 ? null : html.slice(at, at + 400);
  };
  it('the Statuspage fixture: tiles in nines (unweighted beside weighted) and the section drawn', async () => {
    const d = tempDir('itsm-lens-report-status-');
    const store = await Store.open(join(d, 'db.duckdb'));
    let html: string;
    try {
      await runIngest(store, await planIngest({ paths: [join(ROOT, 'fixtures', 'statuspage')] }));
      html = readFileSync((await buildReport(store, { out: join(d, 'out'), month: '2025-02', config, definition: smallReportDefinition(d, AVAILABILITY_CHARTS) })).html, 'utf8');
    } finally {
      store.close();
    }
    // Feb 2025 (40,320 min): Checkout down 180 min merged, weighted 135 → 99.554 % and 99.665 %; 4 major incidents
    // (Checkout ×2, API + Website, Mobile app); 4 services named — the tile counts services, not tickets
    expect(tileText(html, 'Availability (worst service)')).toContain('99.554 %');
    const avail = html.slice(html.indexOf('>Availability (worst service)<'));
    expect(avail.slice(0, avail.indexOf('</svg>') + 200)).toContain('4 services · availability.sql');
    expect(tileText(html, 'Availability impact-weighted (worst service)')).toContain('99.665 %');
    expect(tileText(html, 'Major incidents opened')).toMatch(/>4</);
    // no calendar in this config: the business-hours tile is n/a with the reason, never the calendar figure
    expect(tileText(html, 'Availability in business hours (worst service)')).toMatch(/>n\/a<[^]*no business calendar configured \(add a calendars: section to itsm-lens\.config\.yaml\)/);
    const section = html.slice(html.indexOf('<section id="availability"'), html.indexOf('</section>', html.indexOf('<section id="availability"')));
    expect(section).toContain('<figure');
    expect(section).toMatch(/Checkout was down longest: 180 minutes/);
    // each month's worst service: February's is Checkout's 99.554 %
    expect(section).toMatch(/Availability of the worst service: 99\.554 % in Feb 2025/);
  });

  it('without major incidents on services, the section says why in a sentence and the tiles give the reason', async () => {
    const d = tempDir('itsm-lens-report-noavail-');
    const store = await Store.open(join(d, 'db.duckdb'));
    let html: string;
    try {
      // incidents with neither a service nor a priority (nor a tool's mark)
      for (let i = 1; i <= 3; i++) {
        await store.run(`INSERT INTO ticket (ticket_key, kind, opened_at, resolved_at) VALUES ('x:${i}', 'incident', TIMESTAMPTZ '2025-02-0${i} 09:00:00+00', TIMESTAMPTZ '2025-02-0${i} 11:00:00+00')`);
      }
      html = readFileSync((await buildReport(store, { out: join(d, 'out'), month: '2025-02', config, definition: smallReportDefinition(d, AVAILABILITY_CHARTS) })).html, 'utf8');
    } finally {
      store.close();
    }
    const section = html.slice(html.indexOf('<section id="availability"'), html.indexOf('</section>', html.indexOf('<section id="availability"')));
    expect(section).toMatch(/<p class="empty">No data for this section: [^<]*no incident open in the period names a service/);
    expect(section).not.toContain('<figure');
    expect(tileText(html, 'Availability (worst service)')).toContain('no incident open in the period names a service');
    // no cost model in the config and no channel in the data: n/a with the reason, never 0
    expect(tileText(html, 'Cost per ticket')).toMatch(/>n\/a<[^]*no cost model: set metrics\.cost \(per_month, per_team_month, per_channel_month or hourly_rate\) in the project config/);
    expect(tileText(html, 'Self-service rate')).toMatch(/>n\/a<[^]*the tickets carry no channel/);
  });

  it('cost per ticket under an hourly rate and the self-service rate as tiles', async () => {
    const d = tempDir('itsm-lens-report-cost-');
    const store = await Store.open(join(d, 'db.duckdb'));
    let html: string;
    try {
      // 3 incidents with 1, 2 and 3 hours worked, by portal, phone and e-mail
      const rows: [number, number, string][] = [[1, 1, 'portal'], [2, 2, 'phone'], [3, 3, 'email']];
      for (const [i, h, ch] of rows) {
        await store.run(`INSERT INTO ticket (ticket_key, kind, channel, handle_time_hours, opened_at) VALUES ('x:${i}', 'incident', '${ch}', ${h}, TIMESTAMPTZ '2025-02-0${i} 09:00:00+00')`);
      }
      const file = join(d, 'itsm-lens.config.yaml');
      writeFileSync(file, 'metrics:\n  cost: { hourly_rate: 50, currency: EUR }\n');
      html = readFileSync((await buildReport(store, { out: join(d, 'out'), month: '2025-02', config: loadProjectConfig(file), definition: smallReportDefinition(d, []) })).html, 'utf8');
    } finally {
      store.close();
    }
    // 50 × (1 + 2 + 3) h = 300 over 3 tickets = 100.00 EUR, in the configured currency, the model named under it
    expect(tileText(html, 'Cost per ticket')).toContain('>100.00 EUR<');
    expect(tileText(html, 'Cost per ticket')).toContain('model: hourly rate 50 EUR × the time worked logged on each ticket');
    expect(tileText(html, 'Cost per ticket')).not.toContain('no currency set');
    // self-service: portal 1 of 3 assisted-or-self channels = 33.3 %
    expect(tileText(html, 'Self-service rate')).toContain('>33.3 %<');
  });

  it('cost per ticket without a currency: the bare amount and a plain "no currency set", never a guessed symbol', async () => {
    const d = tempDir('itsm-lens-report-nocur-');
    const store = await Store.open(join(d, 'db.duckdb'));
    let html: string;
    try {
      // 4 tickets in February, 3 with a channel; 2,500 a month per channel: phone 2,000 → 2 tickets, e-mail 500 → 1
      const rows: [number, string | null][] = [[1, 'phone'], [2, 'phone'], [3, 'email'], [4, null]];
      for (const [i, ch] of rows) {
        await store.run(`INSERT INTO ticket (ticket_key, kind, channel, opened_at) VALUES ('x:${i}', 'incident', ${ch ? `'${ch}'` : 'NULL'}, TIMESTAMPTZ '2025-02-0${i} 09:00:00+00')`);
      }
      const file = join(d, 'itsm-lens.config.yaml');
      writeFileSync(file, 'metrics:\n  cost: { per_channel_month: { phone: 2000, email: 500 } }\n');
      html = readFileSync((await buildReport(store, { out: join(d, 'out'), month: '2025-02', config: loadProjectConfig(file), definition: smallReportDefinition(d, []) })).html, 'utf8');
    } finally {
      store.close();
    }
    // phone 2,000 ÷ 2 = 1,000 (twice), e-mail 500 ÷ 1 = 500: (1,000 + 1,000 + 500) ÷ 3 = 833.33; the ticket without a channel not costed
    const tile = tileText(html, 'Cost per ticket');
    expect(tile).toContain('>833.33<');
    expect(tile).toContain('no currency set (metrics.cost.currency in the project config) · model: monthly cost per channel, shared evenly among the tickets opened through the channel · 1 ticket not costed');
    expect(tile).not.toMatch(/[€$£¤]/);
  });
});
