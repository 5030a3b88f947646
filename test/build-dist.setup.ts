/**
 * vitest globalSetup: CLI tests run bin/itsm-lens.js, which loads dist/, and a stale dist/ would test yesterday's
 * CLI. `npm install` builds; `npm test` and `npx vitest run …` build here, only when needed (`npm test` built
 * every time, a second build right after `npm install`'s in CI): when any file under src/ is newer than the last
 * build (dist/cli/main.js, which every build rewrites), build again before the tests.
 * Fresh: a walk of src/ (milliseconds). Stale: one `tsc -p tsconfig.build.json` (2–14 s here), then
 * tools/compile-ahead.mjs (as `npm run build`; ~1 s), which also runs alone when a schema or shipped YAML changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir: string, ext: RegExp = /\.ts$/): number {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p, ext) : ext.test(e.name) ? statSync(p).mtimeMs : 0);
  }
  return t;
}

export function distIsStale(root = ROOT): boolean {
  const stamp = join(root, 'dist', 'cli', 'main.js');
  return !existsSync(stamp) || newest(join(root, 'src')) > statSync(stamp).mtimeMs;
}

/**
 * Whether tools/compile-ahead.mjs's output (dist/config/validators, which each run makes anew) is missing or older
 * than a schema, a YAML file under src/ or reports/, or the tool: a rubric edited since would otherwise be parsed
 * at run time (right, slower) and test/config/compiled-ahead would fail on the missing JSON.
 */
export function aheadIsStale(root = ROOT): boolean {
  const stamp = join(root, 'dist', 'config', 'validators');
  if (!existsSync(stamp)) return true;
  const inputs = Math.max(newest(join(root, 'schemas'), /\.json$/), newest(join(root, 'src'), /\.ya?ml$/), newest(join(root, 'reports'), /\.ya?ml$/), newest(join(root, 'tools'), /^compile-ahead\.mjs$/));
  return inputs > statSync(stamp).mtimeMs;
}

export default function setup(): void {
  if (distIsStale()) {
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dist/ is older than src/ and the build failed:\n${r.stdout}${r.stderr}`);
  } else if (!aheadIsStale()) return;
  // the schemas' validators and the shipped YAML compiled ahead (missing or stale: done at run time, slower, same result)
  const v = spawnSync(process.execPath, [join(ROOT, 'tools', 'compile-ahead.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (v.status !== 0) throw new Error(`tools/compile-ahead.mjs failed:\n${v.stdout}${v.stderr}`);
}
