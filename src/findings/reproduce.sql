-- The reproduction query of each finding (its `query` field): SQL over the canonical tables a reader runs as it is,
-- in any DuckDB session, to see the figures the finding rests on; so plain SQL, without the frame or our macros.
-- The per-ticket rules are the frame's (frame.sql fx_ticket): `judged` the frame's judged condition, `end` the
-- time that stands for resolution (resolved_at, else closed_at), `horizon` the cap in hours.

-- name: duration
-- fx_ticket's dur_h: a reversed range and a closed ticket without the time unknown, an open one the horizon, the
-- rest capped at it (kpi's resolution_hours rule for a reversed range)
CASE WHEN {{end}} IS NULL THEN CASE WHEN status IN ('resolved', 'closed') THEN NULL ELSE {{horizon}} END WHEN {{end}} >= opened_at THEN least({{horizon}}, (epoch({{end}}) - epoch(opened_at)) / 3600) END

-- name: resolution_time
-- the median resolution time of the judged tickets
median({{duration}}) FILTER (WHERE {{judged}})

-- name: sla_attainment
-- SLA attainment of the judged tickets
avg(sla_met::INT) FILTER (WHERE {{judged}})

-- name: reopen_rate
-- reopen rate of the judged tickets that ended and carry reopen information (kpi's is_reopened / has_reopen_info)
avg((coalesce(reopen_count > 0, FALSE) OR reopened_at IS NOT NULL)::INT) FILTER (WHERE {{judged}} AND {{end}} IS NOT NULL AND (reopen_count IS NOT NULL OR reopened_at IS NOT NULL))

-- name: per_period
-- a trend's or a change point's series: the metric per week or month (`period` its expression, `unit` its name)
-- of the population (`filter`), with the tickets behind each value where `tickets` asks for them
SELECT {{period}} AS {{unit}}, {{metric}} AS {{name}}{{tickets}} FROM ticket WHERE {{filter}} GROUP BY 1 ORDER BY 1

-- name: outlier
-- an outlier's strata: per stratum, the member (or every member, unnamed) against the rest, tickets and median hours
SELECT {{strata}}, {{member}}, count(*) AS tickets, median({{duration}}) AS median_hours FROM ticket WHERE {{filter}} GROUP BY ALL ORDER BY ALL

-- name: imbalance
-- a group's tickets per assignee in the period, most first
SELECT assignee, count(*) AS tickets FROM ticket WHERE {{filter}} AND {{group}} AND assignee IS NOT NULL GROUP BY 1 ORDER BY 2 DESC

-- name: concentration
-- the member's tickets against the rest, per value of the field (or the value alone, named as a condition)
SELECT {{in_member}} AS in_member, {{value}}, count(*) AS tickets FROM ticket WHERE {{filter}} GROUP BY ALL ORDER BY ALL

-- name: recurring
-- a recurring-problem candidate's tickets, in the order they were opened (after itsm-lens clusters)
SELECT t.source_id, t.title, t.opened_at FROM ticket_cluster c JOIN ticket t USING (ticket_key) WHERE c.cluster_id = {{cluster}} ORDER BY t.opened_at  -- after itsm-lens clusters
