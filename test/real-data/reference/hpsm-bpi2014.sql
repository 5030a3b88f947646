-- Reference figures for ../shared/data/hpsm-bpi2014 (BPI Challenge 2014, HP Service Manager), computed straight
-- from the raw files with plain DuckDB SQL: no adapter, no mapping, no ingest of itsm-lens. Definitions as in
-- ../shared/data/README.md. The files are ';'-separated latin-1 with CRLF; incident times are dd/mm/yyyy HH:MM:SS.
-- Run from the repository root:  duckdb < test/real-data/reference/hpsm-bpi2014.sql
-- (test/real-data/reference.test.ts runs it on every real-data run and compares with the figures the suite pins).
-- Output: one row per figure (figure, value).
CREATE OR REPLACE TEMP TABLE raw_incident AS
SELECT * FROM read_csv('../shared/data/hpsm-bpi2014/Detail Incident.csv.gz', delim = ';', header = true,
                       all_varchar = true, encoding = 'latin-1', null_padding = true);
-- 203 rows of the file have every field blank: they are no incident.
CREATE OR REPLACE TEMP TABLE inc AS
SELECT *, strptime("Open Time", '%d/%m/%Y %H:%M:%S') AS opened,
          strptime("Resolved Time", '%d/%m/%Y %H:%M:%S') AS resolved,
          strptime("Close Time", '%d/%m/%Y %H:%M:%S') AS closed
FROM raw_incident WHERE "Incident ID" IS NOT NULL;
CREATE OR REPLACE TEMP TABLE res AS
SELECT (epoch(resolved) - epoch(opened)) / 3600.0 AS hours FROM inc WHERE resolved IS NOT NULL;
CREATE OR REPLACE TEMP TABLE interaction AS
SELECT * FROM read_csv('../shared/data/hpsm-bpi2014/Detail Interaction.csv.gz', delim = ';', header = true,
                       all_varchar = true, encoding = 'latin-1');
-- One row per change × affected CI.
CREATE OR REPLACE TEMP TABLE chg AS
SELECT * FROM read_csv('../shared/data/hpsm-bpi2014/Detail Change.csv.gz', delim = ';', header = true,
                       all_varchar = true, encoding = 'latin-1');

SELECT 'incident_lines' AS figure, count(*)::DOUBLE AS value FROM raw_incident
UNION ALL SELECT 'incidents', count(*) FROM inc
UNION ALL SELECT 'resolved', count(*) FROM res
UNION ALL SELECT 'mttr_median_hours', round(quantile_cont(hours, 0.5), 2) FROM res
UNION ALL SELECT 'mttr_mean_hours', round(avg(hours), 2) FROM res
UNION ALL SELECT 'never_reassigned_pct', round(100 * avg(("# Reassignments"::INT = 0)::INT), 2) FROM inc
UNION ALL SELECT 'reopened', count("Reopen Time") FROM inc
UNION ALL SELECT 'km_numbers', count(DISTINCT "KM number") FROM inc
UNION ALL SELECT 'with_change', count("Related Change") FROM inc
-- maturity evidence: incidents with a specific category (not blank, not the generic 'incident' or 'other')
UNION ALL SELECT 'categorised_pct', round(100 * avg((lower(coalesce("Category", '')) NOT IN ('', 'incident', 'other'))::INT), 1) FROM inc
UNION ALL SELECT 'priority_' || "Priority", count(*) FROM inc GROUP BY "Priority"
-- availability in Feb 2014: the services (Service Component WBS) named by an incident open at some time in the
-- month (opened before 1 Mar, not resolved or closed before 1 Feb), and those of them with a priority-1 incident
-- (the default major-incident rule: the export marks none)
UNION ALL SELECT 'feb2014_services_named', count(DISTINCT "Service Component WBS (aff)") FROM inc
  WHERE opened < TIMESTAMP '2014-03-01' AND coalesce(resolved, closed, TIMESTAMP '9999-01-01') >= TIMESTAMP '2014-02-01'
UNION ALL SELECT 'feb2014_services_down', count(DISTINCT "Service Component WBS (aff)") FROM inc
  WHERE "Priority" = '1' AND opened < TIMESTAMP '2014-03-01' AND coalesce(resolved, closed, TIMESTAMP '9999-01-01') >= TIMESTAMP '2014-02-01'
-- the longest-down service's minutes in Feb 2014 (40,320 min): each priority-1 incident clipped to the month
-- (the three are on three different services, so no overlap to merge), the largest sum per service; and the
-- configuration items (CI Name (aff)) with a priority-1 incident then
UNION ALL SELECT 'feb2014_worst_down_minutes', round(max(m), 2) FROM (
  SELECT "Service Component WBS (aff)", sum(epoch(least(coalesce(resolved, closed, TIMESTAMP '2014-03-01'), TIMESTAMP '2014-03-01'))
                                             - epoch(greatest(opened, TIMESTAMP '2014-02-01'))) / 60 AS m
    FROM inc WHERE "Priority" = '1' AND opened < TIMESTAMP '2014-03-01' AND coalesce(resolved, closed, TIMESTAMP '9999-01-01') > TIMESTAMP '2014-02-01'
   GROUP BY 1)
UNION ALL SELECT 'feb2014_cis_down', count(DISTINCT "CI Name (aff)") FROM inc
  WHERE "Priority" = '1' AND opened < TIMESTAMP '2014-03-01' AND coalesce(resolved, closed, TIMESTAMP '9999-01-01') > TIMESTAMP '2014-02-01'
UNION ALL SELECT 'first_opened_yyyymmdd', strftime(min(opened), '%Y%m%d')::INT FROM inc
UNION ALL SELECT 'last_opened_yyyymmdd', strftime(max(opened), '%Y%m%d')::INT FROM inc
UNION ALL SELECT 'interactions', count(*) FROM interaction
UNION ALL SELECT 'fcr_flag_pct', round(100 * avg(("First Call Resolution" = 'Y')::INT), 2) FROM interaction
UNION ALL SELECT 'change_rows', count(*) FROM chg
UNION ALL SELECT 'changes', count(DISTINCT "Change ID") FROM chg
UNION ALL SELECT 'emergency_changes', count(DISTINCT "Change ID") FILTER (WHERE "Emergency Change" = 'Y') FROM chg
UNION ALL SELECT 'cab_changes', count(DISTINCT "Change ID") FILTER (WHERE "CAB-approval needed" = 'Y') FROM chg
-- lint change-ended-after-closed: actual end or start more than a day after the close (d-m-yyyy H:MM)
UNION ALL SELECT 'changes_ended_after_closed', count(DISTINCT "Change ID") FROM chg
  WHERE greatest(strptime("Actual End", '%d-%m-%Y %H:%M'), strptime("Actual Start", '%d-%m-%Y %H:%M'))
        > strptime("Change record Close Time", '%d-%m-%Y %H:%M') + INTERVAL 1 DAY
ORDER BY figure;
