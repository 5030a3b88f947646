/**
 * The adversarial corpus (test/corpus/make-corpus.ts): every case gets exactly its expected outcome.
 * Refused inputs go through the real CLI (exit 2, one line on stderr naming the file and the problem, no
 * stack trace, no database written); loaded ones through the library into one shared database, emptied
 * between cases, asserting rows read/loaded/rejected, every reject's line and reason, and the values. A loaded
 * case with a budget (a hostile shape) is ingested once, by the CLI that is timed, and its database read back.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, writeCorpus, type CorpusCase, type Loaded } from '../corpus/make-corpus.js';
import { ingestPaths } from '../../src/ingest/index.js';
import type { FileSummary } from '../../src/ingest/ingest-file.js';
import { Store } from '../../src/store/db.js';
import { parseLimits } from '../../src/ingest/limits.js';
import { cliEnv, ROOT, tempDir, type CliResult } from '../helpers.js';

const dir = process.env.ITSM_LENS_CORPUS_OUT ?? tempDir('itsm-lens-corpus-');
const paths = writeCorpus(dir);
const refused = CORPUS.filter((c) => 'refused' in c.expect);
const loaded = CORPUS.filter((c) => 'loaded' in c.expect);
const cliResults = new Map<string, CliResult>();
const outcomes = new Map<string, string>();
let store: Store;

// Hostile shapes carry a budget: their CLI run is timed, with its peak RSS, by /usr/bin/time.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const budgeted = CORPUS.filter((c) => c.budget);
const usage = new Map<string, { seconds: number; mb?: number; code: number }>();

function cliAsync(args: string[], timeFile?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const argv = [join(ROOT, 'bin', 'itsm-lens.js'), ...args];
    // a budgeted run keeps DuckDB's default threads (a thread per core, as users run it): its time and peak
    // RSS are the assertion, and buffers grow with threads; refusals run with the suite's one thread
    const env = cliEnv({ defaultThreads: timeFile !== undefined });
    const p = timeFile && TIME ? spawn(TIME, ['-f', '%e %M', '-o', timeFile, process.execPath, ...argv], { env }) : spawn(process.execPath, argv, { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const dbOf = (c: CorpusCase) => join(dir, c.id, 'cli.duckdb');

beforeAll(async () => {
  // Two CLI processes at a time (the machine has 2 cores).
  const queue = [...refused, ...budgeted.filter((c) => 'loaded' in c.expect)];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const timeFile = c.budget ? join(dir, c.id, 'time.txt') : undefined;
      const t0 = Date.now();
      const r = await cliAsync(['ingest', '--db', dbOf(c), ...(c.args ?? []), paths.get(c.id)!], timeFile);
      cliResults.set(c.id, r);
      if (timeFile) {
        const [, kb] = TIME && existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ') : [];
        usage.set(c.id, { seconds: (Date.now() - t0) / 1000, mb: kb ? Number(kb) / 1024 : undefined, code: r.code });
      }
    }
  };
  await Promise.all([worker(), worker()]);
  store = await Store.open(join(dir, 'loaded.duckdb'));
}, 600_000);

afterAll(() => {
  store?.close();
  // The note on the issue records the corpus size and the outcomes per category.
  const byCat = new Map<string, { loaded: number; refused: number }>();
  for (const c of CORPUS) {
    const e = byCat.get(c.category) ?? { loaded: 0, refused: 0 };
    e['loaded' in c.expect ? 'loaded' : 'refused']++;
    byCat.set(c.category, e);
  }
  const lines = [...byCat].map(([cat, n]) => `  ${cat.padEnd(24)} loaded ${String(n.loaded).padStart(2)} · refused (exit 2) ${String(n.refused).padStart(2)}`);
  const budgets = [...usage].map(([id, u]) => `  ${id.padEnd(28)} ${u.seconds.toFixed(1)} s · ${u.mb?.toFixed(0) ?? '?'} MB peak RSS`);
  if (budgets.length) console.log(`hostile shapes (CLI):\n${budgets.join('\n')}`);
  console.log(`corpus: ${CORPUS.length} cases, ${loaded.length} loaded with exact rejects, ${refused.length} refused\n${lines.join('\n')}`);
  if (!process.env.ITSM_LENS_CORPUS_OUT) rmSync(dir, { recursive: true, force: true });
});

describe('corpus', () => {
  it('has at least 60 cases with distinct ids, every category of the issue covered', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.map((c) => c.id)).size).toBe(CORPUS.length);
    expect(new Set(CORPUS.map((c) => c.category)).size).toBeGreaterThanOrEqual(12);
  });
});

describe.each(refused.map((c) => [c.id, c] as const))('refused: %s', (_id, c) => {
  it('exits 2 with one line naming the problem, no stack trace, nothing written', () => {
    const r = cliResults.get(c.id)!;
    const pattern = (c.expect as { refused: RegExp }).refused;
    expect(r.code, r.stderr).toBe(2);
    // stderr may carry progress (the tool recognised) before it; the error is one line, the last
    const errors = r.stderr.trim().split('\n').filter((l) => l.startsWith('itsm-lens: '));
    expect(errors, r.stderr).toHaveLength(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(errors[0]);
    expect(errors[0]).toMatch(pattern);
    expect(errors[0]).not.toMatch(/internal error/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dbOf(c))).toBe(false);
  });
});

describe.each(budgeted.map((c) => [c.id, c] as const))('budget: %s', (_id, c) => {
  it(`runs the CLI within its time and peak-RSS budget`, () => {
    const u = usage.get(c.id)!;
    if ('loaded' in c.expect) expect(u.code, cliResults.get(c.id)!.stderr).toBe(0);
    expect(u.seconds).toBeLessThan(c.budget!.seconds);
    if (u.mb !== undefined) expect(u.mb).toBeLessThan(c.budget!.mb);
    outcomes.set(`${c.id} (CLI)`, `${u.seconds.toFixed(1)} s, ${u.mb?.toFixed(0) ?? '?'} MB`);
  });
});

async function ingestCase(c: CorpusCase): Promise<FileSummary> {
  const opt: Record<string, string> = {};
  const limits: string[] = [];
  for (let i = 0; i < (c.args ?? []).length; i += 2) {
    if (c.args![i] === '--limit') limits.push(c.args![i + 1]!);
    else opt[c.args![i]!.replace(/^--/, '')] = c.args![i + 1]!;
  }
  const [s] = await ingestPaths(store, {
    paths: [paths.get(c.id)!],
    timezone: opt.timezone,
    dateFormat: opt['date-format'],
    sheet: opt.sheet,
    limits: parseLimits(limits),
  });
  return s!;
}

async function clear(): Promise<void> {
  for (const t of ['ticket', '"change"', 'problem', 'asset', 'change_ci', 'ticket_event', 'rejects', 'source_file']) await store.run(`DELETE FROM ${t}`);
}

/** What a loaded case gave, read back the same way whichever process ingested it. */
interface Outcome {
  read: number;
  loaded: number;
  rejected: number;
  empty: number;
  encoding: string | null;
}

describe.each(loaded.map((c) => [c.id, c] as const))('loaded: %s', (_id, c) => {
  it('loads every row or rejects it with its line and reason', async () => {
    const want = (c.expect as { loaded: Loaded }).loaded;
    // A budgeted case was ingested by the CLI in beforeAll (its time and memory are asserted there): its database
    // is read back rather than ingesting the hostile file a second time in this process.
    const cliRun = c.budget ? cliResults.get(c.id)! : undefined;
    if (cliRun) expect(cliRun.code, cliRun.stderr).toBe(0);
    const db = cliRun ? await Store.open(dbOf(c), { readOnly: true }) : store;
    try {
      let s: Outcome;
      if (cliRun) {
        s = (await db.one<Outcome>(`SELECT rows_read::INT AS read, rows_loaded::INT AS loaded, rows_rejected::INT AS rejected,
            empty_rows_skipped::INT AS empty, encoding FROM source_file`))!;
        expect((await db.one<{ n: number }>('SELECT count(*)::INT AS n FROM source_file'))!.n).toBe(1);
      } else {
        const f = await ingestCase(c);
        s = { read: f.rows_read, loaded: f.rows_loaded, rejected: f.rows_rejected, empty: f.empty_rows_skipped, encoding: f.encoding };
      }
      expect({ read: s.read, loaded: s.loaded, rejected: s.rejected }).toEqual({ read: want.read, loaded: want.loaded, rejected: want.rejected });
      expect(s.read).toBe(s.loaded + s.rejected);
      if (want.empty !== undefined) expect(s.empty).toBe(want.empty);
      if (want.encoding) expect(s.encoding).toBe(want.encoding);
      const rejects = await db.all<{ line: number; reason: string }>('SELECT line, reason FROM rejects ORDER BY line');
      expect(rejects).toHaveLength(want.rejected);
      (want.rejects ?? []).forEach(([line, reason], i) => {
        expect(rejects[i]!.line).toBe(line);
        expect(rejects[i]!.reason).toMatch(reason);
      });
      const file = await db.one<{ r: number; l: number; j: number }>('SELECT rows_read AS r, rows_loaded AS l, rows_rejected AS j FROM source_file');
      expect(file).toEqual({ r: want.read, l: want.loaded, j: want.rejected });
      if (want.check) expect(await db.all(want.check.sql)).toEqual(want.check.rows);
      outcomes.set(c.id, `read ${s.read} · loaded ${s.loaded} · rejected ${s.rejected}${cliRun ? ' (CLI)' : ''}`);
    } finally {
      if (cliRun) db.close();
      else await clear();
    }
  });
});
