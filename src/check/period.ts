/** The checked period and its baselines: the previous period of the same length, or the same period a year earlier. */
import { UserError } from '../errors.js';
import type { Period } from '../metrics/kpi.js';

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

