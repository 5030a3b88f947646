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
 * Writes the temp table `ticket_cluster(ticket_key, cluster_id, why, template)` (per run, not stored; unless
 * `ticketClusters` is false, when no earlier run's is left either) and returns a
 * summary per cluster. `why` says why the ticket is in its cluster (same template / shared block term / similar
 * wording / same structured signature).
 */
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { descriptionGistSql, maskSql, STOPWORDS } from './mask.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';
import { markCandidates } from './candidates.js';
import { defineMetricMacros } from '../metrics/macros.js';

export interface ClusterOptions {
  /** only incidents opened on or after this date */
  since?: string;
  /** only incidents opened before this date (exclusive): a monthly pack's window ends with its month */
  until?: string;
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
  /**
   * write the temp table ticket_cluster (default true); false for callers that read only the summaries (findings,
   * the report, `clusters` without --assignments): writing a row per incident cost 0.25-0.35 CPU-s at 1M
   */
  ticketClusters?: boolean;
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
  /** total resolution hours of the cluster's resolved incidents (0 when none is resolved) */
  resolution_hours: number;
  /** median resolution hours of the cluster's resolved incidents; null when none is resolved */
  median_resolution_hours: number | null;
  linked_problems: string[];
  /** incidents of the cluster that name a problem record */
  linked_tickets: number;
  problem_candidate: boolean;
  /** why the cluster is or is not a problem candidate, in one line */
  candidate_reason: string;
  sample_ticket_ids: string[];
}

/** Whether the loaded incidents (any time) carry a field at all: false means the export has none, not that none was set. */
export interface ExportCarries {
  problem_link: boolean;
  assignment_group: boolean;
}

export interface ClusterResult {
  tickets: number;
  /** share of the incidents in scope that name a problem record (the chance model of problem candidates) */
  link_rate: number;
  export_carries: ExportCarries;
  clusters: ClusterSummary[];
  rounds: number;
}

/** How clusters are built, in the words the JSON output carries (clusters@1 `method`). */
export const CLUSTER_METHOD = {
  text: 'titles masked Drain-style (hosts, IPs, numbers, ids, e-mail addresses, dates, paths → placeholders), lower-cased, stopwords (en/de) and e-mail prefixes dropped, typos one edit from a 5× more frequent word corrected; description gist added when the title has < 2 words',
  edges: 'IDF-weighted Jaccard ≥ 0.6 between token sets sharing a rare token; templates of ≥ 6 words equal but for one position (≥ 3 such); a term specific to a structured block (category | subcategory | group | service, ≥ 2 filled; ≥ 60 % of the term in the block, lift ≥ 10)',
  no_text: 'incidents without text are grouped by their structured signature (service, CI, category, subcategory, symptom)',
  components: 'connected components (label propagation in DuckDB)',
  problem_candidate: '≥ min_size incidents over ≥ min_weeks weeks, no linked problem, and unlinked beyond chance: binomial test against the link rate, Benjamini–Hochberg at q over the clusters that could reach q',
} as const;

const SQL = loadSqlFile('clusters/clusters.sql');
const STOP_RE = `' (?:(?:${STOPWORDS.join('|')}) )+'`;

/** Clusters the incidents in the store; writes ticket_cluster (unless told not to) and returns every cluster, largest first. */
export async function buildClusters(store: Store, opts: ClusterOptions = {}): Promise<ClusterResult> {
  const run = (name: string, params?: Record<string, string | number>) => store.run(sqlOf(SQL, name, params));
  await run('macros', { stop_re: STOP_RE, mask: maskSql('x'), gist: descriptionGistSql('x') });
  // the summaries' resolution hours are MTTR's per-incident figure
  await defineMetricMacros(store);
  const at = (d: string | undefined) => (d ? `CAST(${lit(d)} AS TIMESTAMPTZ)` : 'NULL::TIMESTAMPTZ');
  await run('cl_t', { since: at(opts.since), until: at(opts.until) });
  for (const stage of ['cl_kb', 'cl_k', 'cl_vocab', 'cl_fix', 'cl_k_fixed', 'cl_node', 'cl_knode']) await run(stage);
  const counts = (await store.one<{ nodes: number; total: number }>(sqlOf(SQL, 'node_counts')))!;
  const nodes = Number(counts.nodes);
  const total = Math.max(2, Number(counts.total));
  await run('cl_post');
  // a token shared by more nodes than this is not "rare" (keeps the candidate pairs near-linear)
  await run('cl_rare', { max_df: Math.max(50, Math.min(2000, Math.ceil(4 * Math.sqrt(nodes)))) });
  await run('cl_cand');
  await run('cl_idf', { total });
  await run('cl_nw');
  await run('cl_text', { jaccard: opts.jaccard ?? 0.6 });
  await run('cl_slot');
  await run('cl_blk', { total: Math.max(1, Number(counts.total)) });
  await run('cl_nb');
  await run('cl_anchor', { anchors: opts.anchors === false ? 'false' : 'true' });
  for (const stage of ['cl_star', 'cl_edge', 'cl_lab']) await run(stage);
  let rounds = 0;
  for (; rounds < 60; rounds++) {
    await run('cl_lab_step');
    const changed = await store.one<{ n: number }>(sqlOf(SQL, 'cl_lab_changed'));
    await run('cl_lab_next');
    if (Number(changed?.n ?? 0) === 0) break;
  }
  for (const stage of ['cl_tl', 'cl_ids', 'cl_why']) await run(stage);
  await run(opts.ticketClusters !== false ? 'ticket_cluster' : 'ticket_cluster_drop');
  const rows = await store.all<Record<string, any>>(sqlOf(SQL, 'summaries'));
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
    median_resolution_hours: r.median_resolution_hours === null ? null : Number(r.median_resolution_hours),
    linked_problems: r.linked_problems ?? [],
    linked_tickets: Number(r.linked_tickets ?? 0),
    problem_candidate: false,
    candidate_reason: '',
    sample_ticket_ids: r.sample_ticket_ids ?? [],
  }));
  const link = await store.one<{ r: number | null }>(sqlOf(SQL, 'link_rate'));
  const carries = (await store.one<ExportCarries>(sqlOf(SQL, 'export_fields')))!;
  const exportCarries = { problem_link: Boolean(carries.problem_link), assignment_group: Boolean(carries.assignment_group) };
  markCandidates(clusters, { minSize: opts.minSize ?? 10, minWeeks: opts.minWeeks ?? 3, linkRate: Number(link?.r ?? 0), linkInExport: exportCarries.problem_link, q: opts.q });
  await run('drop');
  return { tickets: clusters.reduce((s, c) => s + c.size, 0), link_rate: Number(link?.r ?? 0), export_carries: exportCarries, clusters, rounds };
}
