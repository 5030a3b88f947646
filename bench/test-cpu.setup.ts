/**
 * Setup file of bench/vitest-cpu.config.ts: appends "<file>\t<CPU s>\t<wall s>" to $ITSM_LENS_TEST_CPU_LOG when a
 * test file ends. CPU: user + system time of the worker and of the child processes it has waited for
 * (/proc/self/stat utime, stime, cutime, cstime), from when this file loaded (before the test file's imports).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll } from 'vitest';

const TICKS = 100; // USER_HZ on Linux

function cpuSeconds(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS;
}

const cpu0 = cpuSeconds();
const wall0 = performance.now();

afterAll(({}, suite) => {
  const log = process.env.ITSM_LENS_TEST_CPU_LOG;
  if (!log) return;
  const file = relative(process.cwd(), (suite as { filepath?: string }).filepath ?? '?');
  appendFileSync(log, `${file}\t${(cpuSeconds() - cpu0).toFixed(2)}\t${((performance.now() - wall0) / 1000).toFixed(1)}\n`);
});
