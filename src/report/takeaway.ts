import type { ChartData } from './collect.js';
import { formatChange, formatValue } from './format.js';
import { monthLabel, type ReportPeriods } from './periods.js';

const DEFAULTS = {
  trend: '{subject}: {last} in {month}, {prev_change} on {prev_month}, {year_change} on {year_month}',
  trend_year: '{subject}: {last} in {month}, {year_change} on {year_month}, {prev_change} on {prev_month}',
  highest: '{subject}: highest is {x} ({value})',
  lowest: '{subject}: lowest is {x} ({value})',
};

/**
 * The chart's title as a sentence stating its point, from the chart's own data: the report month against
 * the previous month and the same month a year earlier (trend), or the extreme member (highest, lowest).
 * Plain text: the page escapes it like every other data string.
 */
export function takeaway(c: ChartData, p: ReportPeriods): string {
  const t = c.def.takeaway;
  const fmt = (v: unknown) => formatValue(v, c.def.format);
  const vars: Record<string, string> = { subject: t.subject ?? c.def.id };
  if (t.kind === 'trend') {
    const series = c.rows[0]?.series;
    const at = (m: string) => {
      const rows = c.rows.filter((r) => r.x === m && (t.total || r.series === series) && r.value !== null);
      return rows.length ? rows.reduce((s, r) => s + (r.value ?? 0), 0) : null;
    };
    const last = at(p.month);
    const change = (m: string) => formatChange(last, at(m), c.def.format)?.text ?? 'no comparison';
    Object.assign(vars, {
      last: fmt(last),
      month: monthLabel(p.month),
      prev_change: change(p.previous),
      prev_month: monthLabel(p.previous),
      year_change: change(p.lastYear),
      year_month: monthLabel(p.lastYear),
    });
    if (last === null) return `${vars.subject}: no value for ${vars.month}`;
  } else {
    const first = c.rows[0]?.series;
    const pool = c.rows.filter((r) => r.value !== null && (c.def.chart === 'heatmap' || r.series === first));
    const best = pool.reduce<(typeof pool)[number] | null>(
      (b, r) => (b === null || (t.kind === 'highest' ? r.value! > b.value! : r.value! < b.value!) ? r : b),
      null,
    );
    if (!best) return `${vars.subject}: no values`;
    Object.assign(vars, {
      x: /^\d{4}-\d{2}$/.test(best.x) ? monthLabel(best.x) : best.x,
      series: best.series,
      series_lower: best.series.toLowerCase(),
      value: fmt(best.value),
    });
  }
  const template = t.text ?? (t.kind === 'trend' && p.compare === 'year' ? DEFAULTS.trend_year : DEFAULTS[t.kind]);
  return template.replace(/\{([a-z_]+)\}/g, (m, k: string) => vars[k] ?? m);
}
