/**
 * The assessment a client reads (issue 22, item 4): over the text output and the HTML page for both real exports,
 * no SQL fragment or snake_case key appears in prose, numbers and dates are formatted, a line shortened for the
 * terminal ends at a word with an ellipsis, and the radar draws a practice that is not assessable as a labelled gap.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MaturityDoc } from '../../src/maturity/assess.js';
import { cli, SHARED_DATA, tempDir } from '../helpers.js';
import { realDataDb, type RealData } from '../shared-databases.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] SKIPPED: ${SHARED_DATA} not found; the assessment wording is checked where ../shared/data exists (CI).\n`);

// SQL as it would leak from a query or a scope (upper-case keywords, the functions the rubric uses)
const SQL = /\b(SELECT|FROM|WHERE|GROUP BY|CASE WHEN|IS NOT NULL|IS NULL|NOT IN|COALESCE)\b|\b(coalesce|is_set|count|avg|lower|quarter_of|nullif)\(|<>|::/;
// a config key or column name: words joined by underscores, or a criterion id (practice.key)
const KEY = /\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\b(incident|problem|change|knowledge|service_desk|it_asset)\.[a-z]/;

/** The visible text of the page: no style block, no tags, entities decoded. */
function pageText(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<head>[\s\S]*?<\/head>/, '').replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function prose(name: RealData) {
  let text = '';
  let html = '';
  let doc: MaturityDoc;
  beforeAll(async () => {
    const { db } = await realDataDb(name);
    const out = join(tempDir('itsm-lens-assess-words-'), 'page');
    const r = cli(['assess', '--db', db, '--out', out]);
    if (r.code !== 0) throw new Error(r.stderr);
    text = r.stdout;
    html = readFileSync(join(out, 'index.html'), 'utf8');
    doc = JSON.parse(readFileSync(join(out, 'maturity.json'), 'utf8')) as MaturityDoc;
  }, 300_000);

  it('has no SQL and no snake_case key in the text or on the page', () => {
    for (const [where, body] of [['text', text], ['page', pageText(html)]] as const) {
      const lines = body.split(/\n|(?<=\.) /).filter((l) => l.trim());
      expect(lines.filter((l) => SQL.test(l)), `${where}: SQL`).toEqual([]);
      expect(lines.filter((l) => KEY.test(l)), `${where}: keys`).toEqual([]);
    }
  });

  it('formats counts and dates, and shortens only at a word, with an ellipsis', () => {
    const incidents = doc.data.counts.incidents!;
    expect(incidents).toBeGreaterThan(9999);
    expect(text).toContain(`incidents ${incidents.toLocaleString('en-GB')}`);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(pageText(html)).not.toMatch(/\d{4}-\d\d-\d\dT/);
    // every full sentence the text output may shorten, from the JSON beside it
    const full = [...doc.practices.flatMap((p) => [p.next?.reason ?? '', p.reason ?? '']), ...doc.roadmap.flatMap((r) => [r.title, r.recommendation])];
    const cut = text.split('\n').filter((l) => l.includes('…'));
    expect(cut.length).toBeGreaterThan(0);
    for (const line of cut) {
      // the shortened part is the end of the line before the ellipsis; it must end where a word of the original ends
      const part = line.slice(0, line.indexOf('…')).split(/ {2,}/).pop()!.replace(/^.*?: (?=[A-Z])/, '');
      const host = full.find((f) => f.includes(part));
      expect(host, line).toBeDefined();
      const next = host![host!.indexOf(part) + part.length];
      expect(next === undefined || /[\s,;:(]/.test(next), `${line} cuts "${host}"`).toBe(true);
    }
    // and every shortened reason is said in full below the table, once
    const fullSection = text.slice(text.indexOf('what stops the next level, in full:'));
    expect(text).toContain('what stops the next level, in full:');
    for (const p of doc.practices) {
      const why = p.next?.reason ?? p.reason ?? '';
      if (why.length > 110) expect(fullSection.split('\n')).toContain(`  ${p.name}: ${why}`);
    }
  });

  it('draws a practice that is not assessable as a labelled gap, not as level 0', () => {
    const gaps = doc.practices.filter((p) => p.level === null);
    expect(gaps.length).toBeGreaterThan(0);
    for (const p of gaps) expect(html).toContain(`${p.name.replace(' management', '')} (not assessable)</text>`);
    // the level polygon has one point per assessed practice only
    const polygon = html.match(/<polygon points="([^"]+)" fill="rgba/)![1]!;
    expect(polygon.split(' ')).toHaveLength(doc.practices.length - gaps.length);
  });
}

describe.skipIf(!present)('assessment wording on HP Service Manager (BPI Challenge 2014)', () => prose('hpsm-bpi2014'));
describe.skipIf(!present)('assessment wording on the ServiceNow event log (UCI 498)', () => prose('servicenow-uci'));
