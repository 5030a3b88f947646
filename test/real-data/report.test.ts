/**
 * `itsm-lens report` on the public exports in ../shared/data: it builds without error, draws what the data
 * supports, and every section the data cannot fill says why in one line instead of an empty chart.
 * Skipped, visibly, where ../shared/data is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { cli, ROOT, SHARED_DATA, tempDir } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';
import { expectChartSpans } from './chart-spans.js';
import { esc } from '../../src/report/escape.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] SKIPPED: ${SHARED_DATA} not found; the report's real-data tests run where ../shared/data exists (CI).\n`);

interface Built {
  code: number;
  stderr: string;
  html: string;
  meta: { month: string; charts_drawn: number; charts_without_data: number; bytes: number };
}

function report(db: string, out: string, extra: string[] = []): Built {
  const r = cli(['report', '--json', '--db', db, '--out', out, ...extra]);
  if (r.code !== 0) return { code: r.code, stderr: r.stderr, html: '', meta: {} as Built['meta'] };
  const meta = JSON.parse(r.stdout);
  return { code: 0, stderr: r.stderr, html: readFileSync(meta.html, 'utf8'), meta };
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
    expect(r.html).toMatch(/20,769 tickets \(2016-02-29 … 2016-05-13\)/);
    expect(sectionOf(r.html, 'kpis')).toMatch(/<div class="label">SLA attainment<\/div>\s*<div class="value">[\d.]+ %<\/div>/);
  });

  it('says what the data cannot support rather than drawing zeros', () => {
    // no change records: the tile says n/a with the engine's reason
    expect(sectionOf(r.html, 'kpis')).toMatch(/<div class="label">Change success<\/div>\s*<div class="value">n\/a<\/div>\s*<div class="note">[^<]*no change/);
  });

  it('names no assignee or caller under the default people policy (issue 21.5): none of their values is in the page', async () => {
    const { db } = await realDataDb('servicenow-uci');
    const s = await Store.open(db, { readOnly: true });
    const people = (await s.all<{ v: string }>(`SELECT DISTINCT v FROM (SELECT assignee AS v FROM ticket UNION ALL SELECT requester FROM ticket) WHERE v IS NOT NULL`)).map((x) => x.v);
    s.close();
    expect(people.length).toBeGreaterThan(1000);
    // whole values ("Resolver 13" must not match inside "Resolver 130"): bounded by a non-digit, non-letter
    const named = people.filter((v) => new RegExp(`(^|[^\\w])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w])`).test(r.html));
    expect(named).toEqual([]);
    // the findings section still says what it found about them
    expect(sectionOf(r.html, 'findings')).toMatch(/one assignee/);
  });

  it('lists in its recurring section what `clusters --since` prints for the findings window (issues 21.6, 23.2)', async () => {
    const { db } = await realDataDb('servicenow-uci');
    // the findings' window of 2016-04 is the twelve months ending with it: from 2015-05-01 (the whole export)
    // its JSON is over 1 MB, spawnSync's default buffer (the cli helper's)
    const c = spawnSync(process.execPath, [join(ROOT, 'bin', 'itsm-lens.js'), 'clusters', '--json', '--since', '2015-05-01', '--db', db], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
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
    expect(r.meta.bytes).toBeLessThan(3 * 1024 * 1024);
  });
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
    expect(none.stderr.trim()).toMatch(/^itsm-lens: no tickets with an opened time are loaded/);
    const month = report(db, join(dir, 'b'), ['--month', '2014-01']);
    expect(month.code).toBe(2);
    expect(month.stderr.trim().split('\n').at(-1)).toMatch(/^itsm-lens: --month 2014-01: no tickets were opened in it; no tickets with an opened time are loaded/);
  });
});
