-- What DuckDB's buffer pool holds in memory (src/store/memory.ts), split by whether it can let it go for free.

-- name: held
-- The bytes DuckDB holds that it could free only by writing them to its temp directory: temp tables, a
-- transaction's rows, hash tables and the like. Left out: the blocks it has cached from the database file
-- (BASE_TABLE, METADATA) and from files it read (EXTERNAL_FILE_CACHE), which it drops at no cost when it needs
-- room. `threads` is the worker count in force.
SELECT coalesce(sum(memory_usage_bytes) FILTER (WHERE tag NOT IN ('BASE_TABLE', 'METADATA', 'EXTERNAL_FILE_CACHE')), 0)::BIGINT AS held,
    current_setting('threads')::BIGINT AS threads
  FROM duckdb_memory()
