-- draft-profile: what `itsm-lens map` knows of each column of an export, from its values.
-- Reads draft_cells(col, name, v): one row per non-empty cell (v trimmed, null markers removed), and
-- draft_rows(n): the file's non-empty records. One row per column:
--   n          cells with a value;  distinct_n  distinct values;  unique  every record has its own value
--   avg_len, max_len   length of the values (text columns are long)
--   ints, nums         values that are whole numbers / numbers with a . or , decimal mark
--   datey              values shaped like a date (2016-02-29, 29/2/2016, 5-3-2016 12:00, 2016-02-29T01:16Z)
--   bools              values that are yes/no words (true, false, y, n, yes, no, 0, 1)
SELECT col, any_value(name) AS name, count(*) AS n, count(DISTINCT v) AS distinct_n,
       count(*) = (SELECT n FROM draft_rows) AND count(DISTINCT v) = count(*) AS "unique",
       avg(length(v)) AS avg_len, max(length(v)) AS max_len,
       count(*) FILTER (WHERE regexp_full_match(v, '-?[0-9]+')) AS ints,
       count(*) FILTER (WHERE regexp_full_match(v, '-?[0-9]+([.,][0-9]+)?')) AS nums,
       count(*) FILTER (WHERE regexp_matches(v, '^[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}([ T][0-9]{1,2}:[0-9]{2}.*)?$')) AS datey,
       count(*) FILTER (WHERE lower(v) IN ('true', 'false', 'y', 'n', 'yes', 'no', '0', '1', 't', 'f')) AS bools
FROM draft_cells
GROUP BY col
ORDER BY col
