/**
 * `recurring`: problem candidates from the clusters (src/clusters: similar incidents recurring over several
 * weeks, unlinked to any problem beyond chance). Their test (binomial against the organisation's link rate,
 * Benjamini–Hochberg over the clusters) is run and controlled in clusters' own family, so here they carry no
 * p-value, stay outside the findings' Benjamini–Hochberg family and rank after the tested findings (by size).
 */
import type { ClusterResult } from '../clusters/cluster.js';
import { day } from '../coverage/index.js';
import type { Candidate, Frame } from './types.js';
import { reproduceSql } from './prepare.js';

/** the first page names the largest few; `itsm-lens clusters` lists them all */
export const MAX_RECURRING = 10;

export const RECURRING_TEST = 'itsm-lens clusters: ≥ 10 similar incidents over ≥ 3 weeks, none linked to a problem beyond chance (binomial against the link rate, Benjamini–Hochberg over the clusters); outside the findings\' false-discovery family';

/** The problem candidates among `res`, the clusters of the analysis window (computeFindings builds them, or the report gives its own). */
export function recurringCandidates(f: Frame, res: ClusterResult): Candidate[] {
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
      query: reproduceSql('recurring', { cluster: `'${c.id}'` }),
      large: true,
      strength: 0,
      describe: () =>
        `${c.size.toLocaleString('en-US')} incidents like "${c.label}" recurred over ${c.distinct_weeks} weeks (${c.first_seen ? day(c.first_seen.slice(0, 10)) : '?'} … ${c.last_seen ? day(c.last_seen.slice(0, 10)) : '?'}), ` +
        `${c.top_group.value ? `mostly handled by ${c.top_group.value}` : 'no group named'}${c.top_ci.value ? ` on ${c.top_ci.value}` : ''}, and none is linked to a problem record.`,
      // why it is a candidate and which cluster: for the appendix and the JSON
      evidence: `${c.candidate_reason}; cluster ${c.id}`,
    }));
}
