-- The statements src/lint/index.ts runs around each lint rule (the rules themselves are src/lint/rules/*.sql):
-- what is loaded, whether a rule's required column is there, and a rule's findings counted and sampled.
-- `table` is a quoted table name, `rule` a rule's SQL (its rows: id, key of the offending records).

-- name: records
-- how many records the table holds (a rule on an empty table is not applicable)
SELECT count(*) AS n FROM {{table}}

-- name: column_values
-- how many records carry the column a rule requires
SELECT count({{column}}) AS n FROM {{table}}

-- name: rule_counts
-- the rule's findings, and the population it judges (the table, within the rule's scope: `scope` a condition)
SELECT (SELECT count(*) FROM ({{rule}})) AS n, (SELECT count(*) FROM {{table}} WHERE {{scope}}) AS population

-- name: rule_samples
-- the first `limit` findings by id, with the file and line each record came from (`key`: the table's key column)
SELECT v.id::VARCHAR AS id, f.path AS file, t.source_row AS line
  FROM ({{rule}}) v LEFT JOIN {{table}} t ON t.{{key}} = v.key LEFT JOIN source_file f ON f.file_id = t.file_id
 ORDER BY v.id LIMIT {{limit}}
