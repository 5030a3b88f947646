-- id: ticket-priority-matrix
-- severity: warn
-- table: ticket
-- description: priority differs from the one most tickets with the same impact and urgency get (the instance's own impact × urgency matrix, learned from the data per tool): set by hand, or before a matrix change
-- requires: impact, urgency
-- scope: impact IS NOT NULL AND urgency IS NOT NULL AND priority IS NOT NULL
WITH pairs AS (
  SELECT source_tool, impact, urgency, priority, count(*) AS n FROM ticket
  WHERE impact IS NOT NULL AND urgency IS NOT NULL AND priority IS NOT NULL GROUP BY ALL
), matrix AS (
  -- the most frequent priority of each pair; on a tie the more urgent one
  SELECT source_tool, impact, urgency, arg_max(priority, n * 100 - priority) AS expected FROM pairs GROUP BY ALL
)
SELECT t.ticket_key AS key, t.source_id AS id
FROM ticket t JOIN matrix m ON m.source_tool = t.source_tool AND m.impact = t.impact AND m.urgency = t.urgency
WHERE t.priority <> m.expected
