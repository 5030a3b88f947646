/**
 * Messages that name the cause (issue 25, item 7), through the built CLI: a corrupt database is not "open in
 * another process", a full disk and ENOTDIR/EISDIR are one line naming the path, Ctrl-C cleans up and says so,
 * symlinks in a folder are followed inside it and reported when skipped, sentinel dates load as unknown, and
 * control characters from the data reach the terminal only as visible escapes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainIoError } from '../../src/io-errors.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const dir = tempDir('itsm-lens-messages-');
const H = 'number,short_description,state,priority,assignment_group,caller_id,opened_at,resolved_at,closed_at';

/** A ServiceNow-like incident export of n rows (titles and groups overridable per row). */
function incidents(n: number, row: (i: number) => Partial<Record<'title' | 'group' | 'resolved', string>> = () => ({})): string {
  const out = [H];
  for (let i = 0; i < n; i++) {
    const d = `2024-03-${String(1 + (i % 27)).padStart(2, '0')}`;
    const r = row(i);
    out.push([`INC${String(i).padStart(7, '0')}`, r.title ?? `Printer jammed on floor ${i % 50}`, '7 - Closed', '3 - Moderate', r.group ?? `Group ${i % 9}`, `Caller ${i % 1000}`, `${d} 08:00:00`, r.resolved ?? `${d} 10:00:00`, `${d} 11:00:00`].join(','));
  }
  return out.join('\n') + '\n';
}

/** The one line the CLI printed on stderr (asserting it is one line). */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  return lines[0]!;
}

const small = join(dir, 'small.csv');
writeFileSync(small, incidents(30));

/** A database holding small.csv at dir/name: ingested by the CLI once per file run, then copied (an ingest is ~2 CPU-s). */
let smallBase: string | undefined;
function smallDb(name: string): string {
  if (!smallBase) {
    const base = join(dir, 'small-base.duckdb');
    expect(cli(['ingest', '--db', base, small]).code).toBe(0);
    smallBase = base;
  }
  const db = join(dir, name);
  for (const suffix of ['', '.wal']) if (existsSync(smallBase + suffix)) copyFileSync(smallBase + suffix, db + suffix);
  return db;
}

describe('a corrupt database is not "open in another process"', () => {
  it('random bytes, a truncated file and a bad block checksum are reported as corrupt', () => {
    const real = smallDb('real.duckdb');
    const bytes = readFileSync(real);
    const cases: [string, Buffer][] = [
      ['random.duckdb', Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919 + 13) % 251))],
      ['truncated.duckdb', bytes.subarray(0, 20_000)],
      // the block at 4096 holds "block" in DuckDB's checksum message, which the lock check used to match
      ['checksum.duckdb', Buffer.concat([bytes.subarray(0, 4096), Buffer.alloc(4096, 0x5a), bytes.subarray(8192)])],
    ];
    for (const [name, content] of cases) {
      const db = join(dir, name);
      writeFileSync(db, content);
      const r = cli(['kpi', '--db', db]);
      expect(r.code, name).toBe(2);
      const line = oneLine(r.stderr);
      expect(line).toMatch(new RegExp(`^itsm-lens: .*${name} is corrupt or not a DuckDB database .*: restore it from a backup, or ingest the exports again into a new --db$`));
      expect(line).not.toMatch(/another process|internal error/);
    }
  });

  it('a database another process holds says "open in another process", with its PID', async () => {
    const db = smallDb('locked.duckdb');
    const holder = spawn(process.execPath, ['--input-type=module', '-e',
      `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(db)}); await i.connect(); console.log('ready'); setInterval(() => {}, 1000);`], { cwd: ROOT });
    try {
      await new Promise<void>((res, rej) => {
        holder.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && res());
        holder.on('exit', () => rej(new Error('holder exited')));
      });
      const r = cli(['kpi', '--db', db]);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toBe(`itsm-lens: ${db} is open in another process (PID ${holder.pid}); close it and retry`);
    } finally {
      holder.kill();
    }
  });
});

describe('a full disk', () => {
  // DuckDB's and Node's own words, captured from real runs on a 2 MB and a 12 MB tmpfs
  it.each([
    ['TransactionContext Error: Failed to commit: Could not write file "/mnt/tiny/x.duckdb.wal": No space left on device', '/mnt/tiny/x.duckdb.wal'],
    ['FATAL Error: Failed: database has been invalidated because of a previous fatal error. The database must be restarted prior to being used again.\nOriginal error: "Failed to create checkpoint because of error: Could not write file "/mnt/t12m/z.duckdb": No space left on device"', '/mnt/t12m/z.duckdb'],
  ])('is explained from DuckDB\'s message %#', (message, path) => {
    expect(explainIoError(new Error(message))).toBe(
      `no space left on device while writing ${path}: free space on that disk, or write elsewhere (another --db or output path, or --temp-dir for what DuckDB spills)`,
    );
  });

  it('is explained from Node\'s error, as are EACCES and EROFS (which root cannot meet on a test machine)', () => {
    const err = (code: string, path: string) => Object.assign(new Error(`${code}: …, open '${path}'`), { code, path });
    expect(explainIoError(err('ENOSPC', '/out/index.html'))).toMatch(/^no space left on device while writing \/out\/index\.html: free space/);
    expect(explainIoError(err('EACCES', '/out/x.csv'))).toBe('/out/x.csv: permission denied; check the permissions of the file and its folder, or use another path');
    expect(explainIoError(err('EROFS', '/ro/x.duckdb'))).toBe('/ro/x.duckdb: the file system is read-only; write to another path');
    expect(explainIoError(err('ENOENT', '/x'))).toBeUndefined(); // a missing file of our own stays an internal error
  });

  // a real full disk: a 2 MB tmpfs (needs root; skipped where mounting is not allowed)
  const mnt = join(dir, 'tiny');
  let mounted = false;
  beforeAll(() => {
    mkdirSync(mnt);
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]).status === 0;
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
  });
  it('ingest into a database on a full disk says so, with what to do, and leaves no database', (ctx) => {
    if (!mounted) ctx.skip();
    const big = join(dir, 'big.csv');
    writeFileSync(big, incidents(40_000, (i) => ({ title: `Printer ${i} jammed on floor ${i * 7919}` })));
    const db = join(mnt, 'full.duckdb');
    const r = cli(['ingest', '--db', db, big]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^itsm-lens: no space left on device while writing ${mnt}/full\\.duckdb(\\.wal)?: free space on that disk, or write elsewhere`));
    expect(readdirSync(mnt)).toEqual([]);
  });
});

describe('paths through a file, folders where a file belongs, bad option values', () => {
  const file = join(dir, 'a-file');
  const folder = join(dir, 'a-folder');
  writeFileSync(file, 'x');
  mkdirSync(folder);
  const db = join(dir, 'paths.duckdb');

  it.each([
    [['ingest', '--db', join(file, 'x.duckdb'), small], `itsm-lens: ${file}/x.duckdb: ${file} is a file, not a folder; give a path inside a folder`],
    [['ingest', '--db', folder, small], `itsm-lens: ${folder} is a folder; give the path of a file (e.g. ${folder}/itsm-lens.duckdb)`],
    [['kpi', '--db', db, '--csv', folder], `itsm-lens: ${folder} is a folder; give the path of a file`],
    [['kpi', '--db', db, '--csv', join(file, 'k.csv')], `itsm-lens: ${file}/k.csv: ${file} is a file, not a folder; give a path inside a folder`],
    // (report names the folder it was making inside --out)
    // (--month: 27 days of March are no complete month, which report would say first)
    [['report', '--db', db, '--month', '2024-03', '--out', join(file, 'pack')], new RegExp(`^itsm-lens: ${file}/pack(/\\S+)?: ${file} is a file, not a folder; give a path inside a folder$`)],
    [['clusters', '--db', db, '--since', '2024-02-30'], `itsm-lens: --since '2024-02-30' is not a date; use YYYY-MM-DD, e.g. 2024-03-01`],
    [['clusters', '--db', db, '--since', 'March 2024'], `itsm-lens: --since 'March 2024' is not a date; use YYYY-MM-DD, e.g. 2024-03-01`],
  ])('%j', (args: string[], message: string | RegExp) => {
    if (!existsSync(db)) smallDb('paths.duckdb');
    const r = cli(args);
    expect(r.code).toBe(2);
    const last = r.stderr.trim().split('\n').at(-1)!;
    if (typeof message === 'string') expect(last.startsWith(message), last).toBe(true);
    else expect(last).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it.each([
    ['fields: {source_id: number, priority: {from: priority, vocab: nope}}', "fields.priority: vocabulary 'nope' is not defined under vocab"],
    ['fields: {source_id: number, priority: {value: high}}', 'fields.priority: value "high" is not a whole number'],
    ['fields: {source_id: number, opened_at: {value: soon}}', 'fields.opened_at: value "soon" is not a date and time'],
    ['fields: {source_id: [number, 3]}', 'fields.source_id must name a column (text) or a list of columns'],
  ])('a bad mapping value: %s', (yaml, message) => {
    const mapping = join(dir, `mapping-${message.length}.yaml`);
    writeFileSync(mapping, yaml + '\n');
    const r = cli(['ingest', '--db', join(dir, 'mapped.duckdb'), '--mapping', mapping, small]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`itsm-lens: --mapping ${mapping}: ${message}`);
  });
});

describe('Ctrl-C during ingest', () => {
  const big = join(dir, 'interrupt.csv');
  writeFileSync(big, incidents(150_000));

  /** Runs ingest, sends `sig` once the file is detected and loading has begun, returns exit code and stderr. */
  async function interrupted(args: string[], sig: 'SIGINT' | 'SIGTERM', tmp: string): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'itsm-lens.js'), ...args], { env: { ...process.env, TMPDIR: tmp } });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      // detected: the database is opening and the load starting
      if (/ServiceNow incident/.test(stderr) && !child.killed) setTimeout(() => child.kill(sig), 300);
    });
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    return { code, stderr };
  }

  it('SIGINT removes the database the run created and the temporary files, says so in one line, exits 130', async () => {
    const tmp = join(dir, 'tmp-int');
    mkdirSync(tmp);
    const db = join(dir, 'int.duckdb');
    const r = await interrupted(['ingest', '--db', db, big], 'SIGINT', tmp);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`itsm-lens: interrupted (SIGINT): removed ${db}, which this run had created, and the temporary files`);
    expect(existsSync(db)).toBe(false);
    expect(existsSync(`${db}.wal`)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('SIGTERM during a JSON load leaves an existing database as it was and no convert folder, exits 143', async () => {
    const tmp = join(dir, 'tmp-term');
    mkdirSync(tmp);
    const db = smallDb('term.duckdb');
    const json = join(dir, 'interrupt.json');
    const lines = incidents(60_000).trim().split('\n').slice(1);
    const keys = H.split(',');
    writeFileSync(json, JSON.stringify(lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])))));
    const r = await interrupted(['ingest', '--db', db, json], 'SIGTERM', tmp);
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`itsm-lens: interrupted (SIGTERM): the file being loaded was rolled back; ${db} is as it was; temporary files removed`);
    expect(readdirSync(tmp)).toEqual([]);
    const k = cli(['kpi', '--json', '--db', db]);
    expect(JSON.parse(k.stdout).counts.incidents).toBe(30);
  });
});

describe('symbolic links in an ingested folder', () => {
  it('follows links to files inside the folder and reports each link it skips, with the reason', () => {
    const root = join(dir, 'links');
    const outside = join(dir, 'outside');
    mkdirSync(join(root, 'sub'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(root, 'sub', 'export.dat'), incidents(5)); // reachable only through the link
    writeFileSync(join(outside, 'other.csv'), incidents(7));
    symlinkSync('sub/export.dat', join(root, 'inside.csv'));
    symlinkSync(join(outside, 'other.csv'), join(root, 'outside.csv'));
    symlinkSync('nowhere.csv', join(root, 'broken.csv'));
    symlinkSync('loop-b.csv', join(root, 'loop-a.csv'));
    symlinkSync('loop-a.csv', join(root, 'loop-b.csv'));
    symlinkSync(outside, join(root, 'outdir'));
    const db = join(dir, 'links.duckdb');
    const r = cli(['ingest', '--db', db, root]);
    expect(r.code, r.stderr).toBe(0);
    const skipped = r.stderr.split('\n').filter((l) => l.includes(': skipped: ')).sort();
    expect(skipped).toEqual([
      `${root}/broken.csv: skipped: broken link: its target does not exist`,
      `${root}/loop-a.csv: skipped: the link loops`,
      `${root}/loop-b.csv: skipped: the link loops`,
      `${root}/outdir: skipped: a link to a folder outside ${root}: folder links are not followed`,
      `${root}/outside.csv: skipped: points outside ${root} (to ${outside}/other.csv)`,
    ]);
    expect(r.stdout).toContain(`${root}/inside.csv: servicenow ticket`);
    expect(JSON.parse(cli(['kpi', '--json', '--db', db]).stdout).counts.incidents).toBe(5);
  });
});

describe('sentinel dates', () => {
  it('a resolved_at of 9999-12-31 loads as unknown, business-calendar KPIs are computed, lint counts it', () => {
    const csv = join(dir, 'sentinel.csv');
    writeFileSync(csv, incidents(40, (i) => (i === 3 ? { resolved: '9999-12-31 23:59:59' } : {})));
    const config = join(dir, 'calendar.yaml');
    writeFileSync(config, "calendars:\n  office:\n    timezone: Europe/Amsterdam\n    hours: { mon-fri: '07:00-17:00' }\n");
    const db = join(dir, 'sentinel.duckdb');
    const ing = cli(['ingest', '--db', db, csv]);
    expect(ing.code, ing.stderr).toBe(0);
    expect(ing.stdout).toContain('loaded 40 · rejected 0');
    const k = cli(['kpi', '--json', '--db', db, '--config', config]);
    expect(k.code, k.stderr).toBe(0);
    const kpis = JSON.parse(k.stdout).kpis;
    expect(kpis.mttr.n).toBe(39);
    expect(kpis.mttr_business.n).toBe(39);
    expect(kpis.mttr_business.median).toBeGreaterThan(0);
    const lint = cli(['lint', '--json', '--db', db]);
    const rule = JSON.parse(lint.stdout).rules.find((x: { id: string }) => x.id === 'ticket-sentinel-date');
    expect(rule).toMatchObject({ count: 1, samples: [{ id: 'INC0000003', line: 5 }] });
  });
});

describe('control characters from the data', () => {
  it('reach the terminal as visible escapes in kpi, clusters and findings text', () => {
    const csv = join(dir, 'escapes.csv');
    writeFileSync(csv, incidents(60, (i) => ({ group: i % 3 ? 'Evil\x1b[31mGroup\x9b2J' : 'Service Desk', title: i % 2 ? `VPN \x1b[2Jdown \u202eevil ${i % 5}` : `Printer jammed ${i % 5}` })));
    const db = join(dir, 'escapes.duckdb');
    expect(cli(['ingest', '--db', db, csv]).code).toBe(0);
    for (const args of [['kpi', '--by', 'group'], ['clusters', '--min-size', '2'], ['findings']]) {
      const r = cli([...args, '--db', db]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, args[0]).toContain('Evil\\x1b[31mGroup\\x9b2J');
      expect(r.stdout, args[0]).not.toMatch(/[\x1b\x9b\u202e]/);
    }
    const lint = cli(['lint', '--db', db]);
    expect(lint.stdout).not.toMatch(/[\x1b\x9b\u202e]/);
  });
});
