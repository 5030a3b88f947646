import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuery, type MetricQuery } from '../metrics/queries.js';
import { lit } from '../store/db.js';
import { REPORTS_DIR } from './definition.js';
import type { ReportPeriods } from './periods.js';

/** A file of reports/queries/ with its period placeholders filled ({{from}}, {{to}}, {{trend_from}}). */
export function reportQuerySql(file: string, p: ReportPeriods): { query: MetricQuery; sql: string } {
  const query = parseQuery(readFileSync(join(REPORTS_DIR, 'queries', file), 'utf8'), `reports/queries/${file}`);
  const ts = (s: string) => `TIMESTAMPTZ ${lit(s)}`;
  const sql = query.sql.replaceAll('{{from}}', ts(p.period.from)).replaceAll('{{to}}', ts(p.period.to)).replaceAll('{{trend_from}}', ts(p.trend.from));
  return { query, sql };
}
