-- The lines DuckDB's CSV reader rejected (src/ingest/ingest-file.ts), written to `rejects` with a reason a
-- reader can act on. `reason` / `raw_text` are the two columns as written (through the redactor when the
-- project redacts); `table` is the reader's rejects table; `offset` turns its line numbers into the file's.

-- name: insert
-- one row per rejected line: the error of its last column, and for a record an unterminated quote made swallow
-- the lines after it, which lines it runs over
INSERT INTO rejects SELECT file_id, path, line, {{reason}}, {{raw_text}} FROM (
        SELECT {{file_id}} AS file_id, {{path}} AS path, line + {{offset}} AS line,
          arg_max(lower(error_type) || ': ' || error_message, column_idx) ||
            CASE WHEN any_value(rtrim(csv_line, chr(10) || chr(13))) LIKE '%' || chr(10) || '%'
              THEN ' (this record runs from line ' || (line + {{offset}}) || ' to line ' ||
                   (line + {{offset}} + length(any_value(rtrim(csv_line, chr(10) || chr(13)))) - length(replace(any_value(rtrim(csv_line, chr(10) || chr(13))), chr(10), ''))) ||
                   ': a quote opened in it is never closed)'
              ELSE '' END
          AS reason, any_value(csv_line) AS raw_text FROM {{table}} GROUP BY line) ORDER BY line
