// @duckdb/node-api is CommonJS. Imported as an ES module, Node first scans it and every file it re-exports for
// export names (cjs-module-lexer): ~0.12 CPU-s per process, measured, before any database is opened. `require`
// skips the scan; loading on first use also keeps `--help`, `--version` and argument errors off the native bindings.
import { createRequire } from 'node:module';
import { withJemallocOptions } from './allocator.js';

type DuckDBApi = typeof import('@duckdb/node-api');

let api: DuckDBApi | undefined;

/** The @duckdb/node-api module, loaded on the first call (with jemalloc's options: it reads them as it loads). */
export function duckdb(): DuckDBApi {
  return (api ??= withJemallocOptions(() => createRequire(import.meta.url)('@duckdb/node-api') as DuckDBApi));
}
