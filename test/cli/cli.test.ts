import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    const r = cli(['demo', '--out', join(dir, 'demo'), '--tickets', '3000']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(r.stdout).toMatch(/check: +all \d+ figures equal the generator's truth\.json/);
    expect(lines.at(-1)).toBe(join(dir, 'demo', 'kpis.json'));
    expect(JSON.parse(readFileSync(lines.at(-1)!, 'utf8')).schema).toBe('itsm-lens/kpi@1');
  });

  it('generate refuses bad arguments with exit 2', () => {
    const r = cli(['generate', '--out', tempDir(), '--tickets', '-5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^itsm-lens: .*tickets/);
  });
});
