-- `ingest --replace` and "the same rows twice" (src/ingest/replace.ts says why): the file already ingested with
-- the same bytes, and whether any has the same size (src/ingest/index.ts); what one file loaded, removed; the
-- files ingested after it; and the rows hash that tells two files of the same records apart from others.
-- `id` is the file_id as a SQL literal; `hashes` is generated from the canonical fields (store/schema.ts).

-- name: seen
-- the file ingested before with these bytes (its sha256 `id`, a parameter), and its ingest time in µs
SELECT *, epoch_us(ingested_at) AS ingested_us FROM source_file WHERE file_id = $id

-- name: same_size
-- a row when some file ingested before has `size` bytes (a parameter): only then can a file's bytes be known
SELECT 1 AS x FROM source_file WHERE size_bytes = $size LIMIT 1

-- name: loaded
-- what the file loaded: its records in the four canonical tables, its events and its rejected lines
SELECT (SELECT count(*) FROM ticket WHERE file_id = {{id}}) + (SELECT count(*) FROM "change" WHERE file_id = {{id}})
       + (SELECT count(*) FROM problem WHERE file_id = {{id}}) + (SELECT count(*) FROM asset WHERE file_id = {{id}}) AS records,
       (SELECT count(*) FROM ticket_event WHERE file_id = {{id}}) AS events,
       (SELECT count(*) FROM rejects WHERE file_id = {{id}}) AS rejects

-- name: remove
-- everything the file wrote, in every table that records a file_id
DELETE FROM ticket WHERE file_id = {{id}};
DELETE FROM "change" WHERE file_id = {{id}};
DELETE FROM problem WHERE file_id = {{id}};
DELETE FROM asset WHERE file_id = {{id}};
DELETE FROM change_ci WHERE file_id = {{id}};
DELETE FROM ticket_service WHERE file_id = {{id}};
DELETE FROM ticket_event WHERE file_id = {{id}};
DELETE FROM rejects WHERE file_id = {{id}};
DELETE FROM source_file WHERE file_id = {{id}}

-- name: later_files
-- the file_ids ingested after the one being replaced, first ingested at `after_us` (µs since the epoch)
SELECT file_id FROM source_file WHERE epoch_us(ingested_at) > {{after_us}}

-- name: rows_hash
-- count:sum(hash) over the file's records; `hashes` is one `SELECT count(*) AS n, sum(<hash>)::HUGEINT AS h
-- FROM <table> WHERE file_id = <id>` per table, joined by UNION ALL
SELECT sum(n)::BIGINT AS n, sum(h)::VARCHAR AS h FROM ({{hashes}})

-- name: missing_hashes
-- files loaded before rows_hash existed (schema 4)
SELECT count(*) AS n FROM source_file WHERE rows_hash IS NULL

-- name: backfill
-- their rows hash from the records each holds now; `hashes` is one `SELECT file_id, count(*) AS n,
-- sum(<hash>)::HUGEINT AS h FROM <table> WHERE file_id IN (SELECT file_id FROM todo) GROUP BY file_id` per table
UPDATE source_file SET rows_hash = coalesce(h.v, '0:0') FROM (
      WITH todo AS (SELECT file_id FROM source_file WHERE rows_hash IS NULL)
      SELECT todo.file_id, sum(n)::BIGINT || ':' || sum(h)::VARCHAR AS v FROM todo LEFT JOIN ({{hashes}}) r USING (file_id) GROUP BY todo.file_id) h
    WHERE source_file.file_id = h.file_id
