-- clusters: recurring-problem clusters of incidents, set-based (no all-pairs comparison). The stages, in the
-- order src/clusters/cluster.ts runs them (it holds the method in words, the label propagation loop and the
-- problem-candidate test):
--   cl_t       one row per incident in scope: masked text (tpl), node key (its tokens, or its structured signature),
--              the fields of its block and of the summaries
--   cl_kb/cl_k distinct node keys and key × block counts (everything after works on keys, not tickets)
--   cl_vocab, cl_fix, cl_k_fixed   typos one edit from a 5× more frequent word, corrected (SymSpell deletions)
--   cl_node    the nodes (corrected keys) and cl_knode the key → node map
--   cl_post, cl_rare, cl_cand      token postings, rare tokens, candidate node pairs sharing one
--   cl_idf, cl_nw, cl_text         IDF weights, node weights, text edges (IDF-weighted Jaccard ≥ {{jaccard}})
--   cl_slot    template edges: templates of ≥ 6 words equal but for one position, when ≥ 3 share the shape
--   cl_blk, cl_nb, cl_anchor, cl_star   block edges: a term specific to a structured block joins its star
--   cl_edge    all edges, both directions; cl_lab / cl_lab_step   connected components by label propagation
--   cl_tl      each key's node and label; cl_ids, cl_why   the clusters' ids and labels, why each node is in its cluster
--   ticket_cluster   each ticket's cluster, why it is there, its template
--   summaries  one row per cluster; link_rate   the share of incidents naming a problem
--   export_fields   whether the loaded incidents carry a problem link and an assignment group at all
-- Macros: cl_filled(x) a non-blank value; cl_tokens(tpl) sorted distinct non-stopword tokens of ≥ 2 characters;
-- cl_mask(x) and cl_gist(x) the masking and e-mail gist expressions generated from the rules in mask.ts.

-- Ties (equal counts, weights or times) are broken by value, so that a run repeats the last one exactly.

-- name: macros
CREATE OR REPLACE TEMP MACRO cl_filled(x) AS (x IS NOT NULL AND trim(x) <> '');
-- stopwords are cut out by one regular expression over the text (a DFA), far cheaper than a list lookup per word
CREATE OR REPLACE TEMP MACRO cl_tokens(tpl) AS
  list_sort(list_distinct(list_filter(string_split(trim(regexp_replace(' ' || replace(tpl, ' ', '  ') || ' ', {{stop_re}}, ' ', 'g')), ' '), x -> length(x) >= 2)));
CREATE OR REPLACE TEMP MACRO cl_mask(x) AS {{mask}};
CREATE OR REPLACE TEMP MACRO cl_gist(x) AS {{gist}};

-- name: cl_t
-- one pass over the tickets: masked text (tpl), node key (tkey) and the fields later stages read, no more (every
-- column here is written for each incident in scope: the tokens are read back from the key, the block is made
-- from its four fields per group in cl_kb, the signature only for the tickets it keys)
CREATE OR REPLACE TEMP TABLE cl_t AS
-- base is read once for the join below and the distinct titles in a scan of their own (a CTE read twice is
-- materialised: all its columns copied for 1M tickets)
WITH base AS NOT MATERIALIZED (
  SELECT rowid AS rid, ticket_key, source_id, category, subcategory, assignment_group, service, ci_name, symptom, problem_ref, opened_at, resolved_at, title
  FROM ticket WHERE (kind = 'incident' OR kind IS NULL) AND ({{since}} IS NULL OR opened_at >= {{since}})
    AND ({{until}} IS NULL OR opened_at < {{until}})),
-- titles repeat (80,732 distinct among 1M generated incidents): masked, tokenised and keyed once each
masked AS (
  SELECT title, tpl0, len(toks0) >= 2 AS says, CASE WHEN len(toks0) > 0 THEN 'T:' || array_to_string(toks0, ' ') END AS tkey0
  FROM (SELECT title, tpl0, cl_tokens(tpl0) AS toks0 FROM (SELECT title, cl_mask(title) AS tpl0 FROM (SELECT DISTINCT title FROM base)))),
-- a title of fewer than two words says too little: the gist of the description is added; the descriptions are read
-- for those tickets only (joined by rowid: ticket_key is not declared unique)
descr AS (
  SELECT t.rowid AS rid, t.description FROM ticket t SEMI JOIN (SELECT title FROM masked WHERE NOT says) s ON s.title IS NOT DISTINCT FROM t.title
  WHERE (kind = 'incident' OR kind IS NULL) AND ({{since}} IS NULL OR opened_at >= {{since}}) AND ({{until}} IS NULL OR opened_at < {{until}})
    AND cl_filled(description)),
a AS (
  SELECT b.* EXCLUDE (rid, title), CASE WHEN d.rid IS NULL THEN k.tpl0 ELSE trim(k.tpl0 || ' ' || cl_mask(cl_gist(d.description))) END AS tpl,
    CASE WHEN d.rid IS NULL THEN k.tkey0 END AS tkey0, d.rid IS NOT NULL AS gist
  FROM base b JOIN masked k ON k.title IS NOT DISTINCT FROM b.title LEFT JOIN descr d ON d.rid = b.rid),
b AS (SELECT * EXCLUDE (tkey0, gist), CASE WHEN gist THEN nullif('T:' || array_to_string(cl_tokens(tpl), ' '), 'T:') ELSE tkey0 END AS tkey1 FROM a)
SELECT * EXCLUDE (tkey1, ci_name, symptom), ci_name,
  -- no words at all: the structured signature is the key, or the ticket stands alone
  CASE WHEN tkey1 IS NOT NULL THEN tkey1
       WHEN cl_filled(service) OR cl_filled(ci_name) OR cl_filled(category) OR cl_filled(subcategory) OR cl_filled(symptom)
       THEN 'S:' || concat_ws(' ', 'service=' || nullif(trim(service), ''), 'ci=' || nullif(trim(ci_name), ''), 'category=' || nullif(trim(category), ''),
              'subcategory=' || nullif(trim(subcategory), ''), 'symptom=' || nullif(trim(symptom), ''))
       ELSE '#' || ticket_key END AS tkey
FROM b;

-- name: cl_kb
-- tickets per key and structured block; a block needs two filled fields: one (an assignment group alone) is too
-- coarse to say two tickets are one problem
CREATE OR REPLACE TEMP TABLE cl_kb AS
SELECT tkey, CASE WHEN cl_filled(category)::INT + cl_filled(subcategory)::INT + cl_filled(assignment_group)::INT + cl_filled(service)::INT >= 2
         THEN concat_ws(' | ', coalesce(category, ''), coalesce(subcategory, ''), coalesce(assignment_group, ''), coalesce(service, '')) END AS blk,
  sum(k)::BIGINT AS k
FROM (SELECT tkey, category, subcategory, assignment_group, service, count(*) AS k FROM cl_t GROUP BY ALL) GROUP BY ALL;

-- name: cl_k
-- a key's template is its most frequent one (ties: the first in text order, so that a run repeats the last); its
-- tokens are the key's words (a key without words, 'S:' or '#', has none)
CREATE OR REPLACE TEMP TABLE cl_k AS
SELECT tkey, CASE WHEN tkey LIKE 'T:%' THEN string_split(substr(tkey, 3), ' ') ELSE []::VARCHAR[] END AS toks, arg_max(tpl, (c, -rank)) AS tpl, sum(c) AS n
FROM (SELECT tkey, tpl, count(*) AS c, dense_rank() OVER (PARTITION BY tkey ORDER BY tpl) AS rank FROM cl_t GROUP BY tkey, tpl)
GROUP BY tkey;

-- name: cl_vocab
-- Typos: a rare word one edit (Damerau) away from a word at least 5× as frequent with the same first letter is
-- read as that word ("outlok" → "outlook", "dsik" → "disk"). Candidates come from shared one-character
-- deletions (SymSpell), so the vocabulary is never compared all-pairs.
CREATE OR REPLACE TEMP TABLE cl_vocab AS
SELECT tok, sum(n) AS df FROM (SELECT unnest(toks) AS tok, n FROM cl_k) WHERE tok NOT LIKE '<%' AND length(tok) >= 3 GROUP BY tok;

-- name: cl_fix
CREATE OR REPLACE TEMP TABLE cl_fix AS
WITH d AS (
  SELECT tok, df, tok AS del FROM cl_vocab
  UNION ALL SELECT tok, df, tok[1:i - 1] || tok[i + 1:] FROM (SELECT tok, df, unnest(range(1, length(tok) + 1)) AS i FROM cl_vocab))
SELECT r.tok, arg_max(f.tok, (f.df, f.tok)) AS fixed
FROM d r JOIN d f ON f.del = r.del AND f.tok <> r.tok
WHERE length(r.tok) >= 4 AND f.df >= greatest(3, 5 * r.df) AND r.tok[1] = f.tok[1] AND damerau_levenshtein(r.tok, f.tok) = 1
GROUP BY r.tok;

-- name: cl_k_fixed
-- cl_k with the corrected tokens and their key (ckey)
CREATE OR REPLACE TEMP TABLE cl_k AS
WITH u AS (SELECT tkey, unnest(toks) AS tok FROM cl_k WHERE len(list_intersect(toks, (SELECT coalesce(list(tok), []) FROM cl_fix))) > 0),
c AS (SELECT u.tkey, list_sort(list_distinct(list(coalesce(f.fixed, u.tok)))) AS toks FROM u LEFT JOIN cl_fix f USING (tok) GROUP BY u.tkey)
SELECT k.* REPLACE (coalesce(c.toks, k.toks) AS toks), CASE WHEN c.tkey IS NULL THEN k.tkey ELSE 'T:' || array_to_string(c.toks, ' ') END AS ckey
FROM cl_k k LEFT JOIN c USING (tkey);

-- name: cl_node
CREATE OR REPLACE TEMP TABLE cl_node AS
SELECT row_number() OVER (ORDER BY ckey) AS nid, ckey AS tkey, any_value(toks) AS toks,
  CASE WHEN ckey LIKE 'S:%' THEN substr(ckey, 3) ELSE arg_max(tpl, (n, tkey)) END AS tpl, sum(n) AS n
FROM cl_k GROUP BY ckey;

-- name: cl_knode
CREATE OR REPLACE TEMP TABLE cl_knode AS SELECT k.tkey, n.nid FROM cl_k k JOIN cl_node n ON n.tkey = k.ckey;

-- name: node_counts
SELECT count(*) AS nodes, coalesce(sum(n), 0) AS total FROM cl_node;

-- name: cl_post
CREATE OR REPLACE TEMP TABLE cl_post AS SELECT nid, n, unnest(toks) AS tok FROM cl_node;

-- name: cl_rare
-- a token shared by more than max_df nodes is not "rare": it makes no candidate pairs (keeps the work near-linear)
CREATE OR REPLACE TEMP TABLE cl_rare AS
SELECT p.nid, p.tok FROM cl_post p JOIN (SELECT tok FROM cl_post GROUP BY tok HAVING count(*) BETWEEN 2 AND {{max_df}}) USING (tok)
WHERE tok NOT LIKE '<%';

-- name: cl_cand
CREATE OR REPLACE TEMP TABLE cl_cand AS
SELECT DISTINCT a.nid AS a, b.nid AS b FROM cl_rare a JOIN cl_rare b ON a.tok = b.tok AND a.nid < b.nid;

-- name: cl_idf
-- IDF-weighted Jaccard: generic words (issue, unable, login) weigh little, distinctive ones (vpn, outlook) much,
-- so short titles that share only generic words do not chain unrelated families together
CREATE OR REPLACE TEMP TABLE cl_idf AS SELECT tok, ln({{total}} / sum(n)) AS w FROM cl_post GROUP BY tok;

-- name: cl_nw
CREATE OR REPLACE TEMP TABLE cl_nw AS SELECT p.nid, sum(i.w) AS w FROM cl_post p JOIN cl_idf i USING (tok) GROUP BY p.nid;

-- name: cl_text
CREATE OR REPLACE TEMP TABLE cl_text AS
-- the tokens a pair shares, from the postings (a join, cheaper than intersecting the two lists of each pair)
WITH s AS (SELECT c.a, c.b, pa.tok FROM cl_cand c JOIN cl_post pa ON pa.nid = c.a JOIN cl_post pb ON pb.nid = c.b AND pb.tok = pa.tok),
i AS (SELECT a, b, sum(w) AS wi FROM s JOIN cl_idf USING (tok) GROUP BY a, b)
SELECT i.a, i.b, i.wi / (wa.w + wb.w - i.wi) AS jac
FROM i JOIN cl_nw wa ON wa.nid = i.a JOIN cl_nw wb ON wb.nid = i.b
WHERE i.wi >= {{jaccard}} * (wa.w + wb.w - i.wi);

-- name: cl_slot
-- template edges (Drain's idea): templates of ≥ 6 words that are equal but for one position form one template with a
-- variable slot when ≥ 3 of them do ("job bwhrattr failed in job_scheduler at <date> <time>", "job oemcold failed …")
-- Text templates only: a structured signature ("category=… subcategory=… symptom=…") is an exact key, and
-- letting one of its fields vary chained the ServiceNow log's signatures into one component of 72 % of incidents.
CREATE OR REPLACE TEMP TABLE cl_slot AS
WITH s AS (SELECT nid, string_split(tpl, ' ') AS seq FROM cl_node WHERE tkey LIKE 'T:%' AND len(string_split(tpl, ' ')) >= 6),
v AS (SELECT nid, array_to_string(list_concat(seq[1:i - 1], ['*'], seq[i + 1:]), ' ') AS v
      FROM (SELECT nid, seq, unnest(range(1, len(seq) + 1)) AS i FROM s)),
k AS (SELECT v, count(DISTINCT nid) AS k FROM v GROUP BY v)
SELECT v.nid AS a, min(v.nid) OVER (PARTITION BY v.v) AS b, v.v FROM v JOIN k USING (v) WHERE k.k >= 3;

-- name: cl_blk
-- block edges: node → its dominant block (≥ 60 % of its tickets), anchors per block, star per block
CREATE OR REPLACE TEMP TABLE cl_blk AS
SELECT blk, sum(k) / {{total}} AS share FROM cl_kb WHERE blk IS NOT NULL GROUP BY blk;

-- name: cl_nb
CREATE OR REPLACE TEMP TABLE cl_nb AS
WITH c AS (SELECT kn.nid, kb.blk, sum(kb.k) AS k, sum(sum(kb.k)) OVER (PARTITION BY kn.nid) AS n
           FROM cl_kb kb JOIN cl_knode kn USING (tkey) GROUP BY kn.nid, kb.blk)
SELECT nid, arg_max(blk, (k, blk)) AS blk, max(k / n) AS conc FROM c GROUP BY nid;

-- name: cl_anchor
-- a token is an anchor of a block when ≥ 3 of its tickets and ≥ 60 % of them sit in it, and the block holds
-- ≤ 1/10 of that share of all tickets (lift ≥ 10: a big catch-all block has no anchors)
CREATE OR REPLACE TEMP TABLE cl_anchor AS
WITH tb AS (SELECT kb.blk, kb.k, unnest(n.toks) AS tok FROM cl_kb kb JOIN cl_knode kn USING (tkey) JOIN cl_node n USING (nid)),
c AS (SELECT tok, blk, sum(k) AS k, sum(sum(k)) OVER (PARTITION BY tok) AS total FROM tb GROUP BY tok, blk)
SELECT c.tok, c.blk, c.k / c.total AS conc, c.k FROM c JOIN cl_blk USING (blk)
WHERE {{anchors}} AND c.blk IS NOT NULL AND c.tok NOT LIKE '<%' AND length(c.tok) >= 3
  AND c.k >= 3 AND c.k >= 0.6 * c.total AND c.k / c.total >= 10 * cl_blk.share;

-- name: cl_star
CREATE OR REPLACE TEMP TABLE cl_star AS
WITH j AS (SELECT p.nid, nb.blk, arg_max(p.tok, (an.conc * 1e9 + an.k, p.tok)) AS tok
           FROM cl_post p JOIN cl_nb nb USING (nid) JOIN cl_anchor an ON an.tok = p.tok AND an.blk = nb.blk
           WHERE nb.conc >= 0.6 GROUP BY p.nid, nb.blk)
SELECT nid AS a, min(nid) OVER (PARTITION BY blk) AS b, blk, tok FROM j;

-- name: cl_edge
CREATE OR REPLACE TEMP TABLE cl_edge AS
WITH e AS (SELECT a, b FROM cl_text UNION ALL SELECT a, b FROM cl_star WHERE a <> b UNION ALL SELECT a, b FROM cl_slot WHERE a <> b)
SELECT a, b FROM e UNION ALL SELECT b, a FROM e;

-- name: cl_lab
CREATE OR REPLACE TEMP TABLE cl_lab AS SELECT nid, nid AS lab FROM cl_node;

-- name: cl_lab_step
-- one round of label propagation: each node takes the least label among itself and its neighbours, then jumps to
-- its label's label (pointer jumping, so a long chain takes log rounds)
CREATE OR REPLACE TEMP TABLE cl_lab2 AS
WITH m AS (SELECT l.nid, least(l.lab, coalesce(min(n.lab), l.lab)) AS lab
           FROM cl_lab l LEFT JOIN cl_edge e ON e.a = l.nid LEFT JOIN cl_lab n ON n.nid = e.b GROUP BY l.nid, l.lab)
SELECT m.nid, least(m.lab, j.lab) AS lab FROM m JOIN m j ON j.nid = m.lab;

-- name: cl_lab_changed
SELECT count(*) AS n FROM cl_lab2 a JOIN cl_lab b USING (nid) WHERE a.lab <> b.lab;

-- name: cl_lab_next
CREATE OR REPLACE TEMP TABLE cl_lab AS SELECT * FROM cl_lab2;

-- name: cl_tl
-- each key's node and label: the tickets (cl_t) are joined to this small map where read, not copied with their label
CREATE OR REPLACE TEMP TABLE cl_tl AS SELECT kn.tkey, kn.nid, l.lab FROM cl_knode kn JOIN cl_lab l USING (nid);

-- name: cl_ids
CREATE OR REPLACE TEMP TABLE cl_ids AS
SELECT lab, 'CL' || lpad(CAST(row_number() OVER (ORDER BY sum(n) DESC, min(tkey)) AS VARCHAR), 5, '0') AS cluster_id,
  arg_max(nid, n * 1e12 - nid) AS label_nid, arg_max(tpl, n * 1e12 - nid) AS label, count(*) AS templates
FROM cl_node JOIN cl_lab USING (nid) GROUP BY lab;

-- name: cl_why
-- why each node is in its cluster: the label's own template, a block term, the most similar linked wording, or its signature
CREATE OR REPLACE TEMP TABLE cl_why AS
WITH best_text AS (
  SELECT x.nid, arg_max(x.other, (x.jac, -x.other)) AS other, max(x.jac) AS jac FROM (
    SELECT a AS nid, b AS other, jac FROM cl_text UNION ALL SELECT b, a, jac FROM cl_text) x GROUP BY x.nid)
SELECT n.nid,
  CASE WHEN n.nid = i.label_nid THEN CASE WHEN n.tkey LIKE 'S:%' THEN 'same structured signature: ' || substr(n.tkey, 3) ELSE 'same template as the label' END
       WHEN s.tok IS NOT NULL THEN 'term "' || s.tok || '" specific to ' || s.blk
       WHEN sl.v IS NOT NULL THEN 'template with a variable word: "' || sl.v || '"'
       WHEN bt.nid IS NOT NULL THEN 'wording like "' || substr(o.tkey, 3) || '" (Jaccard ' || round(bt.jac, 2) || ')'
       WHEN n.tkey LIKE 'S:%' THEN 'same structured signature: ' || substr(n.tkey, 3)
       ELSE 'same template as the label' END AS why
FROM cl_node n JOIN cl_lab l USING (nid) JOIN cl_ids i USING (lab)
LEFT JOIN cl_star s ON s.a = n.nid LEFT JOIN (SELECT a, min(v) AS v FROM cl_slot GROUP BY a) sl ON sl.a = n.nid
LEFT JOIN best_text bt ON bt.nid = n.nid LEFT JOIN cl_node o ON o.nid = bt.other;

-- name: ticket_cluster
-- each ticket's cluster, why it is there and its template (for `clusters --assignments` and the planted-cluster scores)
CREATE OR REPLACE TEMP TABLE ticket_cluster AS
SELECT t.ticket_key, k.cluster_id, k.why, t.tpl AS template
FROM cl_t t JOIN (SELECT tl.tkey, i.cluster_id, w.why FROM cl_tl tl JOIN cl_ids i USING (lab) JOIN cl_why w USING (nid)) k USING (tkey);

-- name: ticket_cluster_drop
-- a run whose caller reads only the summaries writes no ticket_cluster, and leaves no earlier run's behind
DROP TABLE IF EXISTS ticket_cluster;

-- name: summaries
-- one row per cluster, largest first, from grouped aggregates (no correlated subqueries: one pass per breakdown
-- over tl, the tickets with their labels); top_* is the most frequent value and its share; resolution_hours is the total over the cluster's
-- resolved incidents, median_resolution_hours the median (NULL when none is resolved), each incident's time as MTTR
-- counts it (src/metrics/macros.sql resolution_hours: NULL, so left out, when resolved before opened)
-- top_*: the most frequent value, ties to the least, NULL last (arg_min_null over (-count, is null, value): no
-- sorted list of the values per cluster, which cost most of this query with a CI per ticket)
WITH tl AS MATERIALIZED (SELECT t.* EXCLUDE (tkey, tpl, subcategory), k.lab FROM cl_t t JOIN cl_tl k USING (tkey)),
g AS (
  SELECT lab, count(*) AS size, min(opened_at) AS first_seen, max(opened_at) AS last_seen,
    -- summed in whole microseconds (each time back to the integer its timestamps give), then divided once: a sum of
    -- doubles in parallel depends on the order of its terms (the total changed in its last rounded digit from run to
    -- run), and a per-term fixed-point rounding moved exact .xx5 totals to either side
    round(coalesce(sum(round(resolution_hours(opened_at, resolved_at) * 3600e6)::BIGINT), 0) / 3600e6, 2) AS resolution_hours,
    round(median(resolution_hours(opened_at, resolved_at)), 2) AS median_resolution_hours,
    list_sort(list(DISTINCT problem_ref) FILTER (WHERE problem_ref IS NOT NULL AND problem_ref <> '')) AS linked_problems,
    count(*) FILTER (WHERE problem_ref IS NOT NULL AND problem_ref <> '') AS linked_tickets,
    arg_min(coalesce(source_id, ticket_key), (opened_at, coalesce(source_id, ticket_key)), 5) AS sample_ticket_ids
  FROM tl GROUP BY lab),
terms AS (
  SELECT lab, list(tok ORDER BY k DESC, tok)[1:5] AS top_terms FROM (
    SELECT l.lab, p.tok, sum(p.n) AS k FROM cl_post p JOIN cl_lab l USING (nid) WHERE p.tok NOT LIKE '<%' GROUP BY l.lab, p.tok) GROUP BY lab),
weekly AS (
  SELECT lab, count(*) AS distinct_weeks, list(struct_pack(week := strftime(w, '%G-W%V'), n := n) ORDER BY w) AS weekly
  FROM (SELECT lab, date_trunc('week', make_timestamp(epoch_us(opened_at))) AS w, count(*)::INTEGER AS n FROM tl WHERE opened_at IS NOT NULL GROUP BY lab, w)
  GROUP BY lab),
top_ci AS (
  SELECT lab, struct_pack(value := arg_min_null(ci_name, (-cnt, ci_name IS NULL, ci_name)), share := round(max(cnt) / sum(cnt), 4)) AS top_ci
  FROM (SELECT lab, ci_name, count(*) AS cnt FROM tl GROUP BY lab, ci_name) GROUP BY lab),
top_group AS (
  SELECT lab, struct_pack(value := arg_min_null(assignment_group, (-cnt, assignment_group IS NULL, assignment_group)), share := round(max(cnt) / sum(cnt), 4)) AS top_group
  FROM (SELECT lab, assignment_group, count(*) AS cnt FROM tl GROUP BY lab, assignment_group) GROUP BY lab),
top_category AS (
  SELECT lab, struct_pack(value := arg_min_null(category, (-cnt, category IS NULL, category)), share := round(max(cnt) / sum(cnt), 4)) AS top_category
  FROM (SELECT lab, category, count(*) AS cnt FROM tl GROUP BY lab, category) GROUP BY lab),
top_service AS (
  SELECT lab, struct_pack(value := arg_min_null(service, (-cnt, service IS NULL, service)), share := round(max(cnt) / sum(cnt), 4)) AS top_service
  FROM (SELECT lab, service, count(*) AS cnt FROM tl GROUP BY lab, service) GROUP BY lab)
SELECT i.cluster_id AS id, i.label, i.templates, g.*, coalesce(terms.top_terms, []) AS top_terms, weekly.weekly,
  coalesce(weekly.distinct_weeks, 0) AS distinct_weeks, top_ci, top_group, top_category, top_service
FROM g JOIN cl_ids i USING (lab) LEFT JOIN terms USING (lab) LEFT JOIN weekly USING (lab)
  LEFT JOIN top_ci USING (lab) LEFT JOIN top_group USING (lab) LEFT JOIN top_category USING (lab) LEFT JOIN top_service USING (lab)
ORDER BY size DESC, id;

-- name: link_rate
SELECT avg((problem_ref IS NOT NULL AND problem_ref <> '')::INT) AS r FROM cl_t;

-- name: export_fields
-- whether any incident of the loaded data (in or out of the window) names a problem record, or an assignment
-- group: when none does, the export carries no such field, and the sentences say that rather than describe the
-- organisation (the HPSM BPI 2014 export: problem_ref and assignment_group empty on all 46,606 incidents)
SELECT coalesce(bool_or(cl_filled(problem_ref)), FALSE) AS problem_link, coalesce(bool_or(cl_filled(assignment_group)), FALSE) AS assignment_group
FROM ticket WHERE kind = 'incident' OR kind IS NULL;

-- name: drop
DROP TABLE IF EXISTS cl_t; DROP TABLE IF EXISTS cl_kb; DROP TABLE IF EXISTS cl_k; DROP TABLE IF EXISTS cl_knode;
DROP TABLE IF EXISTS cl_vocab; DROP TABLE IF EXISTS cl_fix; DROP TABLE IF EXISTS cl_node; DROP TABLE IF EXISTS cl_nb;
DROP TABLE IF EXISTS cl_blk; DROP TABLE IF EXISTS cl_post; DROP TABLE IF EXISTS cl_rare; DROP TABLE IF EXISTS cl_anchor;
DROP TABLE IF EXISTS cl_cand; DROP TABLE IF EXISTS cl_idf; DROP TABLE IF EXISTS cl_nw; DROP TABLE IF EXISTS cl_text;
DROP TABLE IF EXISTS cl_slot; DROP TABLE IF EXISTS cl_star; DROP TABLE IF EXISTS cl_edge; DROP TABLE IF EXISTS cl_lab;
DROP TABLE IF EXISTS cl_lab2; DROP TABLE IF EXISTS cl_tl; DROP TABLE IF EXISTS cl_ids; DROP TABLE IF EXISTS cl_why;
DROP MACRO IF EXISTS cl_filled; DROP MACRO IF EXISTS cl_tokens; DROP MACRO IF EXISTS cl_mask; DROP MACRO IF EXISTS cl_gist;
