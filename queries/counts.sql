-- id: counts
-- title: Record counts
-- definition: tickets by kind, changes and problems opened in the period; assets as loaded (a snapshot, not period-bound)
-- variant: opened in the period; with no period, every loaded record (records without an opened time included)
-- unit: records
-- denominator: none (counts)
-- table: none
-- anchor: opened_at
SELECT
  (SELECT count(*) FROM ticket WHERE kind = 'incident' AND in_period(opened_at)) AS incidents,
  (SELECT count(*) FROM ticket WHERE kind = 'service_request' AND in_period(opened_at)) AS service_requests,
  (SELECT count(*) FROM ticket WHERE kind = 'interaction' AND in_period(opened_at)) AS interactions,
  (SELECT count(*) FROM ticket WHERE kind NOT IN ('incident', 'service_request', 'interaction') AND in_period(opened_at)) AS other,
  (SELECT count(*) FROM "change" WHERE in_period(opened_at)) AS changes,
  (SELECT count(*) FROM problem WHERE in_period(opened_at)) AS problems,
  (SELECT count(*) FROM asset) AS assets
