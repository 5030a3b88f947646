-- The texts a file's vocabulary fields hold (src/ingest/load-records.ts, vocabLookups): per field, the texts of a
-- sample of the rows with the value the field's own expression gives each, matched exactly by the load before the
-- vocabulary's chain of lower(), WHENs and regular expressions.

-- name: texts
-- Per field (`f`: its index in the caller's list), each text of a sample of the mapping's rows (`v`), its value as
-- VARCHAR (`m`) and how often the sample holds it (`n`), most often first. The sample takes whole vectors of rows
-- (`percent` of them, ~8,000 rows; a reservoir of rows draws for every row, 0.1 CPU-s at 1M). `rows` selects the
-- mapping's rows of the raw view `view`; `columns` cleans the columns the fields read, under their own names; `fields` is one
-- `SELECT <i> AS f, <text> AS v, CAST(<value> AS VARCHAR) AS m FROM s` per field, joined by UNION ALL.
WITH s AS (SELECT {{columns}} FROM (SELECT * FROM {{view}} USING SAMPLE {{percent}}% (system, 7)) WHERE {{rows}})
SELECT f, v, m, count(*) AS n FROM ({{fields}}) WHERE v IS NOT NULL GROUP BY ALL ORDER BY f, n DESC, v
