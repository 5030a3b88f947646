import type { ReconcileSummary } from '../sla/reconcile.js';

/**
 * The kpi@1 document (DESIGN.md `kpi --json`), as computeKpis returns it and report, check, the text and tidy
 * presenters and the maturity benchmarks read it. A KPI's row holds the fields its query in queries/ selects:
 * the common ones are named here; a query may add more (age buckets, failure causes …), typed `unknown`
 * until a reader checks them.
 */
export interface KpiDocument {
  schema: 'itsm-lens/kpi@1';
  period: KpiPeriod;
  /** records loaded in the period by kind (queries/counts.sql) */
  counts: Record<string, unknown>;
  /** one entry per KPI id, sorted by id */
  kpis: Record<string, KpiEntry>;
  /** per `--by` (dimensions joined by ','): the groups; empty without a breakdown */
  breakdowns: Record<string, KpiBreakdown>;
}

export interface KpiPeriod {
  /** half-open [from, to), ISO UTC; null = unbounded */
  from: string | null;
  to: string | null;
  /** the data's first opened time and latest opened/resolved/closed time */
  data_from: string | null;
  data_to: string | null;
}

/** A KPI's figures, overall or for one group: rates have value and n, durations n/mean/median/p90. */
export interface KpiFigures {
  value?: number | null;
  n?: number | null;
  /** why value is null (always set when it is) */
  reason?: string;
  unit?: string;
  basis?: string;
  mean?: number | null;
  median?: number | null;
  p90?: number | null;
  /** records with an end before their start: left out of the statistics, counted here */
  excluded_negative?: number;
  [field: string]: unknown;
}

/** The overall entry: the figures plus the query that defines them, and the variants it was chosen over. */
export interface KpiEntry extends KpiFigures {
  /** the query's id (queries/<id>.sql): a KPI fed by several variants names the one chosen */
  id: string;
  unit: string;
  definition: string;
  variant: string;
  denominator: string;
  query: string;
  alternatives?: KpiAlternative[];
  /** sla_attainment: export flag against recomputed policy */
  reconciliation?: ReconcileSummary;
}

export interface KpiAlternative {
  id: string;
  value: unknown;
  n: unknown;
  definition: string;
  in_progress?: number;
  reason?: unknown;
}

export interface KpiBreakdown {
  dimensions: string[];
  /** one per member combination, its dimension values under the dimension names */
  groups: KpiGroup[];
  /** KPIs left out of this breakdown, with why */
  skipped?: Record<string, string>;
}

export interface KpiGroup {
  kpis: Record<string, KpiFigures>;
  [dimension: string]: unknown;
}

/**
 * Why a field of a KPI's figures is null: the reason the query gives for that variant where it has one of
 * its own (availability's business-hours figures: `business_reason`, e.g. no calendar configured), else the
 * KPI's `reason`. Readers that pick a field (check's `statistic`, a tile's `field`) use it.
 */
/**
 * What a lower-bound figure says beside itself (queries/backlog.sql's `lower_bound`: an export of closed tickets
 * only lacks those still open when it was taken): kpi's text and the pack's tiles write the same words.
 */
export const LOWER_BOUND_NOTE = 'at least: the export holds closed tickets only';

export function reasonFor(figures: Record<string, unknown> | undefined, field: string | undefined): string | null {
  const own = field && /^value_business/.test(field) ? figures?.business_reason : null;
  const r = own ?? figures?.reason;
  return typeof r === 'string' ? r : null;
}
