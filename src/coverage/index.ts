import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import type { Store } from '../store/db.js';

/**
 * The coverage model (coverage.sql): per kind and month, the tickets opened and resolved, whether the
 * export covers the whole month, and the size of a typical month. Outputs that pick or compare periods read
 * it, so that none picks a month cut by the export's last day or compares against a near-empty one.
 */
export interface CoverageMonth {
  kind: string;
  /** YYYY-MM (UTC) */
  month: string;
  opened: number;
  resolved: number;
  /** the export's opened span covers the whole month */
  complete: boolean;
  /** inside the core span (2.5 %–97.5 % quantiles of the opened time) */
  core: boolean;
  /** median opened of the complete months of the core span; null when there is none */
  typical: number | null;
  first_opened: string;
  last_opened: string;
}

/** A month under this share of a typical month is not compared against (issue 18: a quarter). */
export const COMPARABLE_SHARE = 0.25;

// read from src/ in the package both from src/coverage (tests) and dist/coverage (the CLI), as the rubric is
const SQL_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'coverage', 'coverage.sql');

export async function loadCoverage(store: Store): Promise<CoverageMonth[]> {
  const rows = await store.all<CoverageMonth>(readFileSync(SQL_FILE, 'utf8'));
  return rows.map((r) => ({ ...r, typical: r.typical === null ? null : Number(r.typical) }));
}

/** Incidents when the export has them (the pack and the gates are about them), else every kind together. */
export function primaryKind(rows: CoverageMonth[]): string {
  return rows.some((r) => r.kind === 'incident') ? 'incident' : '*';
}

const KIND_LABEL: Record<string, string> = { '*': 'tickets', incident: 'incidents', service_request: 'requests', interaction: 'interactions' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2016-05-13" → "13 May 2016" */
const day = (d: string) => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;

/** Complete and at least COMPARABLE_SHARE of a typical month: a month a figure can be shown for and compared against. */
export function comparable(r: CoverageMonth, share = COMPARABLE_SHARE): boolean {
  return r.complete && r.typical !== null && r.opened >= share * r.typical;
}

/** Why a month may not be compared against, in words; null when it may. */
export function notComparableReason(rows: CoverageMonth[], month: string, share = COMPARABLE_SHARE): string | null {
  const kind = primaryKind(rows);
  const r = rows.find((x) => x.kind === kind && x.month === month);
  const label = KIND_LABEL[kind] ?? kind;
  const span = rows.find((x) => x.kind === kind);
  if (!r) return span ? `${month} is outside the data (${label} opened ${day(span.first_opened)} … ${day(span.last_opened)})` : `no ${label} with an opened time are loaded`;
  if (!r.complete) return `${month} is a partial month (${label} opened ${day(r.first_opened)} … ${day(r.last_opened)})`;
  if (r.typical !== null && r.opened < share * r.typical) {
    return `${month} holds ${r.opened} ${label}, under ${share === 0.25 ? 'a quarter' : `${Math.round(share * 100)} %`} of a typical month (${Math.round(r.typical)})`;
  }
  return null;
}

/**
 * The period a command takes when none is given: the latest complete month of typical size, and why, e.g.
 * "2016-04: the latest complete month; 2016-05 ends on 13 May 2016".
 */
export function defaultMonth(rows: CoverageMonth[], share = COMPARABLE_SHARE): { month: string; why: string } {
  const kind = primaryKind(rows);
  const own = rows.filter((r) => r.kind === kind);
  if (!own.length) throw new UserError('no tickets with an opened time are loaded; ingest exports first (itsm-lens ingest), or pass --db');
  const pick = [...own].reverse().find((r) => comparable(r, share));
  const first = own[0]!;
  const last = own.at(-1)!;
  if (!pick) {
    throw new UserError(
      `no complete month of typical size in the data (${KIND_LABEL[kind] ?? kind} opened ${day(first.first_opened)} … ${day(first.last_opened)}); pass --month YYYY-MM`,
    );
  }
  const later = own.filter((r) => r.month > pick.month);
  const skipped = later.length
    ? `; ${later
        .map((r) => (r === last && !r.complete ? `${r.month} ends on ${day(r.last_opened)}` : notComparableReason(rows, r.month, share) ?? `${r.month} is not comparable`))
        .join('; ')}`
    : '';
  return { month: pick.month, why: `${pick.month}: the latest complete month${skipped}` };
}

/**
 * The month a command looks at: `month` as given (a warning when the data covers it only in part; exit 2 when
 * no ticket was opened in it, so no pack or gate is made of nothing), or without one `defaultMonth`. `note` is
 * the line for stderr: why this month, or what is wrong with the one given.
 */
export async function chooseMonth(store: Store, month: string | undefined): Promise<{ month: string; note: string | null }> {
  const coverage = await loadCoverage(store);
  if (month === undefined) {
    const d = defaultMonth(coverage);
    return { month: d.month, note: d.why };
  }
  if (!coverage.some((r) => r.kind === '*' && r.month === month && r.opened > 0)) {
    throw new UserError(`--month ${month}: no tickets were opened in it; ${notComparableReason(coverage, month) ?? 'choose a month with data'}`);
  }
  const why = notComparableReason(coverage, month);
  return { month, note: why ? `warning: ${why}` : null };
}
