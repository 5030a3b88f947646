-- The schema's steps (src/store/migrations.ts applies them in order, each in its own transaction, and says
-- the rule: a released step is never edited, a new one is added). Step 1 is schema-v1.sql, frozen as released.

-- name: meta
-- the database's own settings: schema_version, the redaction policy and salt
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)

-- name: v2
-- step 2: the canonical status after each update, so pauses (on hold) can be timed
ALTER TABLE ticket_event ADD COLUMN IF NOT EXISTS status VARCHAR

-- name: v3
-- step 3: how an xlsx, JSON or XES input was read
ALTER TABLE source_file ADD COLUMN IF NOT EXISTS source_format VARCHAR;
ALTER TABLE source_file ADD COLUMN IF NOT EXISTS sheet VARCHAR

-- name: v4
-- step 4: ingest --replace, and the same rows in another file
ALTER TABLE source_file ADD COLUMN IF NOT EXISTS replaced_at TIMESTAMPTZ;
ALTER TABLE source_file ADD COLUMN IF NOT EXISTS rows_hash VARCHAR

-- name: v5
-- step 5: header_style dropped, no release ever wrote it
ALTER TABLE source_file DROP COLUMN IF EXISTS header_style

-- name: v6
-- step 6: the tool's own major-incident mark, and every service a ticket affects (ticket.service holds the
-- first; a Statuspage incident names several components)
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS major_incident BOOLEAN;
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS major_incident_raw VARCHAR;
CREATE TABLE IF NOT EXISTS ticket_service (ticket_key VARCHAR, service VARCHAR, file_id VARCHAR, source_row BIGINT)

-- name: foreign
-- the tables of the file, and whether one is our meta: a DuckDB file of someone else's is not ours to change
SELECT count(*) AS tables, count(*) FILTER (WHERE table_name = 'meta') AS meta
    FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary

-- name: version
-- the schema version the database was built to
SELECT value FROM meta WHERE key = 'schema_version'

-- name: set_version
-- the schema version after a step ($v)
INSERT INTO meta VALUES ('schema_version', $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value
