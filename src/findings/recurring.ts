/**
 * `recurring`: problem candidates from the clusters (src/clusters: similar incident texts recurring over
 * several weeks with no problem record linked). Clustering is not a statistical test with a null
 * distribution, so these carry no p-value, stay outside the Benjamini–Hochberg family and the false-alarm
 * guarantee, and rank after the tested findings (by size). They are listed so the first page names them.
 */
import { buildClusters } from '../clusters/cluster.js';
import type { Candidate, Frame } from './types.js';

/** the first page names the largest few; `itsm-lens clusters` lists them all */
export const MAX_RECURRING = 10;

export const RECURRING_TEST = 'text clustering (itsm-lens clusters): ≥ 10 similar incidents over ≥ 3 weeks with no linked problem; not a statistical test, outside the false-discovery control';

export async function recurringCandidates(f: Frame, since: string | null): Promise<Candidate[]> {
  const res = await buildClusters(f.store, since ? { since } : {});
  const all = res.clusters.filter((c) => c.problem_candidate);
  if (all.length > MAX_RECURRING) f.notes.push(`${all.length} recurring-problem candidates: the ${MAX_RECURRING} largest are listed (all of them: itsm-lens clusters)`);
  return all
    .sort((a, b) => b.size - a.size)
    .slice(0, MAX_RECURRING)
    .map((c) => ({
      id: `recurring:${c.id}`,
      kind: 'recurring' as const,
      metric: 'cluster_size',
      dimension: 'cluster',
      member: c.label,
      at: null,
      direction: null,
      effect: c.size,
      effect_kind: 'incidents',
      value: c.size,
      baseline: null,
      unit: 'tickets',
      p_value: null,
      n: c.size,
      test: RECURRING_TEST,
      query: `SELECT t.source_id, t.title, t.opened_at FROM ticket_cluster c JOIN ticket t USING (ticket_key) WHERE c.cluster_id = '${c.id}' ORDER BY t.opened_at  -- after itsm-lens clusters`,
      large: true,
      strength: 0,
      describe: () =>
        `${c.size} incidents like "${c.label}" recurred over ${c.distinct_weeks} weeks (${c.first_seen?.slice(0, 10) ?? '?'} … ${c.last_seen?.slice(0, 10) ?? '?'}), ` +
        `${c.top_group.value ? `mostly ${c.top_group.value}` : 'no group named'}${c.top_ci.value ? ` on ${c.top_ci.value}` : ''}, with no problem record (cluster ${c.id}; not a statistical test).`,
    }));
}
