-- Reference figures for ../shared/data/servicenow-uci, computed straight from the raw file with plain DuckDB SQL.
-- Independent of itsm-lens: no adapter, no mapping, no ingest; only the file and the definitions in
-- ../shared/data/README.md and queries/*.sql headers, re-derived here by reading the columns by their names.
-- Run from the repository root:  duckdb < test/real-data/reference/servicenow-uci.sql
-- (test/real-data/reference.test.ts runs it on every real-data run and compares with the figures the suite pins).
-- Output: one row per figure (figure, value).
CREATE OR REPLACE TEMP TABLE ev AS
SELECT row_number() OVER () AS line, *,
       strptime(nullif(opened_at, '?'), '%d/%m/%Y %H:%M') AS opened,
       strptime(nullif(resolved_at, '?'), '%d/%m/%Y %H:%M') AS resolved,
       strptime(sys_updated_at, '%d/%m/%Y %H:%M') AS updated,
       nullif(assignment_group, '?') AS grp
FROM read_csv('../shared/data/servicenow-uci/incident_event_log.csv.gz', all_varchar = true, header = true);

-- An incident's latest state: its row with the highest sys_mod_count (ties: the latest sys_updated_at, then the
-- later line of the file).
CREATE OR REPLACE TEMP TABLE inc AS
SELECT * FROM ev
QUALIFY row_number() OVER (PARTITION BY number ORDER BY sys_mod_count::INT DESC, updated DESC, line DESC) = 1;

CREATE OR REPLACE TEMP TABLE res AS
SELECT *, (epoch(resolved) - epoch(opened)) / 3600.0 AS hours FROM inc WHERE resolved IS NOT NULL;

-- The history in order (sys_mod_count, then time, then line): a state holds from its row's update until the next
-- row's update, or until resolution; it counts only between opened and resolved. The four "Awaiting …" states
-- of the file are ServiceNow's pending (on-hold) states.
CREATE OR REPLACE TEMP TABLE span AS
SELECT number, incident_state, updated AS span_start,
       lead(updated) OVER (PARTITION BY number ORDER BY sys_mod_count::INT, updated, line) AS span_end
FROM ev;
CREATE OR REPLACE TEMP TABLE hold AS
SELECT r.number, r.hours,
       sum(CASE WHEN s.incident_state LIKE 'Awaiting %'
                THEN greatest(0, epoch(least(coalesce(s.span_end, r.resolved), r.resolved)) - epoch(greatest(s.span_start, r.opened)))
                ELSE 0 END) / 3600.0 AS hold_hours
FROM res r JOIN span s USING (number)
GROUP BY ALL;

-- The first assignment group an incident had: the first non-empty group in its history's order.
CREATE OR REPLACE TEMP TABLE first_group AS
SELECT number, arg_min(grp, (sys_mod_count::INT, updated, line)) AS first_grp FROM ev WHERE grp IS NOT NULL GROUP BY number;

SELECT 'incidents' AS figure, count(*)::DOUBLE AS value FROM inc
UNION ALL SELECT 'events', count(*) FROM ev
UNION ALL SELECT 'sla_met', count(*) FILTER (WHERE made_sla = 'true') FROM inc
UNION ALL SELECT 'resolved', count(*) FROM res
UNION ALL SELECT 'mttr_median_hours', round(quantile_cont(hours, 0.5), 1) FROM res
UNION ALL SELECT 'mttr_mean_hours', round(avg(hours), 1) FROM res
UNION ALL SELECT 'reopened', count(*) FILTER (WHERE reopen_count::INT > 0) FROM inc
UNION ALL SELECT 'reopened_resolved', count(*) FILTER (WHERE reopen_count::INT > 0) FROM res
UNION ALL SELECT 'never_reassigned_pct', round(100 * avg((reassignment_count::INT = 0)::INT), 2) FROM inc
UNION ALL SELECT 'with_problem', count(*) FILTER (WHERE problem_id <> '?') FROM inc
UNION ALL SELECT 'problems', count(DISTINCT problem_id) FILTER (WHERE problem_id <> '?') FROM inc
UNION ALL SELECT 'with_rfc', count(*) FILTER (WHERE rfc <> '?') FROM inc
UNION ALL SELECT 'resolved_by_first_group', count(*) FILTER (WHERE f.first_grp IS NULL OR f.first_grp = r.grp)
  FROM res r LEFT JOIN first_group f USING (number)
UNION ALL SELECT 'fcr_first_group', round(count(*) FILTER (WHERE f.first_grp IS NULL OR f.first_grp = r.grp) / count(*), 6)
  FROM res r LEFT JOIN first_group f USING (number)
UNION ALL SELECT 'hold_share_with_hold', round(count(*) FILTER (WHERE hold_hours > 0) / count(*), 6) FROM hold
UNION ALL SELECT 'hold_mean_hours', round(avg(hold_hours), 4) FROM hold
UNION ALL SELECT 'net_of_hold_median_hours', round(quantile_cont(hours - hold_hours, 0.5), 1) FROM hold
UNION ALL SELECT 'net_of_hold_mean_hours', round(avg(hours - hold_hours), 4) FROM hold
-- maturity evidence: resolved incidents with an assignment group; resolved incidents citing a knowledge article
-- (the export's `knowledge` column is a true/false flag)
UNION ALL SELECT 'resolved_with_group_pct', round(100 * avg((grp IS NOT NULL)::INT), 1) FROM res
UNION ALL SELECT 'knowledge_linked_pct', round(100 * avg((knowledge = 'true')::INT), 1) FROM res
UNION ALL SELECT 'sla_pct_p' || left(priority, 1) || '_n', count(*) FROM inc GROUP BY priority
UNION ALL SELECT 'sla_pct_p' || left(priority, 1), round(100 * avg((made_sla = 'true')::INT), 2) FROM inc GROUP BY priority
UNION ALL SELECT 'first_opened_yyyymmdd', strftime(min(opened), '%Y%m%d')::INT FROM inc
UNION ALL SELECT 'last_opened_yyyymmdd', strftime(max(opened), '%Y%m%d')::INT FROM inc
ORDER BY figure;
