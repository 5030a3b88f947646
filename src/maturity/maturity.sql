-- The maturity assessment's own statements (src/maturity/evaluate.ts and assess.ts run them). The rubric's
-- evidence queries live in the rubric (src/maturity/rubric/*.yaml); the KPIs a criterion names with `metric:`
-- are kpi's (queries/*.sql), never restated here.

-- name: macros
-- the macros rubric queries may use besides the metric macros (src/metrics/macros.sql): quarter_of(ts) →
-- '2025-Q3'; is_set(x): not null, not empty and not a placeholder or 'false' value
CREATE OR REPLACE TEMP MACRO quarter_of(ts) AS (strftime(ts, '%Y') || '-Q' || quarter(ts)::VARCHAR);
CREATE OR REPLACE TEMP MACRO is_set(x) AS (x IS NOT NULL AND trim(x::VARCHAR) <> ''
    AND lower(trim(x::VARCHAR)) NOT IN ('false', '0', 'no', 'n', 'none', 'null', 'n/a', '-', '?', 'unknown'))

-- name: data_end
-- the latest time in the loaded tickets (data_end() for the rubric's queries)
SELECT strftime(max(greatest(opened_at, resolved_at, closed_at, updated_at)), '%Y-%m-%dT%H:%M:%SZ') AS t FROM ticket

-- name: data_end_macro
-- data_end() as a macro; `end` is a TIMESTAMPTZ literal or NULL
CREATE OR REPLACE TEMP MACRO data_end() AS {{end}}

-- name: quarters
-- the quarters of a KPI's anchor column in its table, for stability over quarters
SELECT DISTINCT quarter_of({{anchor}}) AS period, year({{anchor}}) AS y, quarter({{anchor}}) AS q
  FROM {{table}} WHERE {{anchor}} IS NOT NULL ORDER BY 1

-- name: scope
-- the records a criterion's evidence reads, as the view `scope`
CREATE OR REPLACE TEMP VIEW scope AS SELECT * FROM {{table}} WHERE {{where}}

-- name: drop_scope
-- the scope view, gone after the assessment
DROP VIEW IF EXISTS scope

-- name: span
-- the opened span of the tickets: the assessment's data period
SELECT strftime(min(opened_at), '%Y-%m-%dT%H:%M:%SZ') AS "from", strftime(max(opened_at), '%Y-%m-%dT%H:%M:%SZ') AS "to" FROM ticket

-- name: counts
-- the records the assessment read, per kind and table
SELECT
    (SELECT count(*) FROM ticket WHERE kind = 'incident') AS incidents, (SELECT count(*) FROM ticket WHERE kind = 'service_request') AS service_requests,
    (SELECT count(*) FROM ticket WHERE kind = 'interaction') AS interactions, (SELECT count(*) FROM "change") AS changes,
    (SELECT count(*) FROM problem) AS problems, (SELECT count(*) FROM asset) AS assets, (SELECT count(*) FROM ticket_event) AS ticket_events

-- name: any_true
-- whether any of `checks` (boolean expressions made from the fragments below, joined with OR) holds
SELECT {{checks}} AS ok

-- name: column_has_value
-- a fragment: the column of another export's table holds a value somewhere (a criterion's "table.column" field)
(SELECT count({{column}}) > 0 FROM {{table}})

-- name: table_has
-- a fragment: a record of the table meets `cond` (a practice's records: naming table.column, cond is_set(column);
-- naming a table without its own export, cond TRUE)
EXISTS (SELECT 1 FROM {{table}} WHERE {{cond}})

-- name: field_coverage
-- the records in scope, and those whose source file carries the criterion's fields (`having`: each field, or one
-- of its alternatives, has a value in some record of that file)
SELECT count(*) AS n,
       count(*) FILTER (WHERE coalesce(file_id, '') IN (SELECT coalesce(file_id, '') FROM scope GROUP BY 1 HAVING {{having}})) AS covered
  FROM scope

-- name: scope_has
-- whether any record in scope has a value in the field (`filled`: count(col) > 0 per alternative, joined with OR)
SELECT {{filled}} AS ok FROM scope

-- name: loaded_exports
-- per export with its own table (`exports`: one export_loaded fragment each): loaded or not
SELECT {{exports}}

-- name: export_loaded
-- a fragment: the export's table holds records, or a file of that export was ingested (even an empty one)
(EXISTS (SELECT 1 FROM {{table}}) OR EXISTS (SELECT 1 FROM source_file WHERE object_kind = {{kind}})) AS {{table}}

-- name: mandatory
-- a fill criterion's records in scope: how many, over how many opened months, and whether every one has the
-- fields set (`all_set`: is_set per field, joined with AND)
SELECT count(*) AS n, count(DISTINCT date_trunc('month', opened_at)) AS months, bool_and({{all_set}}) AS all_set FROM scope
