-- coverage-fields: the fill rate of each canonical ticket field, per kind (and '*' for every kind together).
-- One row per kind and field: records (tickets of the kind), filled (with a value in the field). Canonical
-- fields are the ticket table's columns less the key, the provenance columns, the export's raw text
-- (`*_raw`) and `extra` (src/store/schema.ts builds the table in that shape).
WITH c AS (
  SELECT kind, count(*) AS records,
         count(COLUMNS(c -> c NOT LIKE '%\_raw' ESCAPE '\' AND c NOT IN ('ticket_key', 'file_id', 'source_row', 'source_tool', 'source_table', 'extra', 'kind')))
  FROM ticket GROUP BY kind
  UNION ALL
  SELECT '*', count(*),
         count(COLUMNS(c -> c NOT LIKE '%\_raw' ESCAPE '\' AND c NOT IN ('ticket_key', 'file_id', 'source_row', 'source_tool', 'source_table', 'extra', 'kind')))
  FROM ticket
)
UNPIVOT c ON COLUMNS(* EXCLUDE (kind, records)) INTO NAME field VALUE filled
ORDER BY kind
