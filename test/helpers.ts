import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Store } from '../src/store/db.js';
import { expect } from 'vitest';
import { UserError } from '../src/errors.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DATA = resolve(ROOT, '..', 'shared', 'data');

/** Folders made by tempDir() in this test file, removed when the file ends (test/temp-dirs.per-file.ts). */
const made: string[] = [];

/** A new empty folder for this test file; removed after the file's tests (its afterAll hooks run first). */
export function tempDir(prefix = 'itsm-lens-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir() made so far (a worker runs its files one after another). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Writes a file (text as UTF-8 unless a Buffer is given; `.gz` names are gzipped) and returns its path. */
export function writeFixture(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(buf) : buf);
  return path;
}

export async function openStore(dir: string, name = 'test.duckdb'): Promise<Store> {
  return Store.open(join(dir, name));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a CLI process: the worker's, without colour. `defaultThreads`: without ITSM_LENS_THREADS
 * (which vitest.config.ts sets to 1 for most files), so DuckDB runs a thread per core as on a user's machine.
 */
export function cliEnv(opts: { defaultThreads?: boolean } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (opts.defaultThreads) delete env.ITSM_LENS_THREADS;
  return env;
}

/** Runs the built CLI as a user would (`npm test` builds dist/ first). */
export function cli(args: string[], cwd = ROOT, opts: { defaultThreads?: boolean } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'itsm-lens.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: cliEnv(opts),
    timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function kpiJson(db: string, extra: string[] = []): Record<string, any> {
  const r = cli(['kpi', '--json', '--db', db, ...extra]);
  if (r.code !== 0) throw new Error(`kpi failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, any>;
}

/** What `p` is rejected with; the test fails when `p` resolves (the code under test had to refuse). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('accepted');
}

/** The one-line message of a refusal that must be a UserError (exit 2 at the CLI), not a crash. */
export async function userRefusal(p: Promise<unknown>): Promise<string> {
  const e = await rejection(p);
  expect(e).toBeInstanceOf(UserError);
  return e.message;
}
