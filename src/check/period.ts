/** The checked period and its baselines: the previous period of the same length, or the same period a year earlier. */
import { UserError } from '../errors.js';
import type { Store } from '../store/db.js';
import type { Period } from '../metrics/kpi.js';
import { defaultMonth, loadCoverage, notComparableReason } from '../coverage/index.js';

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** True when the period is exactly one calendar month (UTC). */
function monthOf(p: Period): string | null {
  if (!p.from || !p.to) return null;
  const f = new Date(p.from);
  const t = new Date(p.to);
  if (f.getUTCDate() !== 1 || f.getUTCHours() || f.getUTCMinutes() || f.getUTCSeconds()) return null;
  const next = new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1));
  return next.getTime() === t.getTime() ? p.from.slice(0, 7) : null;
}

export function baselinePeriod(p: Period, compare: 'previous' | 'year'): Period {
  if (!p.from || !p.to) throw new UserError(`compare: ${compare} needs a bounded period: pass --month or --from and --to`);
  const f = new Date(p.from);
  const t = new Date(p.to);
  if (compare === 'year') {
    return { from: iso(new Date(Date.UTC(f.getUTCFullYear() - 1, f.getUTCMonth(), f.getUTCDate(), f.getUTCHours(), f.getUTCMinutes(), f.getUTCSeconds()))),
      to: iso(new Date(Date.UTC(t.getUTCFullYear() - 1, t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()))) };
  }
  // a calendar month's previous period is the previous calendar month (not the 30 days before it)
  if (monthOf(p)) return { from: iso(new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() - 1, 1))), to: p.from };
  return { from: iso(new Date(2 * f.getTime() - t.getTime())), to: p.from };
}

export function periodLabel(p: Period): string {
  const m = monthOf(p);
  if (m) return m;
  if (!p.from && !p.to) return 'all data';
  return `${p.from ?? '…'} … ${p.to ?? '…'}`;
}

/**
 * The month a check looks at: `--month` as given (a warning when the data covers it only in part; exit 2
 * when no ticket was opened in it, so a gate never passes on nothing), or without a period the latest
 * complete month of typical size from the coverage model, never one cut by the export's last day.
 */
export async function checkMonth(store: Store, month: string | undefined): Promise<{ month: string; note: string | null }> {
  const coverage = await loadCoverage(store);
  if (month === undefined) {
    const d = defaultMonth(coverage);
    return { month: d.month, note: d.why };
  }
  if (!coverage.some((r) => r.kind === '*' && r.month === month && r.opened > 0)) {
    throw new UserError(`--month ${month}: no tickets were opened in it, so no rule can be evaluated; ${notComparableReason(coverage, month) ?? 'choose a month with data'}`);
  }
  const why = notComparableReason(coverage, month);
  return { month, note: why ? `warning: ${why}` : null };
}
