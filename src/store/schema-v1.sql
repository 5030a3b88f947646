-- Schema version 1 as released (commit 98f6ac4, "Foundation"), frozen: migration step 1 runs these statements.
-- A released step is never edited, so this file is never edited either: the canonical tables are written out
-- here as src/store/schema.ts declared them then, instead of being built from today's FIELDS (which would give
-- a new database columns that an old one only gets from a later step, and a later step nothing to add).
-- Every change since is a step of its own in migrations.ts. test/store/migrate-v1.test.ts opens a database the
-- v1 release wrote (test/store/v1-release.duckdb.gz) and checks it has exactly these tables and columns.

-- name: meta
-- settings of the database: schema_version, the redaction salt and policy
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

-- name: source_file
-- one row per file ingested: where it came from, how it was read, what it loaded
CREATE TABLE IF NOT EXISTS source_file (
        file_id VARCHAR PRIMARY KEY, path VARCHAR NOT NULL, size_bytes BIGINT,
        tool VARCHAR, tool_score DOUBLE, confidence DOUBLE, object_kind VARCHAR, source_table VARCHAR,
        header_style VARCHAR, mapping VARCHAR,
        delimiter VARCHAR, encoding VARCHAR, date_formats JSON, timezone VARCHAR,
        rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, empty_rows_skipped BIGINT,
        records_inserted BIGINT, records_updated BIGINT, unmapped_columns JSON,
        ingested_at TIMESTAMPTZ);

-- name: rejects
-- rows of a file that were not loaded, with the reason
CREATE TABLE IF NOT EXISTS rejects (file_id VARCHAR, path VARCHAR, line BIGINT, reason VARCHAR, raw_text VARCHAR);

-- name: ticket
-- incidents, requests, interactions: the canonical ticket of schema v1
CREATE TABLE IF NOT EXISTS "ticket" (
  ticket_key VARCHAR NOT NULL,
  file_id VARCHAR,
  source_row BIGINT,
  source_tool VARCHAR,
  source_table VARCHAR,
  source_id VARCHAR,
  kind VARCHAR,
  kind_raw VARCHAR,
  title VARCHAR,
  description VARCHAR,
  status VARCHAR,
  status_raw VARCHAR,
  priority INTEGER,
  priority_raw VARCHAR,
  impact INTEGER,
  impact_raw VARCHAR,
  urgency INTEGER,
  urgency_raw VARCHAR,
  category VARCHAR,
  subcategory VARCHAR,
  symptom VARCHAR,
  service VARCHAR,
  ci_name VARCHAR,
  ci_type VARCHAR,
  assignment_group VARCHAR,
  assignee VARCHAR,
  requester VARCHAR,
  opened_by VARCHAR,
  location VARCHAR,
  channel VARCHAR,
  channel_raw VARCHAR,
  opened_at TIMESTAMPTZ,
  opened_at_raw VARCHAR,
  first_assigned_at TIMESTAMPTZ,
  first_response_at TIMESTAMPTZ,
  first_response_at_raw VARCHAR,
  resolved_at TIMESTAMPTZ,
  resolved_at_raw VARCHAR,
  closed_at TIMESTAMPTZ,
  closed_at_raw VARCHAR,
  reopened_at TIMESTAMPTZ,
  reopened_at_raw VARCHAR,
  updated_at TIMESTAMPTZ,
  updated_at_raw VARCHAR,
  due_at TIMESTAMPTZ,
  due_at_raw VARCHAR,
  sla_met BOOLEAN,
  sla_met_raw VARCHAR,
  first_contact_resolved BOOLEAN,
  first_contact_resolved_raw VARCHAR,
  reopen_count INTEGER,
  reassignment_count INTEGER,
  handle_time_hours DOUBLE,
  resolution_code VARCHAR,
  problem_ref VARCHAR,
  change_ref VARCHAR,
  caused_by_change_ref VARCHAR,
  related_ticket_ref VARCHAR,
  knowledge_ref VARCHAR,
  resolved_by VARCHAR,
  csat_score DOUBLE,
  csat_score_raw VARCHAR,
  extra JSON
);

-- name: change
-- changes: the canonical change of schema v1
CREATE TABLE IF NOT EXISTS "change" (
  change_key VARCHAR NOT NULL,
  file_id VARCHAR,
  source_row BIGINT,
  source_tool VARCHAR,
  source_table VARCHAR,
  source_id VARCHAR,
  title VARCHAR,
  change_type VARCHAR,
  change_type_raw VARCHAR,
  status VARCHAR,
  status_raw VARCHAR,
  risk INTEGER,
  risk_raw VARCHAR,
  priority INTEGER,
  priority_raw VARCHAR,
  emergency BOOLEAN,
  emergency_raw VARCHAR,
  cab_required BOOLEAN,
  cab_required_raw VARCHAR,
  approval VARCHAR,
  approval_raw VARCHAR,
  outcome VARCHAR,
  outcome_raw VARCHAR,
  category VARCHAR,
  ci_name VARCHAR,
  ci_type VARCHAR,
  service VARCHAR,
  assignment_group VARCHAR,
  assignee VARCHAR,
  requested_by VARCHAR,
  origin VARCHAR,
  opened_at TIMESTAMPTZ,
  opened_at_raw VARCHAR,
  closed_at TIMESTAMPTZ,
  closed_at_raw VARCHAR,
  planned_start TIMESTAMPTZ,
  planned_start_raw VARCHAR,
  planned_end TIMESTAMPTZ,
  planned_end_raw VARCHAR,
  actual_start TIMESTAMPTZ,
  actual_start_raw VARCHAR,
  actual_end TIMESTAMPTZ,
  actual_end_raw VARCHAR,
  extra JSON
);

-- name: problem
-- problems: the canonical problem of schema v1
CREATE TABLE IF NOT EXISTS "problem" (
  problem_key VARCHAR NOT NULL,
  file_id VARCHAR,
  source_row BIGINT,
  source_tool VARCHAR,
  source_table VARCHAR,
  source_id VARCHAR,
  title VARCHAR,
  status VARCHAR,
  status_raw VARCHAR,
  priority INTEGER,
  priority_raw VARCHAR,
  known_error BOOLEAN,
  known_error_raw VARCHAR,
  category VARCHAR,
  ci_name VARCHAR,
  service VARCHAR,
  assignment_group VARCHAR,
  assignee VARCHAR,
  root_cause VARCHAR,
  workaround VARCHAR,
  change_ref VARCHAR,
  opened_at TIMESTAMPTZ,
  opened_at_raw VARCHAR,
  resolved_at TIMESTAMPTZ,
  resolved_at_raw VARCHAR,
  closed_at TIMESTAMPTZ,
  closed_at_raw VARCHAR,
  extra JSON
);

-- name: asset
-- CIs and assets: the canonical asset of schema v1
CREATE TABLE IF NOT EXISTS "asset" (
  asset_key VARCHAR NOT NULL,
  file_id VARCHAR,
  source_row BIGINT,
  source_tool VARCHAR,
  source_table VARCHAR,
  source_id VARCHAR,
  name VARCHAR,
  asset_tag VARCHAR,
  serial_number VARCHAR,
  class VARCHAR,
  class_raw VARCHAR,
  status VARCHAR,
  status_raw VARCHAR,
  model_category VARCHAR,
  model VARCHAR,
  manufacturer VARCHAR,
  owner VARCHAR,
  assigned_to VARCHAR,
  support_group VARCHAR,
  location VARCHAR,
  department VARCHAR,
  ci_name VARCHAR,
  cost DOUBLE,
  purchase_date DATE,
  purchase_date_raw VARCHAR,
  warranty_end DATE,
  warranty_end_raw VARCHAR,
  install_date DATE,
  install_date_raw VARCHAR,
  updated_at TIMESTAMPTZ,
  updated_at_raw VARCHAR,
  extra JSON
);

-- name: change_ci
-- the CIs a change affects (one row per change and CI)
CREATE TABLE IF NOT EXISTS change_ci (change_key VARCHAR, ci_name VARCHAR, ci_type VARCHAR, ci_subtype VARCHAR,
        service VARCHAR, file_id VARCHAR, source_row BIGINT);

-- name: ticket_event
-- one row per update or activity of a ticket (event logs, XES)
CREATE TABLE IF NOT EXISTS ticket_event (event_key VARCHAR, record_key VARCHAR, record_kind VARCHAR,
        file_id VARCHAR, source_row BIGINT, event_time TIMESTAMPTZ, seq BIGINT, actor VARCHAR,
        event_type VARCHAR, field VARCHAR, old_value VARCHAR, new_value VARCHAR, extra JSON);
