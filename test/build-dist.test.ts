/**
 * test/build-dist.setup.ts: dist/ counts as stale when any src/ file is newer than dist/cli/main.js, or it is
 * missing; the work compiled ahead (tools/compile-ahead.mjs) when a schema or shipped YAML file is newer than it.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aheadIsStale, distIsStale } from './build-dist.setup.js';
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

describe('the work compiled ahead (tools/compile-ahead.mjs)', () => {
  /** A tree with a schema, a rubric YAML and the validators folder at the given times (null: absent). */
  function ahead(schemaAt: number, yamlAt: number, validatorsAt: number | null): string {
    const root = tempDir();
    mkdirSync(join(root, 'schemas'));
    mkdirSync(join(root, 'src', 'maturity', 'rubric'), { recursive: true });
    writeFileSync(join(root, 'schemas', 'rubric.schema.json'), '{}');
    utimesSync(join(root, 'schemas', 'rubric.schema.json'), schemaAt, schemaAt);
    writeFileSync(join(root, 'src', 'maturity', 'rubric', 'default.yaml'), 'a: 1\n');
    utimesSync(join(root, 'src', 'maturity', 'rubric', 'default.yaml'), yamlAt, yamlAt);
    if (validatorsAt !== null) {
      mkdirSync(join(root, 'dist', 'config', 'validators'), { recursive: true });
      utimesSync(join(root, 'dist', 'config', 'validators'), validatorsAt, validatorsAt);
    }
    return root;
  }
  it('runs again when a schema or a shipped YAML file is newer than its output, or there is none', () => {
    expect(aheadIsStale(ahead(2000, 1000, 1500))).toBe(true); // the schema edited after
    expect(aheadIsStale(ahead(1000, 2000, 1500))).toBe(true); // the rubric edited after
    expect(aheadIsStale(ahead(1000, 1000, null))).toBe(true); // never run
    expect(aheadIsStale(ahead(1000, 1000, 2000))).toBe(false);
  });
});
