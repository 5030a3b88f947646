/**
 * Periods: parsing `--month` / `--from` / `--to`, month arithmetic, baselines, labels, and the SQL condition
 * "in the period". Every command (kpi, check, report, findings) takes its period from here, so that they agree
 * on what a month is. A period is half-open [from, to), ISO 8601 UTC instants; null = unbounded.
 * Months are `YYYY-MM` strings in UTC. Weeks and quarters are not periods a command takes.
 */
import { UserError } from '../errors.js';
import { lit } from '../store/db.js';

export interface Period {
  from: string | null;
  to: string | null;
}

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An instant as the periods write it: ISO 8601 UTC, milliseconds only when there are some. */
export const isoInstant = (d: Date | number): string => new Date(d).toISOString().replace('.000Z', 'Z');

/** "2016-05-13" (or an instant) → "13 May 2016" */
export const day = (d: string): string => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;

/** "2013-03" → "Mar 2013" */
export const monthName = (m: string): string => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;

/**
 * A month as far as the data covers it, for a sentence: "Mar 2014" when [first, last] (YYYY-MM-DD, inclusive)
 * spans the whole month, else the days covered: "1–11 Mar 2014" (an export cut mid-month must not read as the
 * whole month), or "11 Mar 2014" for one day.
 */
export function monthPart(month: string, first: string, last: string): string {
  const lastOfMonth = new Date(Date.parse(monthStart(shiftMonth(month, 1))) - DAY_MS).toISOString().slice(0, 10);
  const from = first > `${month}-01` ? first.slice(0, 10) : `${month}-01`;
  const to = last < lastOfMonth ? last.slice(0, 10) : lastOfMonth;
  if (from === `${month}-01` && to === lastOfMonth) return monthName(month);
  return from === to ? day(from) : `${Number(from.slice(8, 10))}–${day(to)}`;
}

/** `--month` checked: YYYY-MM with a month 01–12, else exit 2 naming the flag. */
export function parseMonth(month: string, flag = '--month'): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new UserError(`${flag} '${month}': expected YYYY-MM`);
  return month;
}

/** The month `by` months after `month` (before, when negative): "2024-12" + 1 → "2025-01". */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + by;
  const year = Math.floor(idx / 12);
  return `${String(year).padStart(4, '0')}-${String(idx - year * 12 + 1).padStart(2, '0')}`;
}

/** "2016-03" → "2016-03-01T00:00:00Z" */
export const monthStart = (month: string): string => `${month}-01T00:00:00Z`;

/** A calendar month as a period: [its first day, the next month's first day). */
export function monthPeriod(month: string): Period & { from: string; to: string } {
  return { from: monthStart(month), to: monthStart(shiftMonth(month, 1)) };
}

/** YYYY-MM-DD naming a real day (Date.parse takes 'March 2024' and rolls 2024-02-30 over; DuckDB's cast takes neither). */
export function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** `--month 2016-03` or `--from/--to` (dates or timestamps, UTC) → a half-open period [from, to). */
export function resolvePeriod(opts: { month?: string; from?: string; to?: string }): Period {
  if (opts.month) return monthPeriod(parseMonth(opts.month));
  const iso = (v: string | undefined, name: string) => {
    if (!v) return null;
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    if (Number.isNaN(d.getTime())) throw new UserError(`--${name} '${v}': expected a date like 2016-03-01`);
    // JavaScript rolls an impossible day over (2024-02-30 → 1 March) without a word
    const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
    if (ymd && !isCalendarDate(ymd[0])) throw new UserError(`--${name} '${v}': ${ymd[1]}-${ymd[2]} has no day ${ymd[3]}`);
    return isoInstant(d);
  };
  const p = { from: iso(opts.from, 'from'), to: iso(opts.to, 'to') };
  if (p.from && p.to && p.from >= p.to) throw new UserError(`--from must be before --to`);
  return p;
}

/** The month (YYYY-MM) when the period is exactly one calendar month (UTC), else null. */
export function monthOf(p: Period): string | null {
  if (!p.from || !p.to) return null;
  const f = Date.parse(p.from);
  const t = Date.parse(p.to);
  if (Number.isNaN(f) || Number.isNaN(t)) return null;
  const month = isoInstant(f).slice(0, 7);
  const m = monthPeriod(month);
  return Date.parse(m.from) === f && Date.parse(m.to) === t ? month : null;
}

/**
 * The period a regression is tested against: the same period a year earlier, or the previous one — for a
 * calendar month the previous calendar month (not the 30 days before it), else the period of the same length
 * just before. A year back from 29 February is 1 March (JavaScript's roll-over; kept as it was).
 */
export function baselinePeriod(p: Period, compare: 'previous' | 'year'): Period {
  if (!p.from || !p.to) throw new UserError(`compare: ${compare} needs a bounded period: pass --month or --from and --to`);
  const f = new Date(p.from);
  const t = new Date(p.to);
  if (compare === 'year') {
    const back = (d: Date) => isoInstant(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
    return { from: back(f), to: back(t) };
  }
  const month = monthOf(p);
  if (month) return { from: monthStart(shiftMonth(month, -1)), to: p.from };
  return { from: isoInstant(2 * f.getTime() - t.getTime()), to: p.from };
}

/** A short label (check's documents): "2016-03" for a calendar month, "all data", else "from … to". */
export function periodLabel(p: Period): string {
  const m = monthOf(p);
  if (m) return m;
  if (!p.from && !p.to) return 'all data';
  return `${p.from ?? '…'} … ${p.to ?? '…'}`;
}

/** A period in words: "2016-05 (1 May 2016 – 31 May 2016, UTC)", "from 1 Mar 2016 (UTC)"; `to` is exclusive. */
export function periodWords(p: Period): string {
  const midnight = (v: string) => /T00:00:00(\.0+)?Z$/.test(v);
  const last = p.to ? (midnight(p.to) ? day(isoInstant(Date.parse(p.to) - DAY_MS)) : `before ${p.to}`) : null;
  const first = p.from ? (midnight(p.from) ? day(p.from) : p.from) : null;
  const month = monthOf(p);
  if (first && last) return month ? `${month} (${first} – ${last}, UTC)` : `${first} – ${last} (UTC)`;
  return first ? `from ${first} (UTC)` : `until ${last} (UTC)`;
}

/** The months (YYYY-MM) from `first` to `last`, both included; empty when `last` is before `first`. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (let x = first; x <= last; x = shiftMonth(x, 1)) out.push(x);
  return out;
}

/** Whether month `m` (YYYY-MM) overlaps the period, by dates: the end's own date counts as outside (findings' edge months). */
export function monthOverlaps(m: string, p: Period): boolean {
  return (!p.from || m >= p.from.slice(0, 7)) && (!p.to || `${m}-01` < p.to.slice(0, 10));
}

/**
 * Whether the period starts before the data's span [first, last] or ends after it (a period that reaches
 * outside the data is covered only in part), each side with `slack` ms of grace: a span given as dates (a day's
 * granularity) needs some. An unbounded side reaches nowhere.
 */
export function reachesOutside(p: Period, span: { first: string; last: string }, slack: { before?: number; after?: number } = {}): boolean {
  const before = p.from !== null && Date.parse(p.from) < Date.parse(span.first) - (slack.before ?? 0);
  const after = p.to !== null && Date.parse(p.to) > Date.parse(span.last) + (slack.after ?? 0);
  return before || after;
}

export const ONE_DAY_MS = DAY_MS;

/** SQL: `col` lies in the period (TRUE when unbounded); the bounds are TIMESTAMPTZ literals. */
export function periodSql(col: string, p: Period): string {
  const conds = [p.from ? `${col} >= TIMESTAMPTZ ${lit(p.from)}` : null, p.to ? `${col} < TIMESTAMPTZ ${lit(p.to)}` : null].filter(Boolean);
  return conds.length ? conds.join(' AND ') : 'TRUE';
}
