-- id: asset-without-owner
-- severity: info
-- table: asset
-- description: asset in use with neither an owner nor an assignee
-- scope: status = 'in_use'
SELECT asset_key AS key, source_id AS id FROM asset WHERE status = 'in_use' AND owner IS NULL AND assigned_to IS NULL
