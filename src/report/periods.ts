import { UserError } from '../errors.js';
import type { Period } from '../metrics/kpi.js';
import type { Store } from '../store/db.js';

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
 * `--month` as given, else the month of the latest ticket opened: the report is about the most recent data
 * (which may be a month in progress; the title block says where the data ends).
 */
export async function resolveReportPeriods(
  store: Store,
  month: string | undefined,
  trendMonths: number,
  compare: 'previous' | 'year' = 'previous',
): Promise<ReportPeriods> {
  let m = month;
  if (m !== undefined) {
    const ok = /^(\d{4})-(\d{2})$/.exec(m);
    if (!ok || Number(ok[2]) < 1 || Number(ok[2]) > 12) throw new UserError(`--month '${m}': expected YYYY-MM`);
  } else {
    const r = await store.one<{ m: string | null }>(`SELECT strftime(make_timestamp(epoch_us(max(opened_at))), '%Y-%m') AS m FROM ticket`);
    if (!r?.m) throw new UserError('no tickets with an opened time are loaded; ingest exports first (itsm-lens ingest) or pass --month');
    m = r.m;
  }
  const months = Array.from({ length: trendMonths }, (_, i) => shiftMonth(m!, i - trendMonths + 1));
  const to = monthStart(shiftMonth(m, 1));
  return {
    month: m,
    period: { from: monthStart(m), to },
    months,
    trend: { from: monthStart(months[0]!), to },
    previous: shiftMonth(m, -1),
    lastYear: shiftMonth(m, -12),
    compare,
  };
}
