-- The raw read of a delimited export (src/ingest/read-raw.ts): every column as text, the reader's rejects, and
-- the physical line of each record. Values in {{…}} are SQL the caller builds from the file's sniffed head
-- (its columns, dialect, encoding, limits).

-- name: read
-- One row per accepted record, in the file's order (record k is row k - 1: DuckDB keeps the scan's order):
-- `__empty` (every cell empty or blank: concat skips NULLs, one flat call even for 10,000 columns; a filled first
-- cell, the id in most exports, settles it, and the CASE joins the cells of the other rows only), then `__nl`
-- when the caller asks for it (the line breaks inside the record's values, in the columns that hold them in the
-- file's head), then the columns.
CREATE OR REPLACE TEMP TABLE {{raw}} AS
  SELECT CASE WHEN nullif(trim({{first}}), '') IS NOT NULL THEN FALSE ELSE trim(concat({{columns}})) = '' END AS __empty{{nl}}, *
    FROM read_csv({{path}}, columns = {{column_types}},
    header = true, auto_detect = false, delim = {{delimiter}}, quote = '"', escape = '"', skip = {{skip}},
    encoding = {{encoding}}, store_rejects = true, rejects_table = {{reject_table}}, rejects_scan = {{reject_scan}},
    {{buffers}})

-- name: scan
-- One pass over the raw rows: the records, the empty ones, the line breaks the read counted (`nl`: sum(__nl), or
-- 0 when it counted none) and, per column, the cells with a value (`counts`: count(<column>) AS c<i> each).
SELECT count(*) AS n, count(*) FILTER (WHERE __empty) AS empty, {{nl}} AS nl, {{counts}} FROM {{raw}}

-- name: breaks
-- A fragment: the line breaks in one cell (`col`); a cell without one costs a memchr, not a split.
CASE WHEN contains({{col}}, chr(10)) THEN len(string_split({{col}}, chr(10))) - 1 ELSE 0 END

-- name: breaks_elsewhere
-- The line breaks per column over the whole raw table, for the columns the read did not count (`cells`: the list of
-- them, [c1, c2, …]; `breaks`: the breaks fragment over the lambda's `__c`): `b` for each column `i` (0-based in the
-- list) that holds any, in that order. One lambda over a row's cells, not an aggregate per column: DuckDB binds thousands of
-- aggregates of a CASE in quadratic time (3,000 columns: 6.3 CPU-s, this 0.24), for 0.4 CPU-s more at 30 columns
-- and 1M rows (a pass that runs only when the file's lines leave line breaks unaccounted for).
SELECT i, sum(n) AS b FROM (
  SELECT unnest(range(len({{cells}}))) AS i, unnest(list_transform({{cells}}, __c -> {{breaks}})) AS n FROM {{raw}})
  WHERE n > 0 GROUP BY i ORDER BY i

-- name: line_limit_rejects
-- A line over the limit: DuckDB's reject has no column and does not say how to read it. Its message becomes
-- the line's size and the flag that raises the limit (the caller's advice).
UPDATE {{reject_table}} SET column_idx = 0, error_message = 'the line is ' ||
    coalesce(format('{:,}', TRY_CAST(regexp_extract(error_message, 'Actual Size:\s*(\d+)', 1) AS BIGINT)) || ' bytes', 'longer than that') ||
    {{advice}}
  WHERE error_type = 'LINE SIZE OVER MAXIMUM'

-- name: line_from_map
-- Each accepted record's physical line from the line map (`physical_lines`): record k is row k - 1.
UPDATE {{raw}} SET __line = m.pl FROM {{map}} m WHERE m.rec = {{raw}}.rowid + 1

-- name: line_by_count
-- Each record's physical line when every line of the file is a record's: the first record's line (`first_line`)
-- + its row number + the line breaks inside the records before it (`nl`, an expression over the raw row: a
-- running sum over the narrow rowid and that expression, not over the whole rows).
UPDATE {{raw}} SET __line = m.pl
  FROM (SELECT rowid AS r, {{first_line}} + rowid + coalesce(sum({{nl}}) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pl FROM {{raw}}) m
  WHERE m.r = {{raw}}.rowid

-- name: physical_lines
-- The line map: each record (`rec`, 0 = the header) and each of DuckDB's reject lines (`duck_line`: DuckDB counts
-- newlines outside quotes) against its physical line `pl`. A line starts a record when the quotes before it are
-- balanced, it is not blank and it comes after the skipped lines. A blank line reads as NULL: it holds no quote
-- (0, not NULL, or the running count turns NULL and the line drops out of DuckDB's count, which includes it:
-- every reject after a blank line took the next line's number). Streaming windows over the scan order (no
-- ORDER BY): one sequential pass each, no sort.
CREATE TEMP TABLE {{map}} AS
  WITH q AS (SELECT row_number() OVER () AS pl, nullif(rtrim(l, chr(13)), '') IS NOT NULL AS filled, coalesce(length(l) - length(replace(l, '"', '')), 0) AS nq FROM {{lines}}),
  o AS (SELECT pl, filled, (sum(nq) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - nq) % 2 = 0 AS outside FROM q),
  s AS (SELECT pl, row_number() OVER () AS duck_line, pl > {{skip}} AND filled AS starts
        FROM o WHERE outside)
  SELECT pl, duck_line, CASE WHEN starts THEN sum(starts::INT) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - 1 END AS rec FROM s

-- name: reject_lines_from_map
-- DuckDB's reject lines count newlines outside quotes: each becomes the physical line of its record.
UPDATE {{reject_table}} SET line = m.pl FROM {{map}} m WHERE m.duck_line = {{reject_table}}.line

-- name: encoding_rejects
-- Records the reader rejected for their encoding: a file that looked like plain UTF-8 or latin-1 in its first megabyte
-- is read again as Windows-1252 when there are any.
SELECT count(*) AS n FROM {{reject_table}} WHERE error_type ILIKE '%encoding%' OR error_type ILIKE '%unicode%'

-- name: reject_join
-- A join clause, not a statement: accepted record k is record k + (the rejected records before it), found with
-- an ASOF join on g = the accepted records before reject i. `record_of_line` is the record number of a reject's
-- line, `k` the accepted record's number.
ASOF LEFT JOIN (SELECT {{record_of_line}} - i AS g, max(i) AS before
    FROM (SELECT line, row_number() OVER (ORDER BY line) AS i FROM (SELECT DISTINCT line FROM {{reject_table}})) GROUP BY 1) j
  ON {{k}} > j.g
