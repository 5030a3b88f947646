/**
 * vitest globalSetup: CLI tests run bin/itsm-lens.js, which loads dist/. `npm test` builds first, but
 * `npx vitest run …` does not, and a stale dist/ would test yesterday's CLI. So: when any file under src/ is
 * newer than the last build (dist/cli/main.js, which every build rewrites), build again before the tests.
 * Fresh: a walk of src/ (milliseconds). Stale: one `tsc -p tsconfig.build.json` (2–14 s here), then
 * tools/compile-ahead.mjs (as `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }
  return t;
}

export function distIsStale(root = ROOT): boolean {
  const stamp = join(root, 'dist', 'cli', 'main.js');
  return !existsSync(stamp) || newest(join(root, 'src')) > statSync(stamp).mtimeMs;
}

export default function setup(): void {
  if (!distIsStale()) return;
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dist/ is older than src/ and the build failed:\n${r.stdout}${r.stderr}`);
  // the schemas' validators and the shipped YAML compiled ahead (missing or stale: done at run time, slower, same result)
  const v = spawnSync(process.execPath, [join(ROOT, 'tools', 'compile-ahead.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (v.status !== 0) throw new Error(`tools/compile-ahead.mjs failed:\n${v.stdout}${v.stderr}`);
}
