/**
 * What check needs to know about a KPI beyond its kpi@1 entry: which way is worse, and, for times, the
 * per-record value a rank test compares (the KPI document holds only the median, mean and p90). The value is the
 * query's own per-record macro (src/metrics/macros.sql, defined on the connection with the KPIs); the filter
 * restates which records its query (queries/<id>.sql) keeps, so it follows that file.
 */
import type { MetricTable } from '../metrics/dimensions.js';

/** Rates where a higher value is worse; every other rate is better higher. Times are always worse higher. */
export const LOWER_IS_BETTER = new Set([
  'reopen_rate', 'reassignment_rate', 'change_failure_rate', 'emergency_change_rate', 'unapproved_change_rate',
]);

export interface SampleDef {
  table: MetricTable;
  /** the time that puts a record in a period (the query's anchor) */
  anchor: string;
  /** which records count (the query's filter) */
  filter: string;
  /** the per-record value, in the KPI's unit */
  value: string;
}

export const SAMPLES: Record<string, SampleDef> = {
  mttr: {
    table: 'ticket',
    anchor: 'resolved_at',
    filter: `kind = 'incident' AND opened_at IS NOT NULL AND resolved_at IS NOT NULL AND resolved_at >= opened_at`,
    value: 'resolution_hours(opened_at, resolved_at)',
  },
  time_to_close: {
    table: 'ticket',
    anchor: 'closed_at',
    filter: `kind = 'incident' AND opened_at IS NOT NULL AND closed_at IS NOT NULL AND status IS DISTINCT FROM 'cancelled' AND closed_at >= opened_at`,
    value: 'hours_between(opened_at, closed_at)',
  },
  request_fulfilment_time: {
    table: 'ticket',
    anchor: 'coalesce(closed_at, resolved_at)',
    filter: `kind = 'service_request' AND opened_at IS NOT NULL AND coalesce(closed_at, resolved_at) >= opened_at AND status IS DISTINCT FROM 'cancelled'`,
    value: 'fulfilment_days(opened_at, closed_at, resolved_at)',
  },
};
