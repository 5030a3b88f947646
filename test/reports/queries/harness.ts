/**
 * Value tests of the report's own queries (reports/queries/*.sql), sqllogictest style: the file's placeholders
 * filled the way `report` fills them (src/report/report-queries.ts), run on a store holding the rows a test writes.
 */
import { reportQuerySql } from '../../../src/report/report-queries.js';
import type { ReportPeriods } from '../../../src/report/periods.js';
import type { Store } from '../../../src/store/db.js';

/** The rows of reports/queries/<file> for the report month [from, to) and a trend window starting at trendFrom. */
export function reportRows(store: Store, file: string, p: { from: string; to: string; trendFrom?: string }): Promise<Record<string, unknown>[]> {
  const periods = { period: { from: p.from, to: p.to }, trend: { from: p.trendFrom ?? p.from, to: p.to } } as unknown as ReportPeriods;
  return store.all(reportQuerySql(file, periods).sql);
}
