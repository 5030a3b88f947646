// How DuckDB's allocator returns freed memory to the system, set before the bindings load (duckdb-api.ts).
//
// Why: DuckDB allocates through the jemalloc it bundles. jemalloc keeps freed pages resident for a while:
// "dirty" for DuckDB's 1 s, then "muzzy" (MADV_FREE, still counted in RSS) for 1 s more, and it purges them only
// when a thread allocates. An ingest frees ~120 MiB each time a worker thread writes a row group, so at 1M incidents
// the process held 200-460 MiB of freed pages above DuckDB's own memory limit: peak RSS 1,372-1,517 MiB over five
// runs of the five bench files, up to 1,685 in the bench. With freed pages purged after 300 ms, at once to the
// system (no muzzy stage), by jemalloc's background thread: 1,279-1,317 MiB over eight runs, at the same CPU time.
// Purging at once (decay 0) gave 1,224-1,232 MiB but cost ~1 CPU-s more in madvise calls (BENCHMARKS.md).

/** The environment variable DuckDB's bundled jemalloc reads its options from (its symbols carry the duckdb_je_ prefix). */
export const JEMALLOC_CONF_VAR = 'DUCKDB_JE_MALLOC_CONF';

/** Freed pages go back to the system after 300 ms, without first lingering as MADV_FREE pages. */
export const JEMALLOC_CONF = 'dirty_decay_ms:300,muzzy_decay_ms:0';

/** DuckDB settings for every instance: jemalloc's background thread purges on time, not only when a thread allocates. */
export const ALLOCATOR_SETTINGS: Readonly<Record<string, string>> = { allocator_background_threads: 'true' };

/**
 * Sets JEMALLOC_CONF in `env` unless it holds the variable already (a user's own jemalloc options win).
 * jemalloc reads it once, when the bindings load: call this before the first `require('@duckdb/node-api')`.
 */
export function tuneAllocator(env: NodeJS.ProcessEnv = process.env): void {
  if (env[JEMALLOC_CONF_VAR] === undefined) env[JEMALLOC_CONF_VAR] = JEMALLOC_CONF;
}
