/** test/build-dist.setup.ts: dist/ counts as stale when any src/ file is newer than dist/cli/main.js, or it is missing. */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distIsStale } from './build-dist.setup.js';
import { tempDir } from './helpers.js';

function tree(srcAt: number | null, distAt: number | null): string {
  const root = tempDir();
  mkdirSync(join(root, 'src', 'metrics'), { recursive: true });
  const src = join(root, 'src', 'metrics', 'kpi.ts');
  writeFileSync(src, '');
  if (srcAt !== null) utimesSync(src, srcAt, srcAt);
  if (distAt !== null) {
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli', 'main.js'), '');
    utimesSync(join(root, 'dist', 'cli', 'main.js'), distAt, distAt);
  }
  return root;
}

describe('the build before tests', () => {
  it('rebuilds when a source file is newer than the build, or there is no build', () => {
    expect(distIsStale(tree(2000, 1000))).toBe(true); // src/metrics/kpi.ts edited after the build
    expect(distIsStale(tree(1000, null))).toBe(true); // never built
  });
  it('leaves a build newer than every source file alone', () => {
    expect(distIsStale(tree(1000, 2000))).toBe(false);
  });
});
