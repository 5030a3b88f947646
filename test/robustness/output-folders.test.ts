/**
 * Output folders stay ours (issue 25, item 3): `report --out`, `export --parquet`, `generate --out` and
 * `assess --out` write only into a folder that is new, empty, or one they wrote before (their manifest lists
 * its files); they delete only what their manifest lists; they follow no symbolic link out of the folder. Each
 * refusal is exit 2 with one line saying what to do, and leaves the folder and everything outside it as they were.
 * `report` runs the monthly pack cut to its tiles and three charts (test/small-report.ts): the same kinds of files
 * through the same folder code, a third of the CPU.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';
import { checkFolder, filesOn, snapshot } from './folder-state.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { Store } from '../../src/store/db.js';
import { smallReportDefinition } from '../small-report.js';

const dir = tempDir('itsm-lens-folders-');
/** the ServiceNow fixture (2,000 generated tickets with changes, problems, assets) */
let db: string;
/** the same incidents without changes, problems or assets: fewer charts and tables to write */
const incidentsOnly = join(dir, 'incidents.duckdb');
/** The arguments of `report` from `database` into `out`. */
const definition = smallReportDefinition(dir);
const report = (database: string, out: string, ...more: string[]) => ['report', '--db', database, '--out', out, '--definition', definition, ...more];
/** A complete `report` and a complete `assess` of the fixture, each run once (exit 0): three tests start from an
 *  assessment folder and two from a report folder, each from its own byte-for-byte copy of these. */
const reportDone = join(dir, 'report-done');
const assessDone = join(dir, 'assess-done');
function copyOf(done: string, name: string): string {
  const d = join(dir, name);
  cpSync(done, d, { recursive: true });
  return d;
}

/** Runs the command expecting a refusal: exit 2 and one error line (after any progress lines) matching `message`. */
function refused(args: string[], message: RegExp): string {
  const r = cli(args);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('itsm-lens: '));
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr.trim().endsWith(lines[0]!)).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(lines[0]).toMatch(message);
  expect(lines[0]).toMatch(/choose a new or empty folder|remove it|move it away|name the folder|wait for it/);
  return lines[0]!;
}

function ok(args: string[]): void {
  const r = cli(args);
  expect(r.code, r.stderr).toBe(0);
}

/** A user's folder: notes, a chart of their own and a page of their own. */
function userFolder(name: string): string {
  const d = join(dir, name);
  mkdirSync(join(d, 'charts'), { recursive: true });
  writeFileSync(join(d, 'notes.txt'), 'my notes\n');
  writeFileSync(join(d, 'charts', 'mine.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  writeFileSync(join(d, 'index.html'), '<p>my page</p>\n');
  return d;
}

/** A folder outside the output folder, for links to point into. */
function outside(name: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'volume.svg'), 'not a chart of itsm-lens\n');
  writeFileSync(join(d, 'secret.txt'), 'keep me\n');
  return d;
}

beforeAll(async () => {
  db = (await fixtureDb('servicenow')).db;
  // in process: this database is where reports and exports read from, not what is tested (~0.5 CPU-s less than a CLI run)
  const store = await Store.open(incidentsOnly);
  try {
    const [loaded] = await ingestPaths(store, { paths: [join(ROOT, 'fixtures', 'servicenow', 'incident.csv')] });
    expect(loaded!.rows_loaded).toBeGreaterThan(0);
  } finally {
    store.close();
  }
  ok(report(db, reportDone));
  ok(['assess', '--db', db, '--out', assessDone]);
});

describe('a folder the command did not write is refused and left byte-for-byte as it was', () => {
  const cases: [string, (d: string) => string[], RegExp][] = [
    ['report', (d) => report(db, d), /holds no itsm-lens report \(itsm-lens-report\.json\); choose a new or empty folder/],
    ['export', (d) => ['export', '--db', db, '--parquet', d], /holds no itsm-lens export \(itsm-lens-export\.json\)/],
    ['generate', (d) => ['generate', '--out', d, '--tickets', '200'], /holds no itsm-lens generated exports \(truth\.json\)/],
    ['assess', (d) => ['assess', '--db', db, '--out', d], /holds no itsm-lens assessment \(itsm-lens-assess\.json\)/],
  ];
  it.each(cases)('%s', (name, args, message) => {
    const d = userFolder(`user-${name}`);
    const before = snapshot(d);
    refused(args(d), message);
    expect(snapshot(d)).toEqual(before);
  });

  it("generate --out into a folder holding a user's incident.csv refuses and leaves the file untouched", () => {
    const d = join(dir, 'user-exports');
    mkdirSync(d);
    writeFileSync(join(d, 'incident.csv'), 'number,short_description\nINC0000001,my own export\n');
    const before = snapshot(d);
    refused(['generate', '--out', d, '--tickets', '200'], /holds no itsm-lens generated exports/);
    expect(snapshot(d)).toEqual(before);
  });

  it('a manifest of another command is not ours either (report into an assessment folder, export into a report folder)', () => {
    const a = copyOf(assessDone, 'assessment');
    const before = snapshot(a);
    refused(report(db, a), /holds no itsm-lens report/);
    expect(snapshot(a)).toEqual(before);
    writeFileSync(join(a, 'itsm-lens-export.json'), readFileSync(join(a, 'itsm-lens-assess.json')));
    refused(['export', '--db', db, '--parquet', a], /itsm-lens-export\.json is not the manifest of an itsm-lens export/);
    unlinkSync(join(a, 'itsm-lens-export.json'));
  });
});

describe('no symbolic link is followed out of the folder', () => {
  it('report --out: a planted charts/ link and an index.html link are refused; nothing outside changes', () => {
    const out = outside('outside-report');
    const r = copyOf(reportDone, 'report-links');
    const outsideBefore = snapshot(out);

    // charts/ → the outside folder (the old report deleted *.svg there and wrote its charts into it)
    rmSync(join(r, 'charts'), { recursive: true });
    symlinkSync(out, join(r, 'charts'));
    let before = snapshot(r);
    refused(report(db, r), /charts is a symbolic link; itsm-lens report --out does not write through links/);
    expect(snapshot(r)).toEqual(before);
    expect(snapshot(out)).toEqual(outsideBefore);

    // index.html → a file outside (the old report overwrote it with the page)
    unlinkSync(join(r, 'charts'));
    unlinkSync(join(r, 'index.html'));
    symlinkSync(join(out, 'secret.txt'), join(r, 'index.html'));
    before = snapshot(r);
    refused(report(db, r), /index\.html is a symbolic link/);
    expect(snapshot(r)).toEqual(before);
    expect(snapshot(out)).toEqual(outsideBefore);

    // a link at one chart of ours
    unlinkSync(join(r, 'index.html'));
    mkdirSync(join(r, 'charts'));
    symlinkSync(join(out, 'volume.svg'), join(r, 'charts', 'volume.svg'));
    refused(report(db, r), /charts\/volume\.svg is a symbolic link/);
    expect(snapshot(out)).toEqual(outsideBefore);

    // the folder itself a link to the outside folder
    const link = join(dir, 'report-link');
    symlinkSync(out, link);
    refused(report(db, link), /report-link is a symbolic link; itsm-lens does not write through links: name the folder it points to/);
    expect(snapshot(out)).toEqual(outsideBefore);
  });

  it('export --parquet: a table folder linked outside is refused; assess: a linked index.html is refused', () => {
    const out = outside('outside-export');
    const lake = join(dir, 'lake-links');
    ok(['export', '--db', db, '--parquet', lake]);
    const outsideBefore = snapshot(out);
    rmSync(join(lake, 'asset'), { recursive: true });
    symlinkSync(out, join(lake, 'asset'));
    const before = snapshot(lake);
    refused(['export', '--db', db, '--parquet', lake], /asset is a symbolic link; itsm-lens export --parquet does not write through links/);
    expect(snapshot(lake)).toEqual(before);

    const a = copyOf(assessDone, 'assess-links');
    unlinkSync(join(a, 'index.html'));
    symlinkSync(join(out, 'secret.txt'), join(a, 'index.html'));
    refused(['assess', '--db', db, '--out', a], /index\.html is a symbolic link/);
    expect(snapshot(out)).toEqual(outsideBefore);
  });
});

describe('a rerun into a folder the command wrote succeeds and removes only its own stale files', () => {
  it('report: the charts a new run does not draw go, the user’s notes and chart stay; a file of theirs where a chart goes is refused', async () => {
    const r = copyOf(reportDone, 'report-rerun');
    const first = filesOn(r);
    expect(first).toContain('charts/change-volume.svg');
    writeFileSync(join(r, 'notes.txt'), 'my notes\n');
    writeFileSync(join(r, 'charts', 'mine.svg'), '<svg/>\n');
    const mine = { notes: snapshot(r)['notes.txt'], chart: snapshot(r)['charts/mine.svg'] };
    // no changes in this database: the change charts are not drawn and go
    ok(report(incidentsOnly, r, '--month', '2025-12'));
    const second = filesOn(r);
    expect(second).not.toContain('charts/change-volume.svg');
    expect(second.filter((f) => !first.includes(f))).toEqual(['charts/mine.svg', 'notes.txt']);
    expect(snapshot(r)['notes.txt']).toBe(mine.notes);
    expect(snapshot(r)['charts/mine.svg']).toBe(mine.chart);
    await checkFolder(r, 'itsm-lens-report.json', { exact: true, extra: ['charts/mine.svg', 'notes.txt'] });

    // a chart of the user's own where the next run draws one: refused, nothing replaced
    writeFileSync(join(r, 'charts', 'change-volume.svg'), '<svg>mine</svg>\n');
    const before = snapshot(r);
    refused(report(db, r), /charts\/change-volume\.svg was not written by itsm-lens report \(itsm-lens-report\.json does not list it\); move it away/);
    expect(snapshot(r)).toEqual(before);
  });

  it('export: a re-export with fewer tables deletes only this tenant’s stale files; the other tenant’s stay byte-for-byte', async () => {
    const lake = join(dir, 'lake-rerun');
    ok(['export', '--db', db, '--parquet', lake, '--tenant', 'a']);
    ok(['export', '--db', db, '--parquet', lake, '--tenant', 'b']);
    const tenantA = Object.fromEntries(Object.entries(snapshot(lake)).filter(([k]) => k.includes('tenant=a')));
    writeFileSync(join(lake, 'README.txt'), 'our lake\n');
    ok(['export', '--db', incidentsOnly, '--parquet', lake, '--tenant', 'b']);
    const after = snapshot(lake);
    expect(Object.fromEntries(Object.entries(after).filter(([k]) => k.includes('tenant=a')))).toEqual(tenantA);
    expect(Object.keys(after).filter((k) => /^(change|problem|asset)\/tenant=b/.test(k))).toEqual([]);
    expect(Object.keys(after).filter((k) => k.startsWith('ticket/tenant=b/')).length).toBeGreaterThan(0);
    expect(after['README.txt']).toBeDefined();
    await checkFolder(lake, 'itsm-lens-export.json', { exact: true, extra: ['README.txt'] });
  });

  it('generate: a Jira run then a ServiceNow run into one folder leaves only the ServiceNow files and the user’s notes', () => {
    const g = join(dir, 'generated');
    ok(['generate', '--out', g, '--tickets', '300', '--format', 'jira']);
    expect(filesOn(g)).toEqual(['Jira.csv', 'truth.json']);
    writeFileSync(join(g, 'notes.txt'), 'my notes\n');
    ok(['generate', '--out', g, '--tickets', '300']);
    expect(filesOn(g)).toEqual(['alm_hardware.csv', 'change_request.csv', 'incident.csv', 'notes.txt', 'problem.csv', 'sc_req_item.csv', 'truth.json']);
  });

  it('assess: a rerun replaces its two files and keeps the user’s', async () => {
    const a = copyOf(assessDone, 'assess-rerun');
    writeFileSync(join(a, 'notes.txt'), 'my notes\n');
    ok(['assess', '--db', incidentsOnly, '--out', a]);
    await checkFolder(a, 'itsm-lens-assess.json', { exact: true, extra: ['notes.txt'] });
    expect(filesOn(a)).toEqual(['index.html', 'itsm-lens-assess.json', 'maturity.json', 'notes.txt']);
  });
});

describe('one writer at a time', () => {
  it('a folder locked by a running process is refused; the lock of a process that is gone is taken over', async () => {
    const r = join(dir, 'lake-locked');
    ok(['export', '--db', incidentsOnly, '--parquet', r]);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(r, '.itsm-lens-lock'), `${sleeper.pid}\n`);
      refused(['export', '--db', incidentsOnly, '--parquet', r], new RegExp(`is being written by another itsm-lens process \\(PID ${sleeper.pid}\\); wait for it to finish, or delete .*\\.itsm-lens-lock if none runs`));
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((res) => sleeper.on('close', res));
    }
    ok(['export', '--db', incidentsOnly, '--parquet', r]);
    expect(filesOn(r)).not.toContain('.itsm-lens-lock');
    expect(snapshot(r)['.itsm-lens-lock']).toBeUndefined();
  });
});
