/**
 * Findings: statistically tested highlights (`itsm-lens findings`, the report's first page).
 *
 * Everything heavy is SQL over the per-ticket frame (prepare.ts); the tests run in TypeScript on the
 * aggregates. Every tested hypothesis of every kind joins one Benjamini–Hochberg family at level q
 * (default 0.05); a finding is reported when its q-value ≤ q AND its effect reaches the kind's minimum
 * (thresholds.ts), then ranked by effect ÷ minimum × tickets affected. Recurring-problem candidates are
 * not tests: they rank after the tested findings, outside the family. How each kind is tested, its effect
 * size and minimum sample: thresholds.ts.
 */
import { benjaminiHochberg } from '../stats/distributions.js';
import { lit, type Store } from '../store/db.js';
import { UserError } from '../errors.js';
import { monthStart, resolvePeriod, shiftMonth } from '../period/period.js';
import { changePointCandidates } from './changepoint.js';
import { concentrationCandidates } from './concentration.js';
import { imbalanceCandidates } from './imbalance.js';
import { outlierCandidates } from './outlier.js';
import { FRAME_SQL, prepareFrame, type Window } from './prepare.js';
import { sqlOf } from '../store/sql-file.js';
import { DEFAULT_PEOPLE, PERSON_DIMENSIONS, peopleFor } from '../privacy/people.js';
import { recurringCandidates } from './recurring.js';
import { buildClusters } from '../clusters/cluster.js';
import { DEFAULT_Q } from './thresholds.js';
import { statisticsText } from './format.js';
import { trendCandidates } from './trend.js';
import type { Candidate, Finding, FindingsDocument, FindingsOptions, Frame } from './types.js';
import { round } from '../stats/round.js';

export type { Finding, FindingsDocument, FindingsResult, FindingsOptions } from './types.js';

/** The analysis window: the period, or with --month the twelve months ending with it (trend context). */
export function findingsWindow(opts: Pick<FindingsOptions, 'month' | 'from' | 'to'>): Window {
  const p = resolvePeriod(opts);
  if (opts.month) return { from: monthStart(shiftMonth(opts.month, -11)), to: p.to, periodFrom: p.from, periodTo: p.to };
  return { from: p.from, to: p.to, periodFrom: p.from, periodTo: p.to };
}

function resolveQ(opts: FindingsOptions): number {
  const q = opts.q ?? opts.projectConfig?.findings?.q ?? DEFAULT_Q;
  if (typeof q !== 'number' || !Number.isFinite(q) || q <= 0 || q >= 1) throw new UserError(`q must be a number between 0 and 1 (got ${String(q)})`);
  return q;
}

/**
 * The window whose clusters feed the recurring candidates: the analysis window's (with --month, the twelve months
 * ending with it), so that recurrence over weeks is seen and a pack cites no date after its month;
 * `clusters --since <since> --until <until>` agrees. Days (YYYY-MM-DD); `until` exclusive; null: unbounded.
 */
export function recurringWindow(w: Pick<Window, 'from' | 'to'>): { since?: string; until?: string } {
  return { ...(w.from ? { since: w.from.slice(0, 10) } : {}), ...(w.to ? { until: w.to.slice(0, 10) } : {}) };
}

/**
 * recurringWindow of the analysis window less the months at the export's edges that the coverage model leaves
 * out (the findings frame's coverageWindow): a cluster's "27 of the 49 weeks from 27 Mar 2013" counted weeks
 * the HPSM export does not cover (it holds the odd long-lived incident before Oct 2013). `share` and `coverage`
 * as computeFindings gets them, so that the frame built here is the one the findings reuse.
 */
export async function coveredRecurringWindow(store: Store, w: Window, share?: number, coverage?: FindingsOptions['coverage']): Promise<{ since?: string; until?: string }> {
  const prep = await prepareFrame(store, w, share, coverage);
  return recurringWindow('frame' in prep ? prep.frame.coverageWindow : w);
}

export async function computeFindings(store: Store, opts: FindingsOptions = {}): Promise<FindingsDocument> {
  const q = resolveQ(opts);
  const w = findingsWindow(opts);
  const period = { from: w.periodFrom, to: w.periodTo };
  const prep = await prepareFrame(store, w, opts.projectConfig?.coverage?.minShare, opts.coverage);
  if ('reason' in prep) return { schema: 'itsm-lens/findings@1', period, q, tested: 0, findings: [], notes: [prep.reason] };
  // the people policy (default aggregate: no assignee or requester named; a redacted database at least pseudonymised)
  const people = await peopleFor(store, opts.projectConfig?.people ?? DEFAULT_PEOPLE);
  const f: Frame = { ...prep.frame, person: people.person };
  if (people.note) f.notes.push(people.note);
  // the assignees not named are #1, #2, … in the order of their salted tokens: one label per person in every kind of
  // finding, the same on every run, and saying nothing of the person (neither their tickets nor where the name sorts)
  if (people.policy === 'aggregate') {
    const byToken = (await store.all<{ m: string }>(sqlOf(FRAME_SQL, 'members', { dim: '"assignee"', min: 1 }))).map(({ m }) => ({ m, t: people.token(m) }));
    byToken.sort((a, b) => codeOrder(a.t, b.t) || codeOrder(a.m, b.m));
    for (const { m } of byToken) f.unnamed(m);
  }
  // one hypothesis per set of tickets: aliases would count twice in the family and lower each other's q
  const tested: Candidate[] = dropAliases([
    ...withPeopleProtected(f, [...(await trendCandidates(f)), ...(await changePointCandidates(f))]),
    ...(await outlierCandidates(f)),
    ...(await imbalanceCandidates(f)),
    ...(await concentrationCandidates(f)),
  ]);
  const qs = benjaminiHochberg(tested.map((c) => c.p_value ?? 1));
  const kept = dropSubsumed(tested.map((c, i) => ({ c, q: qs[i]! })).filter(({ c, q: qv }) => qv <= q && c.large));
  // the document's key order: what a reader scans first
  const finish = (c: Candidate, qv: number | null, score: number): Finding => ({
    rank: 0,
    id: c.id,
    kind: c.kind,
    summary: c.describe(),
    metric: c.metric,
    dimension: c.dimension,
    member: c.member,
    at: c.at,
    direction: c.direction,
    effect: c.effect,
    effect_kind: c.effect_kind,
    value: c.value,
    baseline: c.baseline,
    unit: c.unit,
    n: c.n,
    p_value: c.p_value,
    q_value: qv,
    score: round(score, 2),
    test: c.test,
    statistics: statisticsText(c, qv) + (c.evidence ? `; ${c.evidence}` : ''),
    query: c.query,
    ...(c.series ? { series: c.series } : {}),
    ...(c.notes ? { notes: c.notes } : {}),
  });
  // equal scores (rounded to 2 places) in id order: the candidates' own order follows SQL rows, which vary run to run
  const findings = kept.map(({ c, q: qv }) => finish(c, qv, c.strength * c.n)).sort((a, b) => b.score - a.score || codeOrder(a.id, b.id));
  // the clusters of the analysis window within the export's coverage: what `clusters --since <its first day>` prints (the report passes the ones it shows)
  const recurring = recurringCandidates(f, opts.clusters ?? (await buildClusters(store, { ...recurringWindow(f.coverageWindow), ticketClusters: false })));
  findings.push(...recurring.map((c) => finish(c, null, 0)).sort((a, b) => b.n - a.n || codeOrder(a.id, b.id)));
  findings.forEach((x, i) => (x.rank = i + 1));
  // first: what was tested (a report shows notes[0] when nothing is found)
  const notes = [
    `${tested.length} hypotheses tested; Benjamini–Hochberg at q = ${q}; reported when q ≤ ${q} and the effect reaches its minimum (see README: findings)`,
    ...f.notes,
    f.settledBy === 'closed_only'
      ? `durations and SLA judged on ${f.population} opened before ${f.settledEnd.slice(0, 16).replace('T', ' ')} UTC, the settled end of the coverage model (above: the export holds ended ${f.population} only); resolution time capped at ${Math.round(f.horizonHours)} h, the 90th percentile`
      : `durations and SLA judged on ${f.population} opened before ${f.settledEnd.slice(0, 16).replace('T', ' ')} UTC, the settled end of the coverage model (the export's end less ${Math.round(f.horizonHours)} h, the 90th percentile of resolution time); resolution time capped there`,
    ...(recurring.length ? [`recurring-problem candidates (clustering) are listed after the tested findings, outside the false-discovery control`] : []),
  ];
  return { schema: 'itsm-lens/findings@1', period, q, tested: tested.length, findings, notes };
}

/** Strings in code-unit order (not the locale's): the same on every machine. */
const codeOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Trends and change points per assignee name their member in the id, the sentence and the query: written here
 * as the people policy says (imbalance, outlier and concentration write it so themselves). Not named: the
 * sentence says "one assignee", the id takes a neutral key and the query a `$assignee` parameter.
 */
function withPeopleProtected(f: Frame, candidates: Candidate[]): Candidate[] {
  return candidates.map((c) => {
    if (!c.dimension || !PERSON_DIMENSIONS.has(c.dimension) || c.member === null) return c;
    const value = c.member;
    const shown = f.person(value);
    if (shown === value) return c;
    const key = shown ?? f.unnamed(value);
    const said = shown === null ? `one ${c.dimension}` : `${c.dimension} ${shown}`;
    return {
      ...c,
      id: c.id.replace(`${c.dimension}=${value}`, `${c.dimension}=${key}`),
      member: shown,
      query: `-- the ${c.dimension} is not named (people policy): bind $${c.dimension}\n${c.query.replaceAll(lit(value), `$${c.dimension}`)}`,
      describe: () => c.describe().replaceAll(`${c.dimension} ${value}`, said),
    };
  });
}

/**
 * A member's change point in the same month, metric and direction as an overall one is the overall change
 * seen again in a subset (its size in a small subset is mostly noise): only the overall one is kept. Same
 * for a member's trend, unless it is at least 1.5× the overall trend (then the member drives it).
 */
function dropSubsumed<T extends { c: Candidate }>(kept: T[]): T[] {
  const overall = new Map(
    kept.filter(({ c }) => (c.kind === 'change_point' || c.kind === 'trend') && c.dimension === null).map(({ c }) => [`${c.kind}:${c.metric}@${c.at}`, c]),
  );
  return kept.filter(({ c }) => {
    if ((c.kind !== 'change_point' && c.kind !== 'trend') || c.dimension === null) return true;
    const o = overall.get(`${c.kind}:${c.metric}@${c.at}`);
    if (!o || o.direction !== c.direction) return true;
    return c.kind === 'trend' && Math.abs(c.effect) >= 1.5 * Math.abs(o.effect);
  });
}

/**
 * Members of different dimensions that hold exactly the same tickets (category Network, group Network
 * Operations, service Corporate Network) give identical statistics: keep the first dimension's finding and
 * name the others in its notes.
 */
function dropAliases(candidates: Candidate[]): Candidate[] {
  const order = ['category', 'priority', 'group', 'service', 'location', 'ci', 'assignee'];
  const rank = (d: string | null) => (d === null ? -1 : order.indexOf(d));
  const sorted = [...candidates].sort((a, b) => rank(a.dimension) - rank(b.dimension));
  const first = new Map<string, Candidate>();
  const out: Candidate[] = [];
  for (const c of sorted) {
    // rounded: the same tickets aggregated in parallel differ in the last bits (sums in another order), and exact
    // equality made the family size vary from run to run (2,689–2,717 hypotheses on one 1M-ticket database)
    const r = (x: number | null) => (x === null ? 'null' : x.toPrecision(9));
    const sig = `${c.kind}|${c.metric}|${c.at}|${c.direction}|${c.n}|${r(c.p_value)}|${r(c.effect)}|${r(c.value)}`;
    const head = first.get(sig);
    if (head && head.dimension !== c.dimension) {
      // c.member is already as the people policy writes it (null: a person not named)
      head.notes = [...(head.notes ?? []), `the same tickets as ${c.member === null ? `one ${c.dimension}` : `${c.dimension} ${c.member}`}`];
      continue;
    }
    first.set(sig, c);
    out.push(c);
  }
  return out;
}

