// Runs one command as its own process under /usr/bin/time -v: wall time (measured here, around the spawn) and
// peak RSS (the kernel's ru_maxrss, which for `sh -c` chains is that of the largest child), and CPU seconds
// (user + system, the process and its children): on a busy machine the wall time is noise, the CPU much less so.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';

export async function timed(cmd, args, { stdout, log, env } = {}) {
  const rusage = `${log}.time`;
  const out = stdout ? openSync(stdout, 'w') : 'ignore';
  const err = openSync(log, 'w');
  const t0 = performance.now();
  const code = await new Promise((res, rej) => {
    const p = spawn('/usr/bin/time', ['-v', '-o', rusage, cmd, ...args], { stdio: ['ignore', out, err], env: { ...process.env, NO_COLOR: '1', ...env } });
    p.on('error', rej);
    p.on('close', (c) => res(c));
  });
  const wall = (performance.now() - t0) / 1000;
  if (typeof out === 'number') closeSync(out);
  closeSync(err);
  const text = readFileSync(rusage, 'utf8');
  rmSync(rusage, { force: true });
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? NaN);
  const cpu = ['User', 'System'].map((k) => Number(new RegExp(`${k} time \\(seconds\\): ([0-9.]+)`).exec(text)?.[1] ?? NaN));
  return { code, wall_s: Math.round(wall * 1000) / 1000, cpu_s: Math.round((cpu[0] + cpu[1]) * 100) / 100, peak_rss_mib: Math.round(kb / 1024) };
}

/**
 * Best wall time of up to `repeat` runs (each preceded by `reset`), stopping once the runs so far took
 * `budget` seconds: slow phases run once, fast ones get the noise taken out. Peak RSS is the max seen.
 */
export async function best(run, { repeat = 3, budget = 60, reset } = {}) {
  let bestRun;
  let spent = 0;
  let runs = 0;
  let peak = 0;
  while (runs < repeat && (runs === 0 || spent < budget)) {
    if (reset) await reset();
    const r = await run();
    runs++;
    spent += r.wall_s;
    peak = Math.max(peak, r.peak_rss_mib);
    if (r.code !== 0) return { ...r, runs, peak_rss_mib: peak };
    if (!bestRun || r.wall_s < bestRun.wall_s) bestRun = r;
  }
  return { ...bestRun, runs, peak_rss_mib: peak };
}
