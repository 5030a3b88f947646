-- The report's appendix tables that are not metrics (src/report/extras.ts): the source files loaded and the
-- span of each canonical table.

-- name: sources
-- every file loaded, with what it held and when (the file name without its folder)
SELECT regexp_extract(path, '[^/\\]+$') AS file, path, tool, object_kind, source_format,
        round(confidence, 2) AS confidence, rows_read, rows_loaded, rows_rejected, records_inserted, records_updated,
        strftime(ingested_at, '%Y-%m-%d %H:%M') AS ingested_at
      FROM source_file ORDER BY ingested_at, path

-- name: coverage
-- records per canonical table and the opened span of each; tickets per kind, the most first ("193,610 tickets" of
-- HPSM were 147,004 interactions and 46,606 incidents, beside a tile counting incidents only)
SELECT "table", records, first, last FROM (
  SELECT 1 AS o, CASE kind WHEN 'incident' THEN 'incidents' WHEN 'service_request' THEN 'service requests'
                           WHEN 'interaction' THEN 'interactions' ELSE coalesce(kind, 'other') || ' tickets' END AS "table",
         count(*) AS records, strftime(min(opened_at), '%Y-%m-%d') AS first, strftime(max(opened_at), '%Y-%m-%d') AS last
  FROM ticket GROUP BY kind
  UNION ALL SELECT 2, 'changes', count(*), strftime(min(opened_at), '%Y-%m-%d'), strftime(max(opened_at), '%Y-%m-%d') FROM change
  UNION ALL SELECT 3, 'problems', count(*), strftime(min(opened_at), '%Y-%m-%d'), strftime(max(opened_at), '%Y-%m-%d') FROM problem
  UNION ALL SELECT 4, 'assets', count(*), NULL, NULL FROM asset
) ORDER BY o, records DESC, "table"
