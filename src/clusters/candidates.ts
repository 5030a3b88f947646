/**
 * Which clusters are problem candidates: recurring incidents that no problem record links, beyond chance.
 * Every cluster with at least `minSize` incidents over at least `minWeeks` distinct weeks is tested:
 *  - when the organisation links some incidents to problems (rate p > 0), H0 is "this cluster's incidents are
 *    linked at the organisation's rate"; the one-sided p-value of x links among n incidents is the binomial
 *    P(X ≤ x) (for x = 0: (1 − p)^n). p-values are adjusted by Benjamini–Hochberg at `q` (0.05) over the tested
 *    clusters that could reach q at all (Tarone/Gilbert: a cluster whose best possible outcome, no link, is not
 *    below q cannot be a discovery and would only dilute the others), and a candidate is a cluster with no
 *    linked problem whose q-value ≤ q. 20 unlinked incidents where 3 % are linked is no evidence; 300 are.
 *  - when none is linked (p = 0) the data cannot separate neglect from chance, so every unlinked recurring
 *    cluster is a candidate. Its reason says which case it is: the export carries no problem link at all (no
 *    incident of the loaded data names one: it says nothing about the organisation), or no incident in scope
 *    names one though others in the data do.
 * Clusters are summaries (hundreds to thousands), so this runs in JS.
 */
import { benjaminiHochberg, lnGamma } from '../stats/distributions.js';
import type { ClusterSummary } from './cluster.js';

export interface CandidateOptions {
  minSize: number;
  minWeeks: number;
  /** share of the incidents in scope that name a problem record */
  linkRate: number;
  /** whether any incident of the loaded data names a problem record (false: the export carries no problem link) */
  linkInExport: boolean;
  /** false-discovery rate for the unlinked-beyond-chance test (default 0.05) */
  q?: number;
}

/** Binomial P(X ≤ x) for X ~ Bin(n, p), summed in log space (x is small next to n for the clusters tested). */
export function binomialCdf(x: number, n: number, p: number): number {
  if (x >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const lnC = (k: number) => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);
  let sum = 0;
  for (let k = 0; k <= x; k++) sum += Math.exp(lnC(k) + k * lp + (n - k) * lq);
  return Math.min(1, sum);
}

/** "30 incidents in 3 distinct weeks" (weeks with an incident, not the span: clusterSpanWeeks gives that) */
const recurrence = (c: ClusterSummary) => `${c.size} incidents in ${c.distinct_weeks} distinct weeks`;

/**
 * The calendar (ISO, Monday-based) weeks from the first incident's week to the last one's, both counted: the span
 * that distinct_weeks is out of. First and last seen as ISO 8601 (the day read in UTC); null when either is unknown.
 */
export function clusterSpanWeeks(firstSeen: string | null, lastSeen: string | null): number | null {
  if (!firstSeen || !lastSeen) return null;
  const monday = (iso: string) => {
    const d = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
    return d - ((new Date(d).getUTCDay() + 6) % 7) * 86_400_000;
  };
  return Math.round((monday(lastSeen) - monday(firstSeen)) / (7 * 86_400_000)) + 1;
}

/** Sets problem_candidate and candidate_reason on each cluster (in place). */
export function markCandidates(clusters: ClusterSummary[], o: CandidateOptions): void {
  const q = o.q ?? 0.05;
  const recurring: ClusterSummary[] = [];
  for (const c of clusters) {
    const why: string[] = [];
    if (c.size < o.minSize) why.push(`${c.size} incidents < ${o.minSize}`);
    if (c.distinct_weeks < o.minWeeks) why.push(`${c.distinct_weeks} weeks < ${o.minWeeks}`);
    c.problem_candidate = false;
    c.candidate_reason = why.join('; ');
    if (why.length === 0) recurring.push(c);
  }
  const linkedText = (c: ClusterSummary) =>
    `linked to ${c.linked_problems.length === 1 ? 'problem' : 'problems'} ${c.linked_problems.slice(0, 3).join(', ')}${c.linked_problems.length > 3 ? ' …' : ''}`;
  if (o.linkRate <= 0) {
    for (const c of recurring) {
      c.problem_candidate = c.linked_problems.length === 0;
      c.candidate_reason = c.problem_candidate
        ? `${recurrence(c)}, no problem record: ${o.linkInExport ? 'no incident in scope names one' : 'the export carries no problem link (problem_ref empty on every incident)'}, so chance cannot be told from neglect`
        : linkedText(c);
    }
    return;
  }
  const pct = (100 * o.linkRate).toFixed(1);
  // only clusters whose best outcome (no link) could reach q are counted in the adjustment
  const testable = recurring.filter((c) => Math.exp(c.size * Math.log1p(-o.linkRate)) <= q);
  const p = testable.map((c) => binomialCdf(c.linked_tickets, c.size, o.linkRate));
  const qs = benjaminiHochberg(p);
  const qOf = new Map(testable.map((c, i) => [c, { p: p[i]!, q: qs[i]! }]));
  for (const c of recurring) {
    const t = qOf.get(c);
    if (c.linked_problems.length > 0) {
      c.candidate_reason = linkedText(c);
    } else if (!t) {
      c.candidate_reason = `no linked problem, but with ${pct} % of incidents linked, ${c.size} unlinked incidents happen by chance (p = ${Math.exp(c.size * Math.log1p(-o.linkRate)).toPrecision(2)})`;
    } else {
      c.problem_candidate = t.q <= q;
      c.candidate_reason = c.problem_candidate
        ? `${recurrence(c)}, none linked to a problem although ${pct} % of incidents are (chance p = ${t.p.toPrecision(2)}, q = ${t.q.toPrecision(2)})`
        : `no linked problem, but not beyond chance with ${pct} % of incidents linked (p = ${t.p.toPrecision(2)}, q = ${t.q.toPrecision(2)} > ${q})`;
    }
  }
}
