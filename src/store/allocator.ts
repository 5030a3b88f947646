// How DuckDB's allocator returns freed memory to the system, set before the bindings load (duckdb-api.ts).
//
// Why: on Linux DuckDB allocates through the jemalloc it bundles, which DuckDB configures to keep freed pages
// resident 1 s as "dirty", then 1 s more as "muzzy" (MADV_FREE: still counted in RSS), and to purge them only when
// a thread allocates. An ingest frees ~120 MiB each time a worker thread writes a row group, so ingest's peak RSS
// at 1M incidents ran up to ~460 MiB above DuckDB's own memory limit, and over 1.5 GiB in 6 of 45 bench
// measurements. Purged after 300 ms, straight back to the system, by jemalloc's background thread, the peak stays
// at ~1.3 GiB at the same CPU time; purging at once cost more CPU (BENCHMARKS.md, issue 23 session 28).
// Elsewhere jemalloc is not used and neither setting does anything.

/** The environment variable DuckDB's bundled jemalloc reads its options from (its symbols carry the duckdb_je_ prefix). */
export const JEMALLOC_CONF_VAR = 'DUCKDB_JE_MALLOC_CONF';

/** Freed pages go back to the system after 300 ms, without first lingering as MADV_FREE pages. */
export const JEMALLOC_CONF = 'dirty_decay_ms:300,muzzy_decay_ms:0';

/** DuckDB settings for every instance: jemalloc's background thread purges on time, not only when a thread allocates. */
export const ALLOCATOR_SETTINGS: Readonly<Record<string, string>> = { allocator_background_threads: 'true' };

/**
 * `env` with JEMALLOC_CONF, unless it holds options already (a user's own jemalloc options win; an empty value
 * counts as unset, as ITSM_LENS_THREADS does): for a process that loads the bindings itself.
 */
export function jemallocEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return env[JEMALLOC_CONF_VAR]?.trim() ? env : { ...env, [JEMALLOC_CONF_VAR]: JEMALLOC_CONF };
}

/**
 * `load()` (the bindings' require) with JEMALLOC_CONF in this process's environment, which is put back as it was
 * after: jemalloc reads the variable once, as the library loads, and the processes this one starts (a browser,
 * the bench's plain-DuckDB floor) should not inherit it.
 */
export function withJemallocOptions<T>(load: () => T): T {
  const before = process.env[JEMALLOC_CONF_VAR];
  process.env[JEMALLOC_CONF_VAR] = jemallocEnv()[JEMALLOC_CONF_VAR];
  try {
    return load();
  } finally {
    if (before === undefined) delete process.env[JEMALLOC_CONF_VAR];
    else process.env[JEMALLOC_CONF_VAR] = before;
  }
}
