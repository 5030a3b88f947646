import { UserError } from '../errors.js';
import type { Period } from '../metrics/kpi.js';
import type { Store } from '../store/db.js';
import { chooseMonth } from '../coverage/index.js';

/** The report month, the months of its trend window and the comparison months, all UTC. */
export interface ReportPeriods {
  month: string;
  period: Period & { from: string; to: string };
  /** oldest first; the last one is the report month */
  months: string[];
  trend: Period & { from: string; to: string };
  previous: string;
  lastYear: string;
  /** which comparison leads in tiles and trend titles (both are shown) */
  compare: 'previous' | 'year';
  /** one line for stderr: why this month was chosen, or what is wrong with the one given */
  note: string | null;
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + by;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export const monthStart = (month: string): string => `${month}-01T00:00:00Z`;

/** "2025-11" → "Nov 2025" */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`;
}

/**
 * `--month` as given (a warning when the data covers it only in part; exit 2 when it holds no tickets), else
 * the latest complete month of typical size from the coverage model, never a month cut by the export's end.
 */
export async function resolveReportPeriods(
  store: Store,
  month: string | undefined,
  trendMonths: number,
  compare: 'previous' | 'year' = 'previous',
): Promise<ReportPeriods> {
  if (month !== undefined) {
    const ok = /^(\d{4})-(\d{2})$/.exec(month);
    if (!ok || Number(ok[2]) < 1 || Number(ok[2]) > 12) throw new UserError(`--month '${month}': expected YYYY-MM`);
  }
  const { month: m, note } = await chooseMonth(store, month);
  const months = Array.from({ length: trendMonths }, (_, i) => shiftMonth(m, i - trendMonths + 1));
  const to = monthStart(shiftMonth(m, 1));
  return {
    month: m,
    period: { from: monthStart(m), to },
    months,
    trend: { from: monthStart(months[0]!), to },
    previous: shiftMonth(m, -1),
    lastYear: shiftMonth(m, -12),
    compare,
    note,
  };
}
