/**
 * Recurring-problem clusters, set-based in DuckDB (no all-pairs comparison):
 *  1. mask each incident's title (Drain-style placeholders) → template; its sorted distinct non-stopword
 *     tokens are the node key, so tickets with the same template or the same words in another order share a node;
 *  2. candidate node pairs are only those sharing a rare token (document frequency ≤ a cap);
 *  3. a pair is an edge when the Jaccard similarity of the token sets is ≥ `jaccard` (0.6), or when both nodes
 *     sit in the same structured block (category | assignment group) and picked the same anchor token (a token
 *     most of whose tickets are in that block; each node picks only its most concentrated one, so generic
 *     words cannot chain families together);
 *  4. connected components by iterative label propagation (min label, with pointer jumping) in SQL.
 * Writes the temp table `ticket_cluster(ticket_key, cluster_id)` (per run, not stored) and returns a summary per cluster.
 */
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { maskSql, STOPWORDS } from './mask.js';

export interface ClusterOptions {
  /** only incidents opened on or after this date */
  since?: string;
  /** minimum size for a problem candidate (default 10) */
  minSize?: number;
  /** minimum distinct ISO weeks for a problem candidate (default 3) */
  minWeeks?: number;
  /** Jaccard threshold for merging two templates (default 0.6) */
  jaccard?: number;
  /** use block anchors (structured fields + shared distinctive token) (default true) */
  anchors?: boolean;
}

export interface Share {
  value: string | null;
  share: number;
}

export interface ClusterSummary {
  id: string;
  label: string;
  size: number;
  first_seen: string | null;
  last_seen: string | null;
  distinct_weeks: number;
  weekly: Array<{ week: string; n: number }>;
  top_ci: Share;
  top_group: Share;
  top_category: Share;
  resolution_hours: number;
  linked_problems: string[];
  problem_candidate: boolean;
  sample_ticket_ids: string[];
}

export interface ClusterResult {
  tickets: number;
  clusters: ClusterSummary[];
  rounds: number;
}

const STOP_SQL = `[${STOPWORDS.map(lit).join(', ')}]`;

/** Clusters the incidents in the store; writes ticket_cluster and returns every cluster, largest first. */
export async function buildClusters(store: Store, opts: ClusterOptions = {}): Promise<ClusterResult> {
  const jac = opts.jaccard ?? 0.6;
  const minSize = opts.minSize ?? 10;
  const minWeeks = opts.minWeeks ?? 3;
  const since = opts.since ? `AND opened_at >= CAST(${lit(opts.since)} AS TIMESTAMPTZ)` : '';

  await store.run(`CREATE OR REPLACE TEMP TABLE cl_t AS
    SELECT ticket_key, source_id, category, assignment_group, ci_name, problem_ref, opened_at, resolved_at, tpl,
      list_sort(list_distinct(list_filter(string_split(tpl, ' '), x -> length(x) >= 2 AND NOT list_contains(${STOP_SQL}, x)))) AS toks
    FROM (SELECT *, ${maskSql('title')} AS tpl FROM ticket
          WHERE (kind = 'incident' OR kind IS NULL) ${since})`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_t2 AS
    SELECT *, CASE WHEN len(toks) = 0 THEN '#' || ticket_key ELSE array_to_string(toks, ' ') END AS tkey,
      coalesce(category, '') || '|' || coalesce(assignment_group, '') AS blk
    FROM cl_t`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_node AS
    SELECT row_number() OVER (ORDER BY tkey) AS nid, tkey, any_value(toks) AS toks, count(*) AS n, mode(blk) AS blk
    FROM cl_t2 GROUP BY tkey`);
  const nodes = Number((await store.one<{ n: number }>('SELECT count(*) AS n FROM cl_node'))?.n ?? 0);
  // a token shared by more nodes than this is not "rare": it does not make candidate pairs (keeps it near-linear)
  const maxDf = Math.max(50, Math.min(2000, Math.ceil(4 * Math.sqrt(nodes))));
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_post AS
    SELECT nid, blk, unnest(toks) AS tok FROM cl_node`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_rare AS
    SELECT p.* FROM cl_post p JOIN (SELECT tok FROM cl_post GROUP BY tok HAVING count(*) BETWEEN 2 AND ${maxDf}) USING (tok)
    WHERE tok NOT LIKE '<%'`);
  // block anchors: a token most of whose tickets (≥ 60 %, ≥ 3 of them) are in one category|group block
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_anchor AS
    WITH tb AS (SELECT blk, unnest(toks) AS tok FROM cl_t2),
      c AS (SELECT tok, blk, count(*) AS n, sum(count(*)) OVER (PARTITION BY tok) AS total FROM tb GROUP BY tok, blk)
    SELECT tok, blk, n / total AS conc, n FROM c WHERE ${opts.anchors === false ? 'false' : 'true'} AND tok NOT LIKE '<%' AND length(tok) >= 3
      AND n >= 3 AND n >= 0.6 * total AND blk <> '|'`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_cand AS
    SELECT DISTINCT a.nid AS a, b.nid AS b FROM cl_rare a JOIN cl_rare b ON a.tok = b.tok AND a.nid < b.nid`);
  // each node picks ONE anchor of its block (the most concentrated token), so generic words cannot chain families
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_star AS
    WITH pick AS (SELECT p.nid, p.blk, arg_max(p.tok, an.conc * 1e6 + an.n) AS tok
                  FROM cl_post p JOIN cl_anchor an ON an.tok = p.tok AND an.blk = p.blk GROUP BY p.nid, p.blk)
    SELECT nid AS a, min(nid) OVER (PARTITION BY blk, tok) AS b FROM pick`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_edge AS
    WITH e AS (
      SELECT c.a, c.b FROM cl_cand c JOIN cl_node x ON x.nid = c.a JOIN cl_node y ON y.nid = c.b
      WHERE len(list_intersect(x.toks, y.toks)) >= ${jac} * len(list_distinct(list_concat(x.toks, y.toks)))
      UNION ALL SELECT a, b FROM cl_star WHERE a <> b)
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
    SELECT t.*, l.lab FROM cl_t2 t JOIN cl_node n USING (tkey) JOIN cl_lab l ON l.nid = n.nid`);
  await store.run(`CREATE OR REPLACE TEMP TABLE cl_ids AS
    SELECT lab, 'CL' || lpad(CAST(row_number() OVER (ORDER BY count(*) DESC, min(tkey)) AS VARCHAR), 5, '0') AS cluster_id
    FROM cl_tl GROUP BY lab`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ticket_cluster AS
    SELECT t.ticket_key, i.cluster_id FROM cl_tl t JOIN cl_ids i USING (lab)`);

  const top = (col: string) => `(SELECT struct_pack(value := ${col}, share := round(cnt / sum(cnt) OVER (), 4)) FROM
      (SELECT ${col}, count(*) AS cnt FROM cl_tl x WHERE x.lab = g.lab GROUP BY ${col}) ORDER BY cnt DESC, ${col} NULLS LAST LIMIT 1)`;
  const rows = await store.all<Record<string, any>>(`
    WITH g AS (
      SELECT lab, mode(tpl) AS label, count(*) AS size, min(opened_at) AS first_seen, max(opened_at) AS last_seen,
        count(DISTINCT date_trunc('week', opened_at)) AS distinct_weeks,
        round(coalesce(sum(epoch(resolved_at - opened_at)) FILTER (WHERE resolved_at >= opened_at), 0) / 3600, 2) AS resolution_hours,
        list_sort(list(DISTINCT problem_ref) FILTER (WHERE problem_ref IS NOT NULL AND problem_ref <> '')) AS linked_problems,
        list(source_id ORDER BY opened_at, source_id)[1:5] AS sample_ticket_ids
      FROM cl_tl GROUP BY lab)
    SELECT i.cluster_id AS id, g.*, ${top('ci_name')} AS top_ci, ${top('assignment_group')} AS top_group, ${top('category')} AS top_category,
      (SELECT list(struct_pack(week := strftime(w, '%G-W%V'), n := n) ORDER BY w) FROM
        (SELECT date_trunc('week', opened_at) AS w, count(*) AS n FROM cl_tl x WHERE x.lab = g.lab AND opened_at IS NOT NULL GROUP BY w)) AS weekly
    FROM g JOIN cl_ids i USING (lab) ORDER BY size DESC, id`);
  const clusters: ClusterSummary[] = rows.map((r) => ({
    id: r.id,
    label: r.label,
    size: r.size,
    first_seen: r.first_seen ?? null,
    last_seen: r.last_seen ?? null,
    distinct_weeks: r.distinct_weeks,
    weekly: (r.weekly ?? []) as ClusterSummary['weekly'],
    top_ci: r.top_ci,
    top_group: r.top_group,
    top_category: r.top_category,
    resolution_hours: r.resolution_hours,
    linked_problems: r.linked_problems ?? [],
    problem_candidate: r.size >= minSize && r.distinct_weeks >= minWeeks && (r.linked_problems ?? []).length === 0,
    sample_ticket_ids: r.sample_ticket_ids ?? [],
  }));
  for (const t of ['cl_t', 'cl_t2', 'cl_node', 'cl_post', 'cl_rare', 'cl_anchor', 'cl_cand', 'cl_star', 'cl_edge', 'cl_lab', 'cl_lab2', 'cl_tl', 'cl_ids']) {
    await store.run(`DROP TABLE IF EXISTS ${t}`);
  }
  return { tickets: clusters.reduce((s, c) => s + c.size, 0), clusters, rounds };
}
