-- The long (tidy) KPI table of `kpi --csv / --parquet` (src/metrics/tidy.ts): one row per breakdown member, KPI and
-- statistic, staged in DuckDB and written by it.

-- name: table
-- the stage: one VARCHAR column per breakdown dimension (`dims`: `"<dim>" VARCHAR, ` each), then the KPI's
CREATE OR REPLACE TEMP TABLE kpi_tidy ({{dims}}kpi VARCHAR, statistic VARCHAR, value DOUBLE, n BIGINT)

-- name: insert
-- a batch of rows (`rows`: literal tuples)
INSERT INTO kpi_tidy VALUES {{rows}}

-- name: parquet
-- the table as a Parquet file
COPY kpi_tidy TO {{path}} (FORMAT parquet)

-- name: csv
-- the table as CSV with a header; `text` the text columns made safe for a spreadsheet (a cell starting with
-- = + - @ is neutralised)
COPY (SELECT {{text}}, value, n FROM kpi_tidy) TO {{path}} (FORMAT csv, HEADER)
