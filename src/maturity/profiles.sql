-- The macros the maturity profiles' statements use (src/maturity/profiles.yaml, planted by
-- src/maturity/profile.ts on a generated database): deterministic per-record draws and the quarter index.

-- name: draws
-- pu(k, salt): a uniform draw in [0, 1) from a record key and a salt (the same record, the same draw); pn(k, salt):
-- a standard normal draw from two uniform ones (Box–Muller)
CREATE OR REPLACE TEMP MACRO pu(k, salt) AS ((hash(k || '#' || salt) % 1000003)::DOUBLE / 1000003);
CREATE OR REPLACE TEMP MACRO pn(k, salt) AS (sqrt(-2 * ln(1 - pu(k, salt || 'a'))) * cos(2 * pi() * pu(k, salt || 'b')))

-- name: first_opened
-- the first opened time of the tickets: quarter 0 of q_idx
SELECT strftime(min(opened_at), '%Y-%m-%dT%H:%M:%SZ') AS t FROM ticket

-- name: quarter_index
-- q_idx(ts): the quarter of ts counted from the first ticket's quarter (`first` a TIMESTAMPTZ literal)
CREATE OR REPLACE TEMP MACRO q_idx(ts) AS (datediff('quarter', date_trunc('quarter', {{first}}), ts))
