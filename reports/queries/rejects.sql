-- id: report_rejects
-- title: Rows rejected at ingest
-- definition: rows read from the export files that were not loaded, by file and reason (the rejects table), largest first
-- variant: every ingest so far (rejects are not tied to a period)
-- unit: count
-- denominator: rows read from that file (source_file.rows_read)
-- table: none
-- anchor: none
SELECT regexp_extract(r.path, '[^/\\]+$') AS file, r.reason, count(*) AS rows, any_value(f.rows_read) AS rows_read
FROM rejects r LEFT JOIN source_file f USING (file_id)
GROUP BY ALL
ORDER BY rows DESC, file, reason
LIMIT 25
