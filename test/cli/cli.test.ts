import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { Store } from '../../src/store/db.js';
import { cli, tempDir, writeFixture } from '../helpers.js';

describe('CLI contract', () => {
  it('has --help for every command', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['ingest', 'sources', 'kpi', 'generate', 'demo']) {
      expect(top.stdout).toContain(c);
      const r = cli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout).toContain('--db');
    }
  });

  it('exits 2 with one line and no stack trace on unreadable input, writing nothing', () => {
    const dir = tempDir();
    const db = join(dir, 'x.duckdb');
    const other = writeFixture(dir, 'fruit.csv', 'fruit,colour\napple,red\n');
    const r = cli(['ingest', '--db', db, other]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^itsm-lens: .*fruit\.csv: header not recognised.*--mapping FILE/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(db)).toBe(false); // nothing written, not even an empty database
    expect(cli(['ingest', '--db', db, join(dir, 'missing.csv')]).stderr).toMatch(/^itsm-lens: .*no such file or folder\n$/);
    expect(cli(['kpi', '--db', db, '--month', '2024-13']).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
  });

  it('shows the stack trace with --debug', () => {
    const dir = tempDir();
    const r = cli(['ingest', '--debug', '--db', join(dir, 'x.duckdb'), writeFixture(dir, 'f.csv', 'a,b\n1,2\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('lists the supported tools with their signatures', () => {
    const r = cli(['sources', '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.tools.map((t: any) => t.id)).toEqual(expect.arrayContaining(['servicenow', 'jira', 'hpsm']));
    expect(cli(['sources']).stdout).toMatch(/servicenow — ServiceNow/);
  });

  it('ingests, prints read/loaded/rejected, and answers kpi --json', () => {
    const dir = tempDir();
    const db = join(dir, 'x.duckdb');
    const f = writeFixture(dir, 'incident.csv', 'number,short_description,opened_at,resolved_at,made_sla,caller_id\nINC1,a,2024-03-01 08:00:00,2024-03-01 10:00:00,true,x\n');
    const r = cli(['ingest', '--db', db, f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/read 1 · loaded 1 · rejected 0/);
    const k = JSON.parse(cli(['kpi', '--json', '--db', db]).stdout);
    expect(k.kpis.mttr).toMatchObject({ n: 1, median: 2 });
    const j = JSON.parse(cli(['ingest', '--json', '--db', db, f]).stdout);
    expect(j.files[0].status).toBe('unchanged');
  });

  it('demo runs the pipeline, checks it against the planted truth and ends with the path it wrote', () => {
    const dir = tempDir();
    // the folder of an earlier demo: its manifest lists the database, which the new run replaces (a file that
    // is not a database here: opened as it is, the run would fail), and a file of the user's stays
    mkdirSync(join(dir, 'demo'));
    writeFileSync(join(dir, 'demo', 'itsm-lens-demo.json'), JSON.stringify({ schema: 'itsm-lens/output@1', command: 'demo', files: [{ path: 'itsm-lens.duckdb', bytes: 9 }] }));
    writeFileSync(join(dir, 'demo', 'itsm-lens.duckdb'), 'not a db\n');
    writeFileSync(join(dir, 'demo', 'notes.txt'), 'mine\n');
    const r = cli(['demo', '--out', join(dir, 'demo'), '--tickets', '3000']);
    expect(readFileSync(join(dir, 'demo', 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(r.stdout).toMatch(/check: +all \d+ figures equal the generator's truth\.json/);
    expect(lines.at(-1)).toBe(join(dir, 'demo', 'report', 'index.html'));
    expect(readFileSync(lines.at(-1)!, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(JSON.parse(readFileSync(join(dir, 'demo', 'kpis.json'), 'utf8')).schema).toBe('itsm-lens/kpi@1');
  });

  it("demo --out refuses a folder that is not a demo's, and a link where its database goes, changing nothing", () => {
    const dir = tempDir();
    // a user's project folder with their database: the demo once deleted it
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'itsm-lens.duckdb'), 'their data\n');
    let r = cli(['demo', '--out', project, '--tickets', '3000']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`itsm-lens: ${project} is not empty and holds no itsm-lens demo (itsm-lens-demo.json); choose a new or empty folder`);
    expect(readdirSync(project)).toEqual(['itsm-lens.duckdb']);
    expect(readFileSync(join(project, 'itsm-lens.duckdb'), 'utf8')).toBe('their data\n');
    // a demo folder whose database was replaced by a link to a file outside
    const demo = join(dir, 'demo');
    mkdirSync(demo);
    writeFileSync(join(demo, 'itsm-lens-demo.json'), JSON.stringify({ schema: 'itsm-lens/output@1', command: 'demo', files: [{ path: 'itsm-lens.duckdb', bytes: 9 }] }));
    symlinkSync(join(project, 'itsm-lens.duckdb'), join(demo, 'itsm-lens.duckdb'));
    r = cli(['demo', '--out', demo, '--tickets', '3000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/itsm-lens\.duckdb is a symbolic link; itsm-lens demo --out does not write through links/);
    expect(readFileSync(join(project, 'itsm-lens.duckdb'), 'utf8')).toBe('their data\n');
    expect(readdirSync(demo).sort()).toEqual(['itsm-lens-demo.json', 'itsm-lens.duckdb']);
  });

  it('generate refuses bad arguments with exit 2', () => {
    const r = cli(['generate', '--out', tempDir(), '--tickets', '-5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^itsm-lens: .*tickets/);
  });

  it('ingest --dry-run shows candidates, mapping, dates and unmapped columns, writing nothing', () => {
    const dir = tempDir();
    const db = join(dir, 'x.duckdb');
    const f = writeFixture(dir, 'incident.csv', 'number,short_description,opened_at,resolved_at,made_sla,caller_id,u_colour\nINC1,a,13/03/2024 08:00,13/03/2024 10:00,true,x,red\n');
    const r = cli(['ingest', '--dry-run', '--db', db, f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/servicenow ticket \(incident\) · score \d+/);
    expect(r.stdout).toMatch(/candidates: servicenow \d+/);
    expect(r.stdout).toMatch(/ticket\.opened_at +← 'opened_at'  \[%d\/%m\/%Y %H:%M\]/);
    expect(r.stdout).toMatch(/unmapped \(kept in extra\): 'u_colour'/);
    expect(existsSync(db)).toBe(false);
    const j = JSON.parse(cli(['ingest', '--dry-run', '--json', '--db', db, f]).stdout);
    expect(j.files[0]).toMatchObject({ tool: 'servicenow', date_formats: { opened_at: '%d/%m/%Y %H:%M' } });
  });

  it('stops on a header two tools claim equally, showing the candidates and asking for --source', () => {
    const dir = tempDir();
    const db = join(dir, 'x.duckdb');
    const f = writeFixture(dir, 'mixed.csv', 'Issue key,Issue id,short_description,assignment_group\nA-1,1,x,y\n');
    const r = cli(['ingest', '--db', db, f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/candidate tools\n\s+(servicenow|jira) +score/);
    expect(r.stderr).toMatch(/both match this header; pass --source/);
    expect(existsSync(db)).toBe(false);
    expect(cli(['ingest', '--db', db, '--source', 'jira', f]).code).toBe(0);
  });
});

describe('DuckDB threads', () => {
  const threadsOfNewStore = async () => {
    const s = await Store.open(':memory:');
    try {
      return (await s.one<{ t: number }>(`SELECT current_setting('threads') AS t`))?.t;
    } finally {
      s.close();
    }
  };

  it('--threads, else ITSM_LENS_THREADS, sets the threads of every database opened; a bad value stops with one line', async () => {
    const before = process.env.ITSM_LENS_THREADS;
    try {
      process.env.ITSM_LENS_THREADS = '3';
      expect(await threadsOfNewStore()).toBe(3);
      expect(await run(['sources', '--threads', '2'])).toBe(0); // the flag wins over the variable
      expect(await threadsOfNewStore()).toBe(2);
      Store.settings = {};
      delete process.env.ITSM_LENS_THREADS; // neither: DuckDB's default, one a core (not asserted: cores vary)
      expect(await threadsOfNewStore()).toBeGreaterThanOrEqual(1);

      const flag = cli(['kpi', '--db', join(tempDir(), 'x.duckdb'), '--threads', '0']);
      expect([flag.code, flag.stderr]).toEqual([2, "itsm-lens: --threads '0': use a whole number of threads, 1 or more\n"]);
      process.env.ITSM_LENS_THREADS = 'two';
      const env = cli(['sources']);
      expect([env.code, env.stderr]).toEqual([2, "itsm-lens: ITSM_LENS_THREADS='two': use a whole number of threads, 1 or more, or unset it\n"]);
    } finally {
      Store.settings = {};
      if (before === undefined) delete process.env.ITSM_LENS_THREADS;
      else process.env.ITSM_LENS_THREADS = before;
    }
  });
});
