-- The statements of `export --parquet` (src/export/parquet.ts writes the folder) and of reading one back
-- (src/export/views.ts: the tables as views over read_parquet). `table` is a quoted table name, paths and globs are
-- literals.

-- name: schema_file
-- the table's columns and types, no rows: the folder's _schema/<table>.parquet, read when the table is empty
COPY (SELECT * FROM {{table}} LIMIT 0) TO {{path}} (FORMAT parquet)

-- name: rows
-- how many rows the table holds
SELECT count(*) AS n FROM {{table}}

-- name: partitioned
-- the table with its partition columns (`extra`: the tenant literal, the month expression), hive-partitioned by them
COPY (SELECT *, {{extra}} FROM {{table}}) TO {{path}} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({{partition_by}}), OVERWRITE_OR_IGNORE)

-- name: whole
-- a table without partitions, as one file
COPY {{table}} TO {{path}} (FORMAT parquet, COMPRESSION zstd)

-- name: files
-- how many Parquet files the glob finds
SELECT count(*) AS n FROM glob({{glob}})

-- name: view
-- the table as a view over its files (`exclude`: EXCLUDE (partition columns), or nothing; `hive` TRUE when
-- partitioned); files of older exports with fewer columns are read by name
CREATE OR REPLACE VIEW {{table}} AS SELECT * {{exclude}} FROM read_parquet({{glob}}, hive_partitioning = {{hive}}, union_by_name = true)

-- name: schema_view
-- an empty table as a view over its schema file
CREATE OR REPLACE VIEW {{table}} AS SELECT * FROM read_parquet({{path}})
