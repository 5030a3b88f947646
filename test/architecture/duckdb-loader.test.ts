/**
 * src/ loads DuckDB's bindings in one place, src/store/duckdb-api.ts, which sets the allocator's options first
 * (src/store/allocator.ts): jemalloc reads them once, as the bindings load, so a value import of
 * '@duckdb/node-api' anywhere else could load them before, and the options would silently not apply.
 * Allowed elsewhere: `import type` (erased at compile time) and `createRequire(…).resolve` (a path, nothing loaded).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith('.ts') ? [p] : [];
  });
}

/** The places in `text` that load a @duckdb package's code: value imports, dynamic imports, require calls. */
export function bindingLoads(source: string): string[] {
  // comments may name the package (allocator.ts says where to call it before): drop them first
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+([^;]*?)\s*from\s+['"](@duckdb\/[^'"]+)['"]|^import\s+['"](@duckdb\/[^'"]+)['"]/gms)) {
    const clause = (m[1] ?? '').trim();
    const braces = /^\{([^}]*)\}$/.exec(clause);
    const typeOnly = /^type\s/.test(clause) || (!!braces && braces[1]!.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type ')));
    if (!typeOnly) out.push(m[0]);
  }
  for (const m of text.matchAll(/\bimport\(\s*['"]@duckdb\/[^'"]+['"]\s*\)|\)\(\s*['"]@duckdb\/[^'"]+['"]\s*\)|\brequire\(\s*['"]@duckdb\/[^'"]+['"]\s*\)/g)) out.push(m[0]);
  return out;
}

describe("DuckDB's bindings", () => {
  it('tells value loads from type imports and path lookups', () => {
    expect(bindingLoads(`import type { DuckDBInstance } from '@duckdb/node-api';`)).toEqual([]);
    expect(bindingLoads(`import { type DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';`)).toEqual([]);
    expect(bindingLoads(`const p = createRequire(import.meta.url).resolve('@duckdb/node-api');`)).toEqual([]);
    expect(bindingLoads(`import { DuckDBInstance } from '@duckdb/node-api';`)).toHaveLength(1);
    expect(bindingLoads(`import {\n  DuckDBInstance,\n  type X,\n} from '@duckdb/node-api';`)).toHaveLength(1);
    expect(bindingLoads(`const api = await import('@duckdb/node-api');`)).toHaveLength(1);
    expect(bindingLoads(`const api = createRequire(import.meta.url)('@duckdb/node-api');`)).toHaveLength(1);
    expect(bindingLoads(`const b = require('@duckdb/node-bindings');`)).toHaveLength(1);
    expect(bindingLoads(`import { DuckDBInstance } from "@duckdb/node-api";`)).toHaveLength(1);
    expect(bindingLoads(`import x = require("@duckdb/node-api");`)).toHaveLength(1);
    expect(bindingLoads(`/** call before the first \`require('@duckdb/node-api')\` */\n// require('@duckdb/node-api')`)).toEqual([]);
  });

  it('are loaded by src/store/duckdb-api.ts alone', () => {
    const loaders = tsFiles(join(ROOT, 'src'))
      .filter((f) => bindingLoads(readFileSync(f, 'utf8')).length > 0)
      .map((f) => relative(ROOT, f).split('\\').join('/'));
    expect(loaders).toEqual(['src/store/duckdb-api.ts']);
  });
});
