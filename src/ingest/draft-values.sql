-- draft-values: the most frequent values of each column of an export (up to 60 per column, most frequent
-- first, ties by value), for `itsm-lens map`'s sample values and vocabulary drafts. Reads draft_cells.
SELECT col, v, count(*) AS c
FROM draft_cells
GROUP BY col, v
QUALIFY row_number() OVER (PARTITION BY col ORDER BY count(*) DESC, v) <= 60
ORDER BY col, c DESC, v
