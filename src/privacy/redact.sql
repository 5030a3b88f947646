-- The statements of redaction at ingest (src/privacy/redact.ts): the database's redaction mode and salt, kept in
-- `meta`, the names searched for in free text, and the null-keeping wrapper of the person and text expressions
-- (those expressions are generated from the policy by redact.ts).

-- name: meta_value
-- a value of `meta` by its key (the policy a database was redacted with, the salt its tokens are made with)
SELECT value FROM meta WHERE key = $k

-- name: files
-- how many files the database holds (redacting into one with unredacted files would leave originals beside tokens)
SELECT count(*) AS n FROM source_file

-- name: record_meta
-- a value of `meta` by its key, written once: a second file keeps the first one's
INSERT INTO meta SELECT $k, $v WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = $k)

-- name: names
-- the distinct names of the raw file's person columns (`columns`: a list of them), every row's, rejected rows
-- included
SELECT DISTINCT trim(v) AS v FROM (SELECT unnest([{{columns}}]) AS v FROM {{view}}) WHERE v IS NOT NULL AND trim(v) <> ''

-- name: unless_null
-- a redacted value: NULL stays NULL, anything else becomes `expr` (a token, a mask, the scrubbed text)
CASE WHEN {{v}} IS NULL THEN NULL ELSE {{expr}} END
