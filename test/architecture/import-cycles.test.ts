/**
 * No import cycle among src/ files (issue 20): a cycle makes module initialisation order matter (a value read
 * before its module has run is undefined) and makes a layer impossible to use without the one above it.
 * Value imports only: `import type` and `import { type X }`-only lines vanish at compile time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith('.ts') && !n.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * The src/ files `file` imports values from (relative specifiers; `.js` in the source names the `.ts`). A
 * dynamic `import('./x.js')` counts too: it runs the module as surely, only later (the CLI's lazy commands).
 */
export function valueImports(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)) out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  // import … from '…'; export … from '…' (multi-line clauses included); bare import '…'
  for (const m of text.matchAll(/^(import|export)\s+([^;]*?)\s+from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gms)) {
    const clause = m[2] ?? '';
    const spec = m[3] ?? m[4]!;
    if (/^type\s/.test(clause)) continue;
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    if (braces && braces[1]!.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))) continue;
    out.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  return out;
}

/** Every cycle's files, each cycle once (as found by a depth-first search). */
function cycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (!graph.has(g)) continue;
      if (state.get(g) === 'open') found.push(stack.slice(stack.indexOf(g)).concat(g));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('src/ module graph', () => {
  const files = tsFiles(join(ROOT, 'src'));
  const graph = new Map(files.map((f) => [f, valueImports(f, readFileSync(f, 'utf8'))]));

  it('reads value imports and skips type-only ones (the parser itself)', () => {
    const f = join(ROOT, 'src', 'a', 'x.ts');
    const text = ["import { a } from './a.js';", "import type { B } from '../b.js';", "import { type C, type D } from './c.js';",
      "import {\n  e,\n  type F,\n} from './e.js';", "export { g } from './g.js';", "import './side.js';"].join('\n');
    expect(valueImports(f, text).map((p) => relative(join(ROOT, 'src'), p))).toEqual(['a/a.ts', 'a/e.ts', 'a/g.ts', 'a/side.ts']);
    const lazy = "const load = async () => (await import('../cli/kpi.js')).kpiCommand;\nimport * as ns from './ns.js';\nimport D, { type T } from './d.js';\nexport * from './star.js';\nexport type { U } from './u.js';";
    expect(valueImports(f, lazy).map((p) => relative(join(ROOT, 'src'), p)).sort()).toEqual(['a/d.ts', 'a/ns.ts', 'a/star.ts', 'cli/kpi.ts']);
  });

  it('reads every relative import of src/ as a file of src/ (an edge it could not place would hide a cycle)', () => {
    const unplaced = [...graph].flatMap(([f, to]) => to.filter((g) => !graph.has(g)).map((g) => `${relative(ROOT, f)} → ${relative(ROOT, g)}`));
    expect(unplaced).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph).map((c) => c.map((f) => relative(ROOT, f)).join(' → '))).toEqual([]);
  });
});
