/**
 * `recurring`: problem candidates from the clusters (src/clusters: similar incidents recurring over several
 * weeks, unlinked to any problem beyond chance). Their test (binomial against the organisation's link rate,
 * Benjamini–Hochberg over the clusters) is run and controlled in clusters' own family, so here they carry no
 * p-value, stay outside the findings' Benjamini–Hochberg family and rank after the tested findings (by size).
 */
import type { ClusterResult, ClusterSummary, ExportCarries } from '../clusters/cluster.js';
import { clusterSpanWeeks } from '../clusters/candidates.js';
import { count } from './format.js';
import { day } from '../coverage/index.js';
import type { Candidate, Frame } from './types.js';
import { reproduceSql } from './prepare.js';

/** the first page names the largest few; `itsm-lens clusters` lists them all */
export const MAX_RECURRING = 10;

export const RECURRING_TEST = 'itsm-lens clusters: ≥ 10 similar incidents over ≥ 3 weeks, none linked to a problem beyond chance (binomial against the link rate, Benjamini–Hochberg over the clusters); outside the findings\' false-discovery family';

/**
 * A candidate in one sentence. The weeks are those with an incident out of the calendar weeks the cluster spans
 * ("in 27 of the 49 weeks from …", never "over 27 weeks" for a 49-week span). A field the export does not carry at
 * all (`carries`) is said to be missing from the export: "no group named" and "none is linked to a problem
 * record" would describe an organisation the data says nothing about.
 */
export function recurringSentence(c: ClusterSummary, carries: ExportCarries): string {
  const first = c.first_seen ? day(c.first_seen.slice(0, 10)) : '?';
  const last = c.last_seen ? day(c.last_seen.slice(0, 10)) : '?';
  const span = clusterSpanWeeks(c.first_seen, c.last_seen);
  const when =
    span === null
      ? `in ${count(c.distinct_weeks, 'week')} (${first} … ${last})`
      : `in ${c.distinct_weeks === span ? 'each' : c.distinct_weeks} of the ${count(span, 'week')} from ${first} to ${last}`;
  const on = c.top_ci.value ? ` on ${c.top_ci.value}` : '';
  const who = c.top_group.value ? `mostly handled by ${c.top_group.value}${on}` : carries.assignment_group ? `no group named${on}` : on.trim();
  const absent = [!carries.assignment_group && 'no assignment group', !carries.problem_link && 'no problem link'].filter(Boolean);
  const tail = carries.problem_link ? `${who ? `, ${who}` : ''}, and none is linked to a problem record` : `${who ? `, ${who}` : ''}`;
  return `${c.size.toLocaleString('en-US')} incidents like "${c.label}" recurred ${when}${tail}${absent.length ? `; the export carries ${absent.join(' and ')}` : ''}.`;
}

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
      describe: () => recurringSentence(c, res.export_carries),
      // why it is a candidate and which cluster: for the appendix and the JSON
      evidence: `${c.candidate_reason}; cluster ${c.id}`,
    }));
}
