/**
 * Crash safety of what `export --parquet` and `report` write (issue 25, item 3). After a first complete run,
 * each command is killed with SIGKILL at random moments while it writes (5 kills each); after every kill the
 * folder holds the previous complete output, byte for byte, or — when the kill came once the run had moved its
 * files into place — the new one, whole: every file the manifest lists is there with its size and parses (Parquet
 * through DuckDB with the manifest's row counts, index.html to its closing </html>), no Parquet file is empty.
 * The next run succeeds, finishes or removes what the killed one left, and writes a complete output again.
 * A first export killed in a new folder can be rerun (it used to refuse its own half-written folder).
 * The report is the monthly pack cut to its tiles and three charts (test/small-report.ts): the same kinds of files
 * through the same folder code, a third of the CPU (11 report runs here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';
import { checkFolder, filesOn, snapshot, WORK_NAMES } from './folder-state.js';
import { smallReportDefinition } from '../small-report.js';

const KILLS = 5;
const LIMIT = 900_000;
const dir = tempDir('itsm-lens-kill-outputs-');
let db: string;

interface Run {
  p: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function start(args: string[]): Run {
  const p = spawn(process.execPath, [join(ROOT, 'bin', 'itsm-lens.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { p, done: new Promise((resolve) => p.on('close', (code, signal) => resolve({ code, signal, stderr }))) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Files the run has written into its stage so far (0 before the stage exists; a killed run's stage is not its). */
function staged(out: string, run: Run): number {
  try {
    const stage = readdirSync(out).find((n) => n.startsWith(`.itsm-lens-stage-${run.p.pid}-`));
    return stage ? readdirSync(join(out, stage), { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length : 0;
  } catch {
    return 0;
  }
}

/** Whether a killed run left a commit record: it was moving its files into place (the next run finishes that). */
function committing(out: string): boolean {
  return readdirSync(out).some((n) => n.startsWith('.itsm-lens-stage-') && existsSync(join(out, n, '.itsm-lens-commit.json')));
}

beforeAll(async () => {
  db = (await fixtureDb('servicenow')).db;
});

/**
 * A first complete run into `out`, then KILLS rounds of: a run killed at a random moment after it started
 * writing its stage, the check of what it left, and a complete run. Returns what happened at each kill.
 */
async function killRounds(args: string[], out: string, manifest: string): Promise<string[]> {
  let seed = 20261125;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  // a complete run; how long it writes after its first staged file is where the kills aim
  const timed = async () => {
    const run = start(args);
    while (staged(out, run) === 0 && run.p.exitCode === null) await sleep(5);
    const t = performance.now();
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    await checkFolder(out, manifest, { exact: true });
    expect(readdirSync(out).filter((n) => WORK_NAMES.test(n))).toEqual([]);
    return performance.now() - t;
  };
  let writing = await timed();
  const outcomes: string[] = [];
  let scale = 1;
  for (let k = 0; k < KILLS; k++) {
    const previous = snapshot(out, true);
    const run = start(args);
    while (staged(out, run) === 0 && run.p.exitCode === null) await sleep(5);
    await sleep(random() * writing * scale);
    const running = run.p.exitCode === null && run.p.signalCode === null;
    run.p.kill('SIGKILL');
    await run.done;
    // no empty Parquet file anywhere but in the killed run's stage
    for (const f of filesOn(out)) if (f.endsWith('.parquet')) expect(lstatSync(join(out, f)).size, f).toBeGreaterThan(0);
    const now = snapshot(out, true);
    let outcome: string;
    if (committing(out)) {
      // killed while moving its files into place: each listed file is whole; the next run completes the move
      outcome = 'committing';
      await checkFolder(out, manifest, { sizes: false });
    } else if (JSON.stringify(now) === JSON.stringify(previous)) {
      outcome = running ? 'previous' : 'previous (exited)';
    } else {
      outcome = running ? 'new' : 'new (exited)';
      await checkFolder(out, manifest, { exact: true });
    }
    outcomes.push(outcome);
    scale = running ? Math.min(1, scale * 1.25) : scale / 2;
    // the shortest complete run seen: a kill aimed past the end of the run tests nothing
    writing = Math.min(writing, await timed());
  }
  return outcomes;
}

describe('SIGKILL while writing an output folder', () => {
  it(`export --parquet: ${KILLS} kills after a complete export each leave the previous export or the new one, whole`, async () => {
    const lake = join(dir, 'lake');
    const outcomes = await killRounds(['export', '--db', db, '--parquet', lake, '--tenant', 'sn'], lake, 'itsm-lens-export.json');
    console.log(`export kills: ${outcomes.join(', ')}`);
    expect(outcomes.filter((o) => !o.includes('exited')).length).toBeGreaterThanOrEqual(3);
  }, LIMIT);

  it(`report: ${KILLS} kills after a complete report each leave the previous report or the new one, whole`, async () => {
    const r = join(dir, 'report');
    const outcomes = await killRounds(['report', '--db', db, '--out', r, '--definition', smallReportDefinition(dir)], r, 'itsm-lens-report.json');
    console.log(`report kills: ${outcomes.join(', ')}`);
    expect(outcomes.filter((o) => !o.includes('exited')).length).toBeGreaterThanOrEqual(3);
  }, LIMIT);

  it('a first export killed in a new folder leaves nothing but its stage, and the rerun succeeds', async () => {
    const lake = join(dir, 'first');
    const run = start(['export', '--db', db, '--parquet', lake]);
    while (staged(lake, run) < 3 && run.p.exitCode === null) await sleep(2);
    run.p.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(filesOn(lake)).toEqual([]);
    const again = start(['export', '--db', db, '--parquet', lake]);
    const r = await again.done;
    expect(r.code, r.stderr).toBe(0);
    await checkFolder(lake, 'itsm-lens-export.json', { exact: true });
    expect(readdirSync(lake).filter((n) => WORK_NAMES.test(n))).toEqual([]);
  }, LIMIT);
});
