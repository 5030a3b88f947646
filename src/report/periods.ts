import { monthPeriod, monthRange, monthStart, parseMonth, shiftMonth, type Period } from '../period/period.js';
import type { Store } from '../store/db.js';
import { chooseMonth, COMPARABLE_SHARE, monthName, firstTrendMonth, noComparison, noStatus, notComparableReason, primaryKind, type CoverageMonth } from '../coverage/index.js';

/** The report month, the months of its trend window and the comparison months, all UTC. */
export interface ReportPeriods {
  month: string;
  period: Period & { from: string; to: string };
  /** the trend window, oldest first; the last one is the report month: the months with data, up to trend_months */
  months: string[];
  /** months of the window the data covers only in part (cut by the export's first or last day), or thinly */
  marked: Array<{ month: string; mark: 'partial' | 'thin' }>;
  trend: Period & { from: string; to: string };
  previous: string;
  lastYear: string;
  /** which comparison leads in tiles and trend titles (both are shown) */
  compare: 'previous' | 'year';
  /** one line for stderr: why this month was chosen, or what is wrong with the one given */
  note: string | null;
  /** the coverage model's months and the share of a typical month below which a month is not compared */
  coverage: CoverageMonth[];
  share: number;
  /** whether the project config set the share (else it is the default) */
  shareFromConfig: boolean;
  /** where a change against the previous month / the same month last year would go: why there is none (null: shown) */
  noPrevious: string | null;
  noLastYear: string | null;
  /** why the month gets no status against its targets (null: it does) */
  noStatus: string | null;
}

/** Why the report month's figures are not set against `baseline`'s (see `comparisonReason`), or null. */
export function noComparisonWith(p: ReportPeriods, baseline: string): string | null {
  return comparisonReason(p.coverage, p.month, baseline, p.share);
}

/**
 * src/coverage's one rule, in the report's words. When the baseline is at fault, the reason says which comparison
 * is refused ("no year-ago comparison: Feb 2013 holds 10 incidents …"): a title that states the month-on-month
 * change and then "no comparison: Feb 2013 …" reads as if it contradicted itself. When the report month itself is
 * at fault, both comparisons go for the same reason, said once as "no comparison".
 */
export function comparisonReason(coverage: CoverageMonth[], month: string, baseline: string, share: number): string | null {
  const why = noComparison(coverage, month, baseline, share);
  if (why === null || noComparison(coverage, month, month, share) !== null) return why;
  const which = baseline === shiftMonth(month, -12) ? 'year-ago' : baseline === shiftMonth(month, -1) ? 'month-on-month' : null;
  return which ? why.replace(/^no comparison:/, `no ${which} comparison:`) : why;
}

/** "2025-11" → "Nov 2025": the coverage notes' words, so a tile and its "no comparison" reason say the same */
export const monthLabel = monthName;

/**
 * `--month` as given (a warning when the data covers it only in part; exit 2 when it holds no tickets), else
 * the latest complete month of typical size from the coverage model, never a month cut by the export's end.
 */
export async function resolveReportPeriods(
  store: Store,
  month: string | undefined,
  trendMonths: number,
  compare: 'previous' | 'year' = 'previous',
  share = COMPARABLE_SHARE,
  shareFromConfig = false,
): Promise<ReportPeriods> {
  if (month !== undefined) parseMonth(month);
  const { month: m, note, coverage } = await chooseMonth(store, month, share);
  // the window spans the months with data, up to trendMonths: a 3-month export draws 3 months, not 13
  const first = firstTrendMonth(coverage, share);
  const earliest = shiftMonth(m, 1 - trendMonths);
  const start = first && first > earliest ? (first <= m ? first : m) : earliest;
  const months = monthRange(start, m);
  const kindRows = new Map(coverage.filter((r) => r.kind === primaryKind(coverage)).map((r) => [r.month, r]));
  const marked = months
    .filter((x) => notComparableReason(coverage, x, share) !== null && kindRows.has(x))
    .map((x) => ({ month: x, mark: kindRows.get(x)!.complete ? ('thin' as const) : ('partial' as const) }));
  const period = monthPeriod(m);
  return {
    month: m,
    period,
    months,
    marked,
    trend: { from: monthStart(months[0]!), to: period.to },
    previous: shiftMonth(m, -1),
    lastYear: shiftMonth(m, -12),
    compare,
    note,
    coverage,
    share,
    shareFromConfig,
    noPrevious: comparisonReason(coverage, m, shiftMonth(m, -1), share),
    noLastYear: comparisonReason(coverage, m, shiftMonth(m, -12), share),
    noStatus: noStatus(coverage, m, share),
  };
}
