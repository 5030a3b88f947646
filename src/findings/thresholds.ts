import { normalQuantile } from '../stats/distributions.js';

/**
 * What findings test, how, and the smallest effect and sample worth reporting. Data, not logic: the test
 * modules read these. Effects below the minimum are still tested (they count in the Benjamini–Hochberg
 * family) but never reported, so that a trivially small but significant effect on a big export stays out.
 *
 * | kind          | test                                                        | effect                               | minimum sample |
 * |---------------|-------------------------------------------------------------|--------------------------------------|----------------|
 * | trend         | Mann–Kendall (tie-corrected) on weekly volume or monthly    | Theil–Sen change over the window:    | 8 points (volume), 6 points of ≥ 5 tickets |
 * |               | medians / rates; Theil–Sen slope                            | relative (volume, time) or points    |                |
 * | change_point  | one month against the other months: rate/proportion z with  | relative change (volume, time) or    | 20 tickets in the month (50 for a member), 3 other months |
 * |               | their overdispersion; Mann–Whitney for resolution time      | percentage points (rates)            |                |
 * | outlier       | van Elteren stratified Mann–Whitney on resolution time,     | median of time ÷ stratum median,     | 20 tickets of the member, 20 of the rest |
 * |               | against the rest doing the same category × priority work    | member vs rest (ratio); AUC          |                |
 * | imbalance     | chi-square against equal shares of assignments among a      | top assignee's share ÷ equal share   | 3 assignees, 10 tickets each on average |
 * |               | group's assignees                                           |                                      |                |
 * | concentration | Fisher exact (hypergeometric) for a value's share inside a  | share inside ÷ share outside (lift)  | 20 tickets in the member, 5 with the value |
 * |               | member vs outside; Bonferroni over the member's values      |                                      |                |
 */
export const METRICS = {
  volume: { label: 'volume', unit: 'tickets', effectKind: 'relative_change', minEffect: 0.3 },
  resolution_time: { label: 'resolution time', unit: 'hours', effectKind: 'relative_change', minEffect: 0.3 },
  sla_attainment: { label: 'SLA attainment', unit: 'proportion', effectKind: 'points_change', minEffect: 0.05 },
  reopen_rate: { label: 'reopen rate', unit: 'proportion', effectKind: 'points_change', minEffect: 0.03 },
} as const;
export type MetricId = keyof typeof METRICS;

/** Dimensions and their canonical columns (the kpi --by names). */
export const DIMENSION_COLUMNS: Record<string, string> = {
  category: 'category',
  priority: 'priority',
  group: 'assignment_group',
  assignee: 'assignee',
  location: 'location',
  service: 'service',
  ci: 'ci_name',
};

export const TREND = {
  dimensions: ['category', 'priority', 'group', 'assignee', 'location', 'service', 'ci'],
  /** a member enters the trend tests with at least this many tickets and this share of the population */
  minMemberTickets: 40,
  minMemberShare: 0.02,
  minVolumePoints: 8,
  minPoints: 6,
  minPointTickets: 5,
  test: { volume: 'Mann–Kendall on weekly counts, Theil–Sen slope', other: 'Mann–Kendall on {unit}ly values, Theil–Sen slope' },
};

export const CHANGE_POINT = {
  dimensions: ['category', 'priority', 'group', 'service'],
  minMemberTickets: 40,
  minMemberShare: 0.02,
  minMonthTickets: 20,
  /** a member's month needs more: small subsets swing by chance, and the overall change is tested anyway */
  minMemberMonthTickets: 50,
  minOtherMonths: 3,
  test: {
    volume: 'month vs other months: Poisson rate z (weekday-weighted exposure, overdispersion from the other months)',
    proportion: 'month vs other months: two-proportion z (overdispersion from the other months)',
    resolution_time: 'month vs other months: Mann–Whitney U (tie-corrected)',
  },
};

export const OUTLIER = {
  /** who handles the work; strata = the work they handle */
  dimensions: { group: ['category', 'priority'], assignee: ['assignment_group', 'category', 'priority'], location: ['category', 'priority'] } as Record<string, string[]>,
  minMemberTickets: 20,
  minRestTickets: 20,
  /** median-ratio minimum: 1.5× slower or 1/1.5 faster than the rest on the same work */
  minRatio: 1.5,
  test: 'van Elteren stratified Mann–Whitney on resolution time (strata: {strata})',
};

export const IMBALANCE = {
  minAssignees: 3,
  minMeanTickets: 10,
  /** the top assignee's share must be at least this multiple of an equal share */
  minShareRatio: 2,
  test: "chi-square goodness of fit against equal shares among the group's assignees",
};

export const CONCENTRATION = {
  /** member dimension → fields whose values may dominate it (fields not nested in the dimension) */
  pairs: { category: ['location', 'requester'], group: ['location', 'requester'], service: ['location', 'requester'] } as Record<string, string[]>,
  minMemberTickets: 20,
  minValueTickets: 5,
  minShare: 0.25,
  minLift: 2,
  test: 'Fisher exact (hypergeometric) share in the member vs outside, Bonferroni over the member’s values',
};

export const DEFAULT_Q = 0.05;

/**
 * "Large" means large at the near end of its 95 % interval, not only at its estimate: a noisy small-sample
 * effect that only just reaches significance is shrunk toward zero by 1.96/|z| of itself (the interval's
 * half-width, with the standard error read back from the p-value). `effect` and `min` on the test's scale
 * (log for ratios, points for proportions).
 */
export function confidentlyLarge(effect: number, min: number, p: number | null): boolean {
  if (p === null) return Math.abs(effect) >= min;
  const z = p <= 0 ? Infinity : normalQuantile(1 - p / 2);
  return Math.abs(effect) * Math.max(0, 1 - 1.96 / z) >= min;
}
export const logRatio = (ratio: number): number => (ratio > 0 ? Math.log(ratio) : -Infinity);

/** Ranking weight of an effect: its size in units of the reporting minimum, capped so one absurd ratio cannot own the page. */
export const MAX_STRENGTH = 10;
/** for relative effects (+30 %, 3× slower): on the log scale, so halving and doubling weigh the same */
export const relativeStrength = (ratio: number, minRatio: number): number =>
  ratio > 0 ? Math.min(MAX_STRENGTH, Math.abs(Math.log(ratio)) / Math.log(minRatio)) : MAX_STRENGTH;
/** for differences of proportions (percentage points) and plain ratios */
export const linearStrength = (effect: number, min: number): number => Math.min(MAX_STRENGTH, Math.abs(effect) / min);
