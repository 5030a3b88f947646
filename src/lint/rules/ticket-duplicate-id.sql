-- id: ticket-duplicate-id
-- severity: warn
-- table: ticket
-- description: the same ticket id on several rows of one export (a snapshot lists each record once): the last row was loaded, the earlier ones are in rejects
SELECT DISTINCT t.ticket_key AS key, t.source_id AS id
FROM rejects r JOIN ticket t ON t.file_id = r.file_id AND r.reason LIKE 'duplicate id %'
 AND t.source_id = regexp_extract(r.reason, '^duplicate id (.*): superseded by line \d+$', 1)
