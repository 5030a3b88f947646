import { loadSqlFile, sqlFragment } from '../store/sql-file.js';

/** kpi.sql's month_key: the one definition of a record's month */
const KPI_SQL = loadSqlFile('metrics/kpi.sql');

/**
 * Breakdown dimensions (`kpi --by month,priority,group,…`): the SQL each canonical table answers them
 * with. A metric whose table lacks a dimension is left out of that breakdown, with the reason.
 */
export type MetricTable = 'ticket' | 'change' | 'problem' | 'asset';

const COMMON = {
  priority: 'priority',
  group: 'assignment_group',
  category: 'category',
  service: 'service',
  ci: 'ci_name',
} as const;

export const DIMENSIONS: Record<MetricTable, Record<string, string>> = {
  ticket: { ...COMMON, kind: 'kind', channel: 'channel', assignee: 'assignee', location: 'location' },
  change: { ...COMMON, kind: 'change_type', assignee: 'assignee' },
  problem: { ...COMMON, assignee: 'assignee' },
  asset: { class: 'class', status: 'status', location: 'location', department: 'department', category: 'model_category' },
};

/** Every dimension name any table answers, plus month (which needs a time anchor). */
export const ALL_DIMENSIONS = ['month', ...new Set(Object.values(DIMENSIONS).flatMap((d) => Object.keys(d)))];

/** SQL for a dimension on a table with a given time anchor, or undefined when the table cannot answer it. */
export function dimensionSql(table: MetricTable, anchor: string | null, dim: string): string | undefined {
  // The UTC month as 'YYYY-MM': kpi.sql's month_key (the month's first instant, what kpi groups on) as text, so
  // that a month named here (check's rank test) is the month kpi labels so.
  if (dim === 'month') return anchor ? `strftime(${sqlFragment(KPI_SQL, 'month_key', { anchor })}, '%Y-%m')` : undefined;
  return DIMENSIONS[table][dim];
}
