/**
 * Recurring-problem clusters, set-based in DuckDB (no all-pairs comparison):
 *  1. each incident's title is masked (Drain-style placeholders, see mask.ts); when the title says too little (fewer
 *     than two words), the gist of the description is added. The sorted distinct non-stopword tokens are the node
 *     key, so tickets with the same template or the same words in another order share a node. An incident with no
 *     text at all is keyed by its structured signature (service | CI | category | subcategory | symptom).
 *  2. text edges: candidate node pairs are only those sharing a rare token (document frequency ≤ a cap, so the work
 *     stays near-linear); a pair is an edge when the IDF-weighted Jaccard similarity of the token sets is ≥ `jaccard` (0.6).
 *  3. template edges (Drain): templates of ≥ 6 words equal but for one position, when ≥ 3 share that shape.
 *  4. block edges, for paraphrases and other languages that share no words ("disk full" / "Festplatte voll"):
 *     a structured block is category | subcategory | group | service, used only when at least two of them are
 *     filled (one field, e.g. an assignment group alone, is too coarse to say two tickets are one problem).
 *     A token is an anchor of a block when ≥ 3 of its tickets and ≥ 60 % of them sit in that block, and the block
 *     holds ≤ 1/10 of that share of all tickets (lift ≥ 10, so a big catch-all block has no anchors). A node
 *     whose tickets sit mostly (≥ 60 %) in one block and which carries an anchor of it joins that block's star.
 *  5. connected components by iterative label propagation (min label, with pointer jumping) in SQL.
 * Writes the temp table `ticket_cluster(ticket_key, cluster_id, why)` (per run, not stored) and returns a
 * summary per cluster. `why` says why the ticket is in its cluster (same template / shared block term / similar
 * wording / same structured signature).
 */
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { descriptionGistSql, maskSql, STOPWORDS } from './mask.js';
import { markCandidates } from './candidates.js';

export interface ClusterOptions {
  /** only incidents opened on or after this date */
  since?: string;
  /** minimum size for a problem candidate (default 10) */
  minSize?: number;
  /** minimum distinct ISO weeks for a problem candidate (default 3) */
  minWeeks?: number;
  /** Jaccard threshold for merging two templates (default 0.6) */
  jaccard?: number;
  /** use block edges (structured block + a token specific to it) (default true) */
  anchors?: boolean;
  /** false-discovery rate of the problem-candidate test (default 0.05) */
  q?: number;
}

export interface Share {
  value: string | null;
  share: number;
}

export interface ClusterSummary {
  id: string;
  label: string;
  top_terms: string[];
  size: number;
  templates: number;
  first_seen: string | null;
  last_seen: string | null;
  distinct_weeks: number;
  weekly: Array<{ week: string; n: number }>;
  top_ci: Share;
  top_group: Share;
  top_category: Share;
  top_service: Share;
  resolution_hours: number;
  linked_problems: string[];
  /** incidents of the cluster that name a problem record */
  linked_tickets: number;
  problem_candidate: boolean;
  /** why the cluster is or is not a problem candidate, in one line */
  candidate_reason: string;
  sample_ticket_ids: string[];
}

export interface ClusterResult {
  tickets: number;
  /** share of the incidents in scope that name a problem record (the chance model of problem candidates) */
  link_rate: number;
  clusters: ClusterSummary[];
  rounds: number;
}

// stopwords are cut out by one regular expression over the text (a DFA), far cheaper than a list lookup per word
const STOP_RE = `' (?:(?:${STOPWORDS.join('|')}) )+'`;
const tokensSql = (tpl: string) =>
  `list_sort(list_distinct(list_filter(string_split(trim(regexp_replace(' ' || replace(${tpl}, ' ', '  ') || ' ', ${STOP_RE}, ' ', 'g')), ' '), x -> length(x) >= 2)))`;
/** How clusters are built, in the words the JSON output carries (clusters@1 `method`). */
export const CLUSTER_METHOD = {
  text: 'titles masked Drain-style (hosts, IPs, numbers, ids, e-mail addresses, dates, paths → placeholders), lower-cased, stopwords (en/de) and e-mail prefixes dropped, typos one edit from a 5× more frequent word corrected; description gist added when the title has < 2 words',
  edges: 'IDF-weighted Jaccard ≥ 0.6 between token sets sharing a rare token; templates of ≥ 6 words equal but for one position (≥ 3 such); a term specific to a structured block (category | subcategory | group | service, ≥ 2 filled; ≥ 60 % of the term in the block, lift ≥ 10)',
  no_text: 'incidents without text are grouped by their structured signature (service, CI, category, subcategory, symptom)',
  components: 'connected components (label propagation in DuckDB)',
  problem_candidate: '≥ min_size incidents over ≥ min_weeks weeks, no linked problem, and unlinked beyond chance: binomial test against the link rate, Benjamini–Hochberg at q over the clusters that could reach q',
} as const;

const filled = (c: string) => `(${c} IS NOT NULL AND trim(${c}) <> '')`;
const TEMP = ['cl_t', 'cl_kb', 'cl_k', 'cl_knode', 'cl_vocab', 'cl_fix', 'cl_node', 'cl_nb', 'cl_blk', 'cl_post', 'cl_rare', 'cl_anchor', 'cl_cand', 'cl_idf', 'cl_nw', 'cl_text', 'cl_slot', 'cl_star', 'cl_edge', 'cl_lab', 'cl_lab2', 'cl_tl', 'cl_ids', 'cl_why'];

/** Clusters the incidents in the store; writes ticket_cluster and returns every cluster, largest first. */
export async function buildClusters(store: Store, opts: ClusterOptions = {}): Promise<ClusterResult> {
  const jac = opts.jaccard ?? 0.6;
  const since = opts.since ? `AND opened_at >= CAST(${lit(opts.since)} AS TIMESTAMPTZ)` : '';

  // one pass over the tickets: masked text, tokens, structured block and signature, node key
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_t AS
    WITH base AS (SELECT ticket_key, source_id, category, subcategory, assignment_group, service, ci_name, symptom, problem_ref, opened_at, resolved_at,
        title, description FROM ticket WHERE (kind = 'incident' OR kind IS NULL) ${since}),
      -- titles repeat (80,732 distinct among 1M generated incidents): masked and tokenised once each
      masked AS (SELECT title, tpl0, ${tokensSql('tpl0')} AS toks0 FROM (SELECT title, ${maskSql('title')} AS tpl0 FROM (SELECT DISTINCT title FROM base))),
      t0 AS MATERIALIZED (SELECT b.* EXCLUDE (title, description), k.tpl0, k.toks0,
        CASE WHEN ${filled('b.description')} THEN b.description END AS description
        FROM base b JOIN masked k ON k.title IS NOT DISTINCT FROM b.title),
      a AS (SELECT * EXCLUDE (description, tpl0, toks0), tpl0 AS tpl, toks0 AS toks FROM t0 WHERE len(toks0) >= 2 OR description IS NULL
        UNION ALL
        SELECT * EXCLUDE (description, tpl0, toks0, tpl), tpl, ${tokensSql('tpl')} AS toks FROM (
          SELECT *, trim(tpl0 || ' ' || ${maskSql(descriptionGistSql('description'))}) AS tpl FROM t0 WHERE len(toks0) < 2 AND description IS NOT NULL)),
      b AS (SELECT *,
        CASE WHEN (${filled('category')})::INT + (${filled('subcategory')})::INT + (${filled('assignment_group')})::INT + (${filled('service')})::INT >= 2
             THEN concat_ws(' | ', coalesce(category, ''), coalesce(subcategory, ''), coalesce(assignment_group, ''), coalesce(service, '')) END AS blk,
        CASE WHEN ${filled('service')} OR ${filled('ci_name')} OR ${filled('category')} OR ${filled('subcategory')} OR ${filled('symptom')}
             THEN concat_ws(' ', 'service=' || nullif(trim(service), ''), 'ci=' || nullif(trim(ci_name), ''), 'category=' || nullif(trim(category), ''),
                  'subcategory=' || nullif(trim(subcategory), ''), 'symptom=' || nullif(trim(symptom), '')) END AS sig
        FROM a)
    SELECT *, CASE WHEN len(toks) > 0 THEN 'T:' || array_to_string(toks, ' ') WHEN sig IS NOT NULL THEN 'S:' || sig ELSE '#' || ticket_key END AS tkey
    FROM b`);
  // everything after this works on distinct keys (cl_k) and key × block counts (cl_kb), not on tickets
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_kb AS SELECT tkey, blk, count(*) AS k FROM cl_t GROUP BY tkey, blk`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_k AS SELECT tkey, any_value(toks) AS toks, mode(tpl) AS tpl, count(*) AS n FROM cl_t GROUP BY tkey`);
  await fixTypos(store);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_node AS
    SELECT row_number() OVER (ORDER BY ckey) AS nid, ckey AS tkey, any_value(toks) AS toks,
      CASE WHEN ckey LIKE 'S:%' THEN substr(ckey, 3) ELSE arg_max(tpl, n) END AS tpl, sum(n) AS n
    FROM cl_k GROUP BY ckey`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_knode AS SELECT k.tkey, n.nid FROM cl_k k JOIN cl_node n ON n.tkey = k.ckey`);
  const nodes = Number((await store.one<{ n: number }>('SELECT count(*) AS n FROM cl_node'))?.n ?? 0);
  const total = Number((await store.one<{ n: number }>('SELECT coalesce(sum(n), 0) AS n FROM cl_node'))?.n ?? 0);
  // a token shared by more nodes than this is not "rare": it does not make candidate pairs (keeps it near-linear)
  const maxDf = Math.max(50, Math.min(2000, Math.ceil(4 * Math.sqrt(nodes))));
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_post AS SELECT nid, n, unnest(toks) AS tok FROM cl_node`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_rare AS
    SELECT p.nid, p.tok FROM cl_post p JOIN (SELECT tok FROM cl_post GROUP BY tok HAVING count(*) BETWEEN 2 AND ${maxDf}) USING (tok)
    WHERE tok NOT LIKE '<%'`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_cand AS
    SELECT DISTINCT a.nid AS a, b.nid AS b FROM cl_rare a JOIN cl_rare b ON a.tok = b.tok AND a.nid < b.nid`);
  // IDF-weighted Jaccard: generic words (issue, unable, login) weigh little, distinctive ones (vpn, outlook) much,
  // so short titles that share only generic words do not chain unrelated families together
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_idf AS
    SELECT tok, ln(${Math.max(2, total)} / sum(n)) AS w FROM cl_post GROUP BY tok`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_nw AS
    SELECT p.nid, sum(i.w) AS w FROM cl_post p JOIN cl_idf i USING (tok) GROUP BY p.nid`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_text AS
    WITH s AS (SELECT c.a, c.b, unnest(list_intersect(x.toks, y.toks)) AS tok
               FROM cl_cand c JOIN cl_node x ON x.nid = c.a JOIN cl_node y ON y.nid = c.b),
      i AS (SELECT a, b, sum(w) AS wi FROM s JOIN cl_idf USING (tok) GROUP BY a, b)
    SELECT i.a, i.b, i.wi / (wa.w + wb.w - i.wi) AS jac
    FROM i JOIN cl_nw wa ON wa.nid = i.a JOIN cl_nw wb ON wb.nid = i.b
    WHERE i.wi >= ${jac} * (wa.w + wb.w - i.wi)`);

  // template edges (Drain's idea): templates of ≥ 6 words that are equal but for one position form one template with a
  // variable slot when ≥ 3 of them do ("job bwhrattr failed in job_scheduler at <date> <time>", "job oemcold failed …")
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_slot AS
    WITH s AS (SELECT nid, string_split(tpl, ' ') AS seq FROM cl_node WHERE len(string_split(tpl, ' ')) >= 6),
      v AS (SELECT nid, array_to_string(list_concat(seq[1:i - 1], ['*'], seq[i + 1:]), ' ') AS v
            FROM (SELECT nid, seq, unnest(range(1, len(seq) + 1)) AS i FROM s)),
      k AS (SELECT v, count(DISTINCT nid) AS k FROM v GROUP BY v)
    SELECT v.nid AS a, min(v.nid) OVER (PARTITION BY v.v) AS b, v.v FROM v JOIN k USING (v) WHERE k.k >= 3`);

  // block edges: node → its dominant block (≥ 60 % of its tickets), anchors per block, star per block
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_blk AS
    SELECT blk, sum(k) / ${Math.max(1, total)} AS share FROM cl_kb WHERE blk IS NOT NULL GROUP BY blk`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_nb AS
    WITH c AS (SELECT kn.nid, kb.blk, sum(kb.k) AS k, sum(sum(kb.k)) OVER (PARTITION BY kn.nid) AS n
               FROM cl_kb kb JOIN cl_knode kn USING (tkey) GROUP BY kn.nid, kb.blk)
    SELECT nid, arg_max(blk, k) AS blk, max(k / n) AS conc FROM c GROUP BY nid`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_anchor AS
    WITH tb AS (SELECT kb.blk, kb.k, unnest(n.toks) AS tok FROM cl_kb kb JOIN cl_knode kn USING (tkey) JOIN cl_node n USING (nid)),
      c AS (SELECT tok, blk, sum(k) AS k, sum(sum(k)) OVER (PARTITION BY tok) AS total FROM tb GROUP BY tok, blk)
    SELECT c.tok, c.blk, c.k / c.total AS conc, c.k FROM c JOIN cl_blk USING (blk)
    WHERE ${opts.anchors === false ? 'false' : 'true'} AND c.blk IS NOT NULL AND c.tok NOT LIKE '<%' AND length(c.tok) >= 3
      AND c.k >= 3 AND c.k >= 0.6 * c.total AND c.k / c.total >= 10 * cl_blk.share`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_star AS
    WITH j AS (SELECT p.nid, nb.blk, arg_max(p.tok, an.conc * 1e9 + an.k) AS tok
               FROM cl_post p JOIN cl_nb nb USING (nid) JOIN cl_anchor an ON an.tok = p.tok AND an.blk = nb.blk
               WHERE nb.conc >= 0.6 GROUP BY p.nid, nb.blk)
    SELECT nid AS a, min(nid) OVER (PARTITION BY blk) AS b, blk, tok FROM j`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_edge AS
    WITH e AS (SELECT a, b FROM cl_text UNION ALL SELECT a, b FROM cl_star WHERE a <> b UNION ALL SELECT a, b FROM cl_slot WHERE a <> b)
    SELECT a, b FROM e UNION ALL SELECT b, a FROM e`);
  await store.run('CREATE OR REPLACE TEMP TABLE cl_lab AS SELECT nid, nid AS lab FROM cl_node');
  let rounds = 0;
  for (; rounds < 60; rounds++) {
    await store.run(`CREATE OR REPLACE TEMP TABLE cl_lab2 AS
      WITH m AS (SELECT l.nid, least(l.lab, coalesce(min(n.lab), l.lab)) AS lab
                 FROM cl_lab l LEFT JOIN cl_edge e ON e.a = l.nid LEFT JOIN cl_lab n ON n.nid = e.b GROUP BY l.nid, l.lab)
      SELECT m.nid, least(m.lab, j.lab) AS lab FROM m JOIN m j ON j.nid = m.lab`);
    const changed = await store.one<{ n: number }>('SELECT count(*) AS n FROM cl_lab2 a JOIN cl_lab b USING (nid) WHERE a.lab <> b.lab');
    await store.run('CREATE OR REPLACE TEMP TABLE cl_lab AS SELECT * FROM cl_lab2');
    if (Number(changed?.n ?? 0) === 0) break;
  }
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_tl AS
    SELECT t.*, kn.nid, l.lab FROM cl_t t JOIN cl_knode kn USING (tkey) JOIN cl_lab l USING (nid)`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_ids AS
    SELECT lab, 'CL' || lpad(CAST(row_number() OVER (ORDER BY sum(n) DESC, min(tkey)) AS VARCHAR), 5, '0') AS cluster_id,
      arg_max(nid, n * 1e12 - nid) AS label_nid, arg_max(tpl, n * 1e12 - nid) AS label, count(*) AS templates
    FROM cl_node JOIN cl_lab USING (nid) GROUP BY lab`);
  // why each node is in its cluster: the label's own template, a block term, the most similar linked wording, or its signature
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_why AS
    WITH best_text AS (
      SELECT x.nid, arg_max(x.other, x.jac) AS other, max(x.jac) AS jac FROM (
        SELECT a AS nid, b AS other, jac FROM cl_text UNION ALL SELECT b, a, jac FROM cl_text) x GROUP BY x.nid)
    SELECT n.nid,
      CASE WHEN n.nid = i.label_nid THEN CASE WHEN n.tkey LIKE 'S:%' THEN 'same structured signature: ' || substr(n.tkey, 3) ELSE 'same template as the label' END
           WHEN s.tok IS NOT NULL THEN 'term "' || s.tok || '" specific to ' || s.blk
           WHEN sl.v IS NOT NULL THEN 'template with a variable word: "' || sl.v || '"'
           WHEN bt.nid IS NOT NULL THEN 'wording like "' || substr(o.tkey, 3) || '" (Jaccard ' || round(bt.jac, 2) || ')'
           WHEN n.tkey LIKE 'S:%' THEN 'same structured signature: ' || substr(n.tkey, 3)
           ELSE 'same template as the label' END AS why
    FROM cl_node n JOIN cl_lab l USING (nid) JOIN cl_ids i USING (lab)
    LEFT JOIN cl_star s ON s.a = n.nid LEFT JOIN (SELECT a, min(v) AS v FROM cl_slot GROUP BY a) sl ON sl.a = n.nid LEFT JOIN best_text bt ON bt.nid = n.nid LEFT JOIN cl_node o ON o.nid = bt.other`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ticket_cluster AS
    SELECT t.ticket_key, i.cluster_id, w.why, t.tpl AS template FROM cl_tl t JOIN cl_ids i USING (lab) JOIN cl_why w USING (nid)`);

  // summaries from grouped aggregates (no correlated subqueries: one pass per breakdown over cl_tl)
  const top = (col: string) => `(SELECT lab, struct_pack(value := list(${col} ORDER BY cnt DESC, ${col} NULLS LAST)[1], share := round(max(cnt) / sum(cnt), 4)) AS top_${col}
      FROM (SELECT lab, ${col}, count(*) AS cnt FROM cl_tl GROUP BY lab, ${col}) GROUP BY lab)`;
  const rows = await store.all<Record<string, any>>(`
    WITH g AS (
      SELECT lab, count(*) AS size, min(opened_at) AS first_seen, max(opened_at) AS last_seen,
        round(coalesce(sum((epoch(resolved_at) - epoch(opened_at))) FILTER (WHERE resolved_at >= opened_at), 0) / 3600, 2) AS resolution_hours,
        list_sort(list(DISTINCT problem_ref) FILTER (WHERE problem_ref IS NOT NULL AND problem_ref <> '')) AS linked_problems,
        count(*) FILTER (WHERE problem_ref IS NOT NULL AND problem_ref <> '') AS linked_tickets,
        arg_min(coalesce(source_id, ticket_key), opened_at, 5) AS sample_ticket_ids
      FROM cl_tl GROUP BY lab),
    terms AS (
      SELECT lab, list(tok ORDER BY k DESC, tok)[1:5] AS top_terms FROM (
        SELECT l.lab, p.tok, sum(p.n) AS k FROM cl_post p JOIN cl_lab l USING (nid) WHERE p.tok NOT LIKE '<%' GROUP BY l.lab, p.tok) GROUP BY lab),
    weekly AS (
      SELECT lab, count(*) AS distinct_weeks, list(struct_pack(week := strftime(w, '%G-W%V'), n := n) ORDER BY w) AS weekly
      FROM (SELECT lab, date_trunc('week', make_timestamp(epoch_us(opened_at))) AS w, count(*)::INTEGER AS n FROM cl_tl WHERE opened_at IS NOT NULL GROUP BY lab, w) GROUP BY lab)
    SELECT i.cluster_id AS id, i.label, i.templates, g.*, coalesce(terms.top_terms, []) AS top_terms, weekly.weekly, coalesce(weekly.distinct_weeks, 0) AS distinct_weeks,
      top_ci_name AS top_ci, top_assignment_group AS top_group, top_category, top_service
    FROM g JOIN cl_ids i USING (lab) LEFT JOIN terms USING (lab) LEFT JOIN weekly USING (lab)
      LEFT JOIN ${top('ci_name')} USING (lab) LEFT JOIN ${top('assignment_group')} USING (lab)
      LEFT JOIN ${top('category')} USING (lab) LEFT JOIN ${top('service')} USING (lab)
    ORDER BY size DESC, id`);
  const clusters: ClusterSummary[] = rows.map((r) => ({
    id: r.id,
    label: r.label === '' ? '(no text, no structured fields)' : r.label,
    top_terms: r.top_terms ?? [],
    size: Number(r.size),
    templates: Number(r.templates),
    first_seen: r.first_seen ?? null,
    last_seen: r.last_seen ?? null,
    distinct_weeks: Number(r.distinct_weeks),
    weekly: (r.weekly ?? []) as ClusterSummary['weekly'],
    top_ci: r.top_ci,
    top_group: r.top_group,
    top_category: r.top_category,
    top_service: r.top_service,
    resolution_hours: Number(r.resolution_hours),
    linked_problems: r.linked_problems ?? [],
    linked_tickets: Number(r.linked_tickets ?? 0),
    problem_candidate: false,
    candidate_reason: '',
    sample_ticket_ids: r.sample_ticket_ids ?? [],
  }));
  const link = await store.one<{ r: number | null }>(`SELECT avg((problem_ref IS NOT NULL AND problem_ref <> '')::INT) AS r FROM cl_t`);
  markCandidates(clusters, { minSize: opts.minSize ?? 10, minWeeks: opts.minWeeks ?? 3, linkRate: Number(link?.r ?? 0), q: opts.q });
  for (const t of TEMP) await store.run(`DROP TABLE IF EXISTS ${t}`);
  return { tickets: clusters.reduce((s, c) => s + c.size, 0), link_rate: Number(link?.r ?? 0), clusters, rounds };
}

/**
 * Typos: a rare word one edit (Damerau) away from a word at least 5× as frequent with the same first letter is
 * read as that word ("outlok" → "outlook", "dsik" → "disk", "conect" → "connect"). Candidates come from shared
 * one-character deletions (SymSpell), so the vocabulary is never compared all-pairs. Rewrites cl_k with the
 * corrected tokens and their key (ckey).
 */
async function fixTypos(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_vocab AS
    SELECT tok, sum(n) AS df FROM (SELECT unnest(toks) AS tok, n FROM cl_k) WHERE tok NOT LIKE '<%' AND length(tok) >= 3 GROUP BY tok`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_fix AS
    WITH d AS (SELECT tok, df, tok AS del FROM cl_vocab
               UNION ALL SELECT tok, df, tok[1:i - 1] || tok[i + 1:] FROM (SELECT tok, df, unnest(range(1, length(tok) + 1)) AS i FROM cl_vocab))
    SELECT r.tok, arg_max(f.tok, f.df) AS fixed
    FROM d r JOIN d f ON f.del = r.del AND f.tok <> r.tok
    WHERE length(r.tok) >= 4 AND f.df >= greatest(3, 5 * r.df) AND r.tok[1] = f.tok[1] AND damerau_levenshtein(r.tok, f.tok) = 1
    GROUP BY r.tok`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_k AS
    WITH u AS (SELECT tkey, unnest(toks) AS tok FROM cl_k WHERE len(list_intersect(toks, (SELECT coalesce(list(tok), []) FROM cl_fix))) > 0),
      c AS (SELECT u.tkey, list_sort(list_distinct(list(coalesce(f.fixed, u.tok)))) AS toks FROM u LEFT JOIN cl_fix f USING (tok) GROUP BY u.tkey)
    SELECT k.* REPLACE (coalesce(c.toks, k.toks) AS toks), CASE WHEN c.tkey IS NULL THEN k.tkey ELSE 'T:' || array_to_string(c.toks, ' ') END AS ckey
    FROM cl_k k LEFT JOIN c USING (tkey)`);
}
