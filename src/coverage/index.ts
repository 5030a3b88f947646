import { UserError } from '../errors.js';
import type { Store } from '../store/db.js';
import { readSqlFile } from '../store/sql-file.js';
import { day, monthName } from '../period/period.js';

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
  /** the export's opened span covers the whole month, and (an export of ended tickets only) holds its tickets whole */
  complete: boolean;
  /**
   * set when the kind's export holds ended tickets only and the month ends after its `complete_until`: tickets
   * opened after this instant (ISO 8601) are missing when they had not ended by `last_end`, so the month is
   * not complete however wide its opened span
   */
  missing_after: string | null;
  /** the kind's latest resolved or closed time (with missing_after) */
  last_end: string | null;
  /** inside the core span (2.5 %–97.5 % quantiles of the opened time) */
  core: boolean;
  /** median opened of the complete months of the core span; null when there is none */
  typical: number | null;
  first_opened: string;
  last_opened: string;
}

/** A month under this share of a typical month is not compared against (issue 18: a quarter). */
export const COMPARABLE_SHARE = 0.25;

const sqlFile = (name: string) => readSqlFile(`coverage/${name}`);

/** `spans`: the caller's loadSpans, when it has them (coverage-span.sql then runs once) */
export async function loadCoverage(store: Store, spans?: CoverageSpan[]): Promise<CoverageMonth[]> {
  const rows = await store.all<Omit<CoverageMonth, 'missing_after' | 'last_end'>>(sqlFile('coverage.sql'));
  const byKind = new Map((spans ?? (await loadSpans(store))).map((s) => [s.kind, s]));
  return rows.map((r) => {
    // an export of ended tickets only lacks, after complete_until, the tickets still open when it was taken
    const s = byKind.get(r.kind);
    // the month ends after complete_until exactly when it is complete_until's month or a later one; a month the
    // opened span already cuts keeps that plainer reason
    const cut = r.complete && s?.complete_until && r.month >= s.complete_until.slice(0, 7) ? s : null;
    return {
      ...r,
      typical: r.typical === null ? null : Number(r.typical),
      complete: !!r.complete && !cut,
      missing_after: cut ? cut.complete_until : null,
      last_end: cut ? cut.last_end : null,
    };
  });
}


/** The opened span of a kind and its settled end (coverage-span.sql); instants in ISO 8601 UTC. */
export interface CoverageSpan {
  kind: string;
  first_opened: string;
  last_opened: string;
  /** the latest opened time inside the core span's months: where the export stops */
  export_end: string;
  /** 90th percentile of resolution time, within 24 … 2160 h; null when no ticket of the kind is resolved */
  horizon_hours: number | null;
  resolved_n: number;
  /** no ticket of the kind is open: an export of ended tickets only */
  closed_only: boolean;
  /** the latest resolved or closed time */
  last_end: string | null;
  /** closed_only: last_end − the 95th percentile of resolution time; tickets opened later may be missing */
  complete_until: string | null;
  /** export_end − horizon, never after complete_until: tickets opened after it mostly have no resolution time yet (or, closed_only, may be missing); null without a horizon */
  settled_end: string | null;
  /** the share of the tickets opened after settled_end (to export_end) that have their end time already; null when none */
  late_ended: number | null;
}

/**
 * Once per read-only connection (Store.once): the spans depend on the data alone (no macro, no setting), and a
 * report reads them for its periods and again for its findings' frame (0.13 CPU-s on the BPI 2014 export).
 * The rows are shared: callers read them, never change them.
 */
export async function loadSpans(store: Store): Promise<CoverageSpan[]> {
  return store.once('coverage-spans', '', async () => {
    const rows = await store.all<CoverageSpan>(sqlFile('coverage-span.sql'));
    return rows.map((r) => ({ ...r, horizon_hours: r.horizon_hours === null ? null : Number(r.horizon_hours), resolved_n: Number(r.resolved_n), closed_only: Boolean(r.closed_only) }));
  });
}

/** Fill rate of each canonical ticket field per kind (coverage-fields.sql). */
export interface FieldFill {
  kind: string;
  field: string;
  records: number;
  filled: number;
}

export async function loadFieldFill(store: Store): Promise<FieldFill[]> {
  const rows = await store.all<FieldFill>(sqlFile('coverage-fields.sql'));
  return rows.map((r) => ({ ...r, records: Number(r.records), filled: Number(r.filled) }));
}

/** Incidents when the export has them (the pack and the gates are about them), else every kind together. */
export function primaryKind(rows: CoverageMonth[]): string {
  return rows.some((r) => r.kind === 'incident') ? 'incident' : '*';
}

export const KIND_LABEL: Record<string, string> = { '*': 'tickets', incident: 'incidents', service_request: 'requests', interaction: 'interactions', other: 'other tickets' };
// dates in words live with the periods; re-exported for the many readers of the coverage notes
export { day, monthName };
/** a share of a typical month in words: "a quarter", "10 %" */
export const shareWords = (share: number) => (share === 0.25 ? 'a quarter' : share === 0.5 ? 'half' : `${Math.round(share * 100)} %`);

/** Complete and at least COMPARABLE_SHARE of a typical month: a month a figure can be shown for and compared against. */
export function comparable(r: CoverageMonth, share = COMPARABLE_SHARE): boolean {
  return r.complete && r.typical !== null && !undersized(r, share);
}

/** Why a month may not be compared against, in words; null when it may. Of the primary kind unless `kind` is given. */
export function notComparableReason(rows: CoverageMonth[], month: string, share = COMPARABLE_SHARE, kind = primaryKind(rows)): string | null {
  return reasonText(rows, month, share, kind, (m) => m, String);
}

/** The same in a sentence a page shows: "Mar 2013 holds 9 incidents, under a quarter of a typical month (7,753)". */
function reasonForPage(rows: CoverageMonth[], month: string, share: number): string | null {
  return reasonText(rows, month, share, primaryKind(rows), monthName, (x) => x.toLocaleString('en-US'));
}

function reasonText(rows: CoverageMonth[], month: string, share: number, kind: string, name: (m: string) => string, n: (x: number) => string): string | null {
  const r = rows.find((x) => x.kind === kind && x.month === month);
  const label = KIND_LABEL[kind] ?? kind;
  const span = rows.find((x) => x.kind === kind);
  if (!r) return span ? `${name(month)} is outside the data (${label} opened ${day(span.first_opened)} … ${day(span.last_opened)})` : `no ${label} with an opened time are loaded`;
  if (r.missing_after && r.last_end) {
    return `${name(month)} is incomplete: the export holds only ${label} that had ended by ${day(r.last_end)}, so those opened after ${day(r.missing_after)} and still open then are missing`;
  }
  if (!r.complete) return `${name(month)} is a partial month (${label} opened ${day(r.first_opened)} … ${day(r.last_opened)})`;
  if (r.typical !== null && r.opened < share * r.typical) {
    return `${name(month)} holds ${n(r.opened)} ${label}, under ${shareWords(share)} of a typical month (${n(Math.round(r.typical))})`;
  }
  return null;
}

/**
 * The one rule for setting one month's figures against another's (report tiles and chart titles, check
 * regressions, findings): both months comparable. null when they may be compared, else where the comparison
 * goes, e.g. "no comparison: Mar 2013 holds 9 incidents, under a quarter of a typical month (7,753)". The
 * month itself is judged first: a partial month is compared with nothing, whichever the baseline.
 */
export function noComparison(rows: CoverageMonth[], month: string, baseline: string, share = COMPARABLE_SHARE): string | null {
  const why = reasonForPage(rows, month, share) ?? reasonForPage(rows, baseline, share);
  return why === null ? null : `no comparison: ${why}`;
}

/**
 * A status against a target (RAG) needs a month the data covers: null when `month` is comparable, else
 * "no status: May 2016 is a partial month (…)".
 */
export function noStatus(rows: CoverageMonth[], month: string, share = COMPARABLE_SHARE): string | null {
  const why = reasonForPage(rows, month, share);
  return why === null ? null : `no status: ${why}`;
}

/**
 * Under the share of a typical month (the size half of `comparable`, for analyses that weigh partial months
 * by their covered days themselves, as findings do). A month without a typical month to measure is not.
 */
export function undersized(r: CoverageMonth, share = COMPARABLE_SHARE): boolean {
  return r.typical !== null && r.opened < share * r.typical;
}

/**
 * The first month a trend may show: the primary kind's first month that is not under the share of a typical
 * month (the odd early tickets of a sparse lead-in are outside the export's coverage, as findings leaves them
 * out); its first month with tickets when every month is thin; null when nothing is loaded.
 */
export function firstTrendMonth(rows: CoverageMonth[], share = COMPARABLE_SHARE): string | null {
  const own = rows.filter((r) => r.kind === primaryKind(rows));
  return (own.find((r) => r.opened > 0 && !undersized(r, share)) ?? own.find((r) => r.opened > 0))?.month ?? null;
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
        .map((r) => (r === last && !r.complete && !r.missing_after ? `${r.month} ends on ${day(r.last_opened)}` : notComparableReason(rows, r.month, share) ?? `${r.month} is not comparable`))
        .join('; ')}`
    : '';
  return { month: pick.month, why: `${pick.month}: the latest complete month${skipped}` };
}

/** A month asked for that holds no tickets: `report` stops on it; `check` reports every rule unevaluable. */
export class EmptyMonth extends UserError {}

/**
 * The month a command looks at: `month` as given (a warning when the data covers it only in part; exit 2 when
 * no ticket was opened in it, so no pack or gate is made of nothing), or without one `defaultMonth`. `note` is
 * the line for stderr: why this month, or what is wrong with the one given.
 */
export async function chooseMonth(
  store: Store,
  month: string | undefined,
  share = COMPARABLE_SHARE,
): Promise<{ month: string; note: string | null; coverage: CoverageMonth[] }> {
  const coverage = await loadCoverage(store);
  if (month === undefined) {
    // tickets loaded without an opened time (an export with no created/opened column): "ingest exports first"
    // would be wrong advice, so say what is missing
    if (!coverage.some((r) => r.opened > 0)) {
      const loaded = (await loadFieldFill(store)).find((f) => f.kind === '*' && f.field === 'opened_at')?.records ?? 0;
      if (loaded > 0) {
        throw new UserError(
          `none of the ${loaded.toLocaleString('en-US')} tickets loaded has an opened time (their export has no opened or created column); a monthly figure needs one: export the tickets with their created/opened date and ingest again`,
        );
      }
    }
    const d = defaultMonth(coverage, share);
    return { month: d.month, note: d.why, coverage };
  }
  if (!coverage.some((r) => r.kind === '*' && r.month === month && r.opened > 0)) {
    throw new EmptyMonth(`--month ${month}: no tickets were opened in it; ${notComparableReason(coverage, month, share) ?? 'choose a month with data'}`);
  }
  const why = notComparableReason(coverage, month, share);
  return { month, note: why ? `warning: ${why}` : null, coverage };
}
