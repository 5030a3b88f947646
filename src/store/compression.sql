-- A canonical table's compression, settled per column where the column's nature settles it (src/store/compression.ts):
-- the table's columns as they stand, whether it is empty, and the swap to a copy declared with the methods.

-- name: columns
-- The columns of a table (`table`, a literal) in their order, with their types and NOT NULL.
SELECT column_name AS name, data_type AS type, is_nullable AS nullable
  FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = {{table}}
  ORDER BY column_index

-- name: empty
-- Whether the table holds no row (only an empty table is declared again: nothing is copied).
SELECT count(*) = 0 AS empty FROM (SELECT 1 FROM {{table}} LIMIT 1)

-- name: swap
-- The empty table replaced by one of the same columns, types and order, declared with compression methods
-- (`columns`: the column definitions).
CREATE TABLE {{fresh}} ({{columns}});
DROP TABLE {{table}};
ALTER TABLE {{fresh}} RENAME TO {{name}}
