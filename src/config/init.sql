-- What `init` reads to guess the project's calendar (src/config/init.ts): the zones the files were ingested with,
-- and when tickets were opened.

-- name: zones
-- the time zones the files were ingested with (--timezone), where one was named
SELECT DISTINCT timezone AS tz FROM source_file WHERE timezone IS NOT NULL

-- name: opened_hours
-- tickets per ISO weekday and hour they were opened at, in the zone `zone` (a literal: 'UTC' or the named zone)
SELECT isodow(timezone({{zone}}, opened_at))::INT AS dow, hour(timezone({{zone}}, opened_at))::INT AS h, count(*)::INT AS n
  FROM ticket WHERE opened_at IS NOT NULL GROUP BY ALL
