-- Scoring the clusters in ticket_cluster against planted ones (src/clusters/evaluate.ts, for the generator's
-- planted-cluster tests and the real-data cluster checks).

-- name: planted_cells
-- per planted cluster (`ref`) and the cluster each of its members was found in (a member in none is a cluster of
-- its own, '#<source id>'): how many members. `members` are (ref, source id) literal rows
SELECT v.ref, coalesce(c.cluster_id, '#' || v.sid) AS found, count(*)::INTEGER AS n
  FROM (VALUES {{members}}) v(ref, sid)
  LEFT JOIN ticket t ON t.source_id = v.sid LEFT JOIN ticket_cluster c USING (ticket_key)
 GROUP BY ALL
