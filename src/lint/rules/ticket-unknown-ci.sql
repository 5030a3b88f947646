-- id: ticket-unknown-ci
-- severity: info
-- table: ticket
-- description: names a configuration item that is not in the loaded asset/CI list: a typo, a retired CI, or an incomplete CMDB export
-- requires: ci_name, asset.source_id
-- scope: ci_name IS NOT NULL
-- the asset's four identifiers are unpivoted into one key list, so this is a hash anti-join (an IN over four
-- columns inside NOT EXISTS plans as a nested loop: tickets × assets)
WITH known AS (
  SELECT DISTINCT lower(k) AS k FROM (
    SELECT name AS k FROM asset UNION ALL SELECT ci_name FROM asset UNION ALL SELECT source_id FROM asset UNION ALL SELECT asset_tag FROM asset)
  WHERE k IS NOT NULL)
SELECT t.ticket_key AS key, t.source_id AS id FROM ticket t
WHERE t.ci_name IS NOT NULL AND lower(t.ci_name) NOT IN (SELECT k FROM known)
