/**
 * `itsm-lens report` on the public exports in ../shared/data: it builds without error, draws what the data
 * supports, and every section the data cannot fill says why in one line instead of an empty chart.
 * Skipped, visibly, where ../shared/data is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { CHROMIUM, launchChromium } from '../../src/report/browser.js';
import { cli, ROOT, SHARED_DATA, tempDir } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';
import { repeatedLabels, reviewPack } from '../report/pack-review.js';
import { expectChartSpans } from './chart-spans.js';
import { sectionsReportDefinition } from '../small-report.js';
import { esc } from '../../src/report/escape.js';
import { HPSM_BPI2014 as H } from './reference/figures.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] SKIPPED: ${SHARED_DATA} not found; the report's real-data tests run where ../shared/data exists (CI).\n`);

interface Built {
  code: number;
  stderr: string;
  html: string;
  meta: { html: string; month: string; charts_drawn: number; charts_without_data: number; bytes: number };
}

function report(db: string, out: string, extra: string[] = []): Built {
  const r = cli(['report', '--json', '--db', db, '--out', out, ...extra]);
  if (r.code !== 0) return { code: r.code, stderr: r.stderr, html: '', meta: {} as Built['meta'] };
  const meta = JSON.parse(r.stdout);
  return { code: 0, stderr: r.stderr, html: readFileSync(meta.html, 'utf8'), meta };
}

// one browser for the file's visual reviews (issue 21.7); each report is built once, by its describe
const browserPresent = existsSync(CHROMIUM);
if (!browserPresent) console.warn(`\n[real-data report] visual review SKIPPED: no chromium at ${CHROMIUM}.\n`);
let browser: Browser | undefined;
beforeAll(async () => {
  if (present && browserPresent) browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Every text file a report folder holds (the page, kpis.json, the charts' specs and SVGs). */
function folderText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.pdf'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/**
 * The values that occur in the text as whole values ("Resolver 13" must not match inside "Resolver 130"): one
 * pass of one alternation, longest first, bounded by non-word characters (thousands of values, a 1 MB page).
 */
function occurring(values: string[], text: string): string[] {
  const esc = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternation = [...values].sort((a, b) => b.length - a.length).map(esc).join('|');
  const found = new Set<string>();
  for (const m of text.matchAll(new RegExp(`(?<![\\w])(?:${alternation})(?![\\w])`, 'g'))) found.add(m[0]);
  return values.filter((v) => found.has(v));
}

/** The visual review of a built report: screenshots printed, no console error, no repeated tick label. */
async function expectReviewed(html: string, name: string): Promise<void> {
  if (!browser) return;
  const dir = join(tempDir(`itsm-lens-pack-${name}-`), 'screenshots');
  const review = await reviewPack(browser, html, dir);
  console.info(`[real-data report] ${name} pack screenshots (${review.shots.length}) in ${dir}`);
  expect(review.errors).toEqual([]);
  expect(review.overflow).toEqual([]);
  expect(review.axes.length).toBeGreaterThan(0);
  expect(repeatedLabels(review)).toEqual([]);
}

/** Every drawn chart's caption names the statistic drawn: each of its series' labels (a heat map: its statistic). */
function expectCaptionsNameWhatIsDrawn(html: string): void {
  const figures = html.split('<figure class="chart"').slice(1).map((f) => f.slice(0, f.indexOf('</figure>')));
  expect(figures.length).toBeGreaterThan(0);
  for (const f of figures) {
    const id = /id="chart-([a-z0-9-]+)"/.exec(f)![1]!;
    const caption = /<figcaption>([^<]*)<\/figcaption>/.exec(f)![1]!;
    expect(caption, id).toMatch(/^Shows /);
    if (id === 'sla-heatmap') continue;
    const series = [...f.matchAll(/<th scope="col" class="num">([^<]*)<\/th>/g)].map((m) => m[1]!);
    for (const label of series) expect(caption.toLowerCase(), `${id}: ${label}`).toContain(label.toLowerCase());
  }
  // the MTTR charts draw medians (and the 90th percentile): no caption calls them a mean
  expect(html).not.toMatch(/<figcaption>[^<]*Mean time/);
}

const sectionOf = (html: string, id: string) => {
  const at = html.indexOf(`<section id="${id}"`);
  return html.slice(at, html.indexOf('</section>', at));
};

describe.skipIf(!present)('report on the ServiceNow audit log (UCI 498)', () => {
  const dir = tempDir('itsm-lens-real-report-');
  let r: Built;
  beforeAll(async () => {
    const { db, ingest: ing } = await realDataDb('servicenow-uci');
    expect(ing.code, ing.stderr).toBe(0);
    // no --month: the default period is April 2016 (test/real-data/coverage.test.ts checks the other periods;
    // one report of the 140k-event log serves both files)
    r = report(db, join(dir, 'out'));
  }, 600_000);

  it('with no period takes 2016-04, the latest complete month, and says why (issue 18)', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/report: 2016-04: the latest complete month; 2016-05 ends on 13 May 2016/);
  });

  it('spans its trend charts over 2016-02 … 2016-04 at most, with no interaction line (issue 18.4)', () => {
    expectChartSpans(join(dir, 'out'), '2016-04');
  });

  it('builds, draws the incident charts and says why the rest is empty', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.meta.month).toBe('2016-04');
    expect(r.meta.charts_drawn).toBeGreaterThanOrEqual(8);
    // the export holds incidents only: no changes, no assets
    expect(sectionOf(r.html, 'change')).toMatch(/<p class="empty">No data for this section: [^<]*change/);
    expect(sectionOf(r.html, 'assets')).toMatch(/<p class="empty">No data for this section: /);
    expect(sectionOf(r.html, 'trends')).toContain('<figure class="chart" id="chart-mttr"');
    // 20,769 incidents; April 2016 has the SLA flag on every incident opened in it
    expect(r.html).toMatch(/20,769 incidents \(2016-02-29 … 2016-05-13\)/);
    expect(sectionOf(r.html, 'kpis')).toMatch(/<div class="label">SLA attainment<\/div>\s*<div class="value">[\d.]+ %<\/div>/);
  });

  it('says what the data cannot support rather than drawing zeros', () => {
    // no change records: the tile says n/a with the engine's reason
    expect(sectionOf(r.html, 'kpis')).toMatch(/<div class="label">Change success<\/div>\s*<div class="value">n\/a<\/div>\s*<div class="note">[^<]*no change/);
  });

  it('names no person under the default people policy, in the page or any file of the pack, nor in findings --json; people: named shows them (issue 21.5)', async () => {
    // the people in the export itself, read from the file by DuckDB (not through our ingest): callers, assignees,
    // who opened, resolved, created and updated; "?" is the export's empty value
    const { db } = await realDataDb('servicenow-uci');
    const s = await Store.open(db, { readOnly: true });
    const file = join(SHARED_DATA, 'servicenow-uci', 'incident_event_log.csv.gz').replaceAll("'", "''");
    // one scan of the file: each person column's distinct values
    const rows = await s.all<{ c: string; v: string }>(`
      SELECT DISTINCT c, trim(v) AS v FROM (
        UNPIVOT (SELECT assigned_to, caller_id, opened_by, resolved_by, sys_created_by, sys_updated_by FROM read_csv('${file}', all_varchar = true))
        ON COLUMNS(*) INTO NAME c VALUE v)
      WHERE v IS NOT NULL AND trim(v) NOT IN ('', '?')`);
    const column = (c: string) => rows.filter((r) => r.c === c).map((r) => r.v);
    const assignees = column('assigned_to');
    const callers = column('caller_id');
    const others = ['opened_by', 'resolved_by', 'sys_created_by', 'sys_updated_by'].flatMap(column);
    s.close();
    expect(assignees.length).toBeGreaterThan(100);
    expect(callers.length).toBeGreaterThan(1000);
    const people = [...new Set([...assignees, ...callers, ...others])];
    expect(occurring(people, folderText(join(dir, 'out')))).toEqual([]);
    const json = cli(['findings', '--json', '--month', '2016-04', '--db', db]);
    expect(json.code, json.stderr).toBe(0);
    expect(occurring(people, json.stdout)).toEqual([]);
    // the findings still say what they found about them
    expect(r.html).toMatch(/one assignee/);
    // the same report with people: named names assignees and callers (the check above can fail): its findings
    // and appendix sections, where the default pack above has its "one assignee" finding (the whole named pack
    // of this export names them in the appendix's findings only; a pack of those two is ~1.9 CPU-s, not ~3.6)
    const config = join(dir, 'named.yaml');
    writeFileSync(config, 'people: named\n');
    const named = report(db, join(dir, 'named'), ['--config', config, '--definition', sectionsReportDefinition(dir, ['findings', 'appendix'])]);
    expect(named.code, named.stderr).toBe(0);
    expect(occurring(assignees, named.html).length).toBeGreaterThan(0);
    expect(occurring(callers, named.html).length).toBeGreaterThan(0);
  }, 600_000);

  it('shows at most 5 findings in plain words, every one with its statistics in the appendix (issue 21.4)', () => {
    const items = sectionOf(r.html, 'findings').match(/<li>/g) ?? [];
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(5);
    expect(r.html).not.toMatch(/q = /);
    expect(r.html).not.toMatch(/1\/\d+ of the time/);
    // the appendix lists them all, with the test behind each
    const all = sectionOf(r.html, 'appendix');
    expect(all).toContain('<h3 id="all-findings">All findings</h3>');
    expect((all.match(/Mann–Kendall|van Elteren|chi-square|Fisher exact|Mann–Whitney/g) ?? []).length).toBeGreaterThan(items.length);
  });

  it('captions name the statistic each chart draws', () => {
    expectCaptionsNameWhatIsDrawn(r.html);
  });

  it('passes the visual review: screenshots of every section at 1400 and 390 px, no repeated tick label (issue 21.7)', async () => {
    await expectReviewed(join(dir, 'out', 'index.html'), 'servicenow');
  }, 120_000);

  it('lists in its recurring section what `clusters --since --until` prints for the findings window (issues 21.6, 23.2)', async () => {
    const { db } = await realDataDb('servicenow-uci');
    // the findings' window of 2016-04 is the twelve months ending with it: 2015-05-01 (before the export) until
    // 2016-05-01, so May 2016's incidents (3,633, opened up to the 13th) are not in an April pack; less the
    // months at the export's edges the coverage model leaves out: February 2016 (207 incidents, all on the 29th,
    // under a quarter of a typical month), so it starts 2016-03-01
    // its JSON is over 1 MB, spawnSync's default buffer (the cli helper's)
    const c = spawnSync(process.execPath, [join(ROOT, 'bin', 'itsm-lens.js'), 'clusters', '--json', '--since', '2016-03-01', '--until', '2016-05-01', '--db', db], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    expect(c.status, c.stderr).toBe(0);
    const doc = JSON.parse(c.stdout) as { clusters: Array<{ label: string; size: number; problem_candidate: boolean }> };
    // the section's order and length (reports/monthly.yaml: top 10): problem candidates first, then by size
    const expected = [...doc.clusters].sort((a, b) => Number(b.problem_candidate) - Number(a.problem_candidate) || b.size - a.size).slice(0, 10);
    expect(expected.length).toBeGreaterThan(0);
    const rows = [...sectionOf(r.html, 'problems').matchAll(/<tr><td>([^<]*)<\/td><td class="num">([\d,]+)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(expected.map((x) => [esc(x.label), x.size.toLocaleString('en-US')]));
  });
});

describe.skipIf(!present)('report on the HP Service Manager exports (BPI Challenge 2014)', () => {
  const dir = tempDir('itsm-lens-real-report-');
  let r: Built;
  beforeAll(async () => {
    const { db, ingest: ing } = await realDataDb('hpsm-bpi2014');
    expect(ing.code, ing.stderr).toBe(0);
    r = report(db, join(dir, 'out'), ['--month', '2014-02']);
  }, 600_000);

  it('builds with incidents, interactions and changes, and the change section drawn', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.meta.charts_drawn).toBeGreaterThanOrEqual(10);
    expect(sectionOf(r.html, 'change')).toContain('<figure class="chart" id="chart-change-volume"');
    // FCR from the interactions' own flag (HPSM), not a proxy
    expect(sectionOf(r.html, 'kpis')).toMatch(/fcr_flag\.sql/);
    // the title block counts tickets per kind, the most first: "193,610 tickets" read as the incidents of the tiles
    expect(r.html).toContain(`${H.interactions.toLocaleString('en-US')} interactions (`);
    expect(r.html).toMatch(new RegExp(`interactions \\([^)]*\\) · ${H.incidents.toLocaleString('en-US')} incidents \\(`));
    expect(r.meta.bytes).toBeLessThan(3 * 1024 * 1024);
  });

  it('says on the availability tiles that the export marks no major incident, so priority 1 stood in for it', () => {
    // HPSM carries no major-incident mark: "availability" is the time of priority-1 incidents, by the default rule
    const tiles = sectionOf(r.html, 'kpis');
    expect(tiles.match(/<div class="detail">worst: WBS\d+ · major incidents: incidents of priority 1 \(default rule\)<\/div>/g)).toHaveLength(2);
    expect(tiles).toContain('<div class="detail">major incidents: incidents of priority 1 (default rule)</div>');
    // the minutes-down chart shows the services that were down, not 9 bars at 0 (hide_zero)
    const chart = sectionOf(r.html, 'availability');
    const bars = chart.slice(chart.indexOf('id="chart-outage-service"')).split('</figure>')[0]!;
    // counted from the raw file by reference/hpsm-bpi2014.sql: 199 services named in Feb 2014, 3 with a P1 incident
    expect([...bars.matchAll(/<tr><th scope="row">/g)]).toHaveLength(H.feb2014_services_down);
    expect(bars).toContain(`queries/availability.sql · ${H.feb2014_services_named - H.feb2014_services_down} services at 0 left out`);
  });

  it('draws no chart of one member and shows no empty column (issue 21.3)', () => {
    // no incident names a group: the group chart is a sentence, not one "(none)" bar
    expect(r.html).not.toContain('<figure class="chart" id="chart-mttr-group"');
    expect(sectionOf(r.html, 'time')).toMatch(/<p class="empty">Median by group: not drawn, no record in the period names a group/);
    // the oldest-open table leaves out the title and group columns the export does not fill, and says so
    const table = sectionOf(r.html, 'time').slice(sectionOf(r.html, 'time').indexOf('id="table-oldest-open"'));
    expect(table).not.toMatch(/<th scope="col">Title<\/th>/);
    expect(table).toMatch(/no title and group in the data/);
    // no chart id shows through
    expect(r.html).not.toMatch(/[a-z]+-[a-z]+: (no chart|not drawn)/);
    expectCaptionsNameWhatIsDrawn(r.html);
  });

  it('says the export carries no problem link and no assignment group, not that none is linked (empty on all 46,606 incidents)', () => {
    const problems = sectionOf(r.html, 'problems');
    const cells = [...problems.matchAll(/<tr><td>[^<]*<\/td>(?:<td[^>]*>[^<]*<\/td>)*?<td>([^<]*)<\/td><\/tr>/g)].map((m) => m[1]);
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c).toMatch(/^no problem link in the export/);
    expect(problems).not.toContain('none: candidate for a problem record');
    expect(problems).not.toMatch(/<th scope="col">Top group<\/th>/);
    expect(problems).toContain('no top group: the export carries no assignment group');
    // the findings' trends start and end on whole weeks: the window is 1 Oct 2013 (a Tuesday) … 28 Feb 2014 (a Friday)
    const findings = sectionOf(r.html, 'findings');
    expect(findings).not.toMatch(/none is linked to a problem record|no group named|the week of 30 Sep 2013|the week of 24 Feb 2014/);
    expect(findings).toMatch(/the export carries no assignment group and no problem link\./);
  });

  it('passes the visual review: screenshots of every section at 1400 and 390 px, no repeated tick label (issue 21.7)', async () => {
    await expectReviewed(r.meta.html, 'hpsm');
  }, 120_000);
});

describe.skipIf(!present)('report on an export without dates (Jira HIVE issues)', () => {
  const dir = tempDir('itsm-lens-real-report-');
  let db: string;
  beforeAll(async () => {
    const shared = await realDataDb('jira-hive');
    expect(shared.ingest.code, shared.ingest.stderr).toBe(0);
    db = shared.db;
  }, 600_000);

  it('stops with one line saying why, with or without --month: no ticket has an opened time (issue 18: no pack of nothing)', () => {
    const none = report(db, join(dir, 'a'));
    expect(none.code).toBe(2);
    // 2,164 issues in the file (its README), loaded without an opened time: not "ingest exports first"
    expect(none.stderr.trim()).toBe(
      'itsm-lens: none of the 2,164 tickets loaded has an opened time (their export has no opened or created column); a monthly figure needs one: export the tickets with their created/opened date and ingest again',
    );
    const month = report(db, join(dir, 'b'), ['--month', '2014-01']);
    expect(month.code).toBe(2);
    expect(month.stderr.trim().split('\n').at(-1)).toMatch(/^itsm-lens: --month 2014-01: no tickets were opened in it; no tickets with an opened time are loaded/);
  });
});
