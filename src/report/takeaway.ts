import { lowerBoundReason, type ChartData, type ReportData } from './collect.js';
import type { ChartDef } from './definition.js';
import { formatChange, formatValue } from './format.js';
import { monthLabel, noComparisonWith, type ReportPeriods } from './periods.js';

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
    const changes = trendChanges(c, p);
    const change = (m: string) => {
      const x = changes.find((y) => y.month === m)!;
      return x.text ?? x.reason;
    };
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
    const all = c.rows.filter((r) => r.value !== null && (c.def.chart === 'heatmap' || r.series === first));
    // a member or cell is named only with min_n tickets behind it (a 3-ticket cell at 0 % is no headline)
    const pool = all.filter((r) => r.n === null || r.n >= t.min_n);
    if (all.length && !pool.length) return `${chartLabel(c.def)}: no ${c.def.chart === 'heatmap' ? 'cell' : 'member'} has the ${t.min_n} tickets a headline needs`;
    const best = pool.reduce<(typeof pool)[number] | null>(
      (b, r) => (b === null || (t.kind === 'highest' ? r.value! > b.value! : r.value! < b.value!) ? r : b),
      null,
    );
    if (!best) return `${chartLabel(c.def)}: no values`;
    Object.assign(vars, {
      x: /^\d{4}-\d{2}$/.test(best.x) ? monthLabel(best.x) : best.x,
      series: best.series,
      series_lower: best.series.toLowerCase(),
      value: fmt(best.value),
    });
  }
  const template = t.text ?? (t.kind === 'trend' && p.compare === 'year' ? DEFAULTS.trend_year : DEFAULTS[t.kind]);
  // "…, no year-ago comparison: Mar 2013 holds 9 incidents … on Mar 2013": the reason names the month itself
  const said = new Set<string>();
  // a title is a sentence: "Request for information incidents take longest", even when the member is lower case
  const sentence = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);
  return sentence(template
    .replace(/(, )?\{([a-z_]+)_change\} on \{([a-z_]+)_month\}/g, (m, sep: string | undefined, a: string, b: string) => {
      const v = vars[`${a}_change`]!;
      if (a !== b || !/^no (?:[a-z-]+ )?comparison:/.test(v)) return m;
      // the same reason twice (the report month itself is partial) is said once
      if (said.has(v)) return '';
      said.add(v);
      return `${sep ?? ''}${v}`;
    })
    .replace(/\{([a-z_]+)\}/g, (m, k: string) => vars[k] ?? m));
}

/**
 * What a chart shows, in words, where no title can state its point (no data, too few tickets): the takeaway's
 * subject, else the statistic drawn and the dimension it is broken down by, else the query's title. Never the
 * chart's id.
 */
export function chartLabel(def: ChartDef, queryTitle?: string): string {
  if (def.takeaway.subject) return def.takeaway.subject;
  const d = def.data;
  if (d.type === 'query') return queryTitle ?? (def.y_title ? def.y_title.charAt(0).toUpperCase() + def.y_title.slice(1) : def.id.replace(/-/g, ' '));
  const stat = Object.values(d.fields).join(', ');
  if (d.type === 'snapshot') return stat;
  const dims = d.by.filter((x) => x !== 'month');
  return dims.length ? `${stat} by ${dims.join(' and ')}` : stat;
}

/** The rows a highest/lowest title passes over for having fewer than min_n tickets (the caption says so). */
export function belowMinN(c: ChartData): number {
  if (c.def.takeaway.kind === 'trend') return 0;
  return c.rows.filter((r) => r.value !== null && r.n !== null && r.n < c.def.takeaway.min_n).length;
}

/**
 * The changes a trend chart's title states: the report month against the previous month and the same month a
 * year earlier, each with its text ("up 3 %") or, when the coverage rule or the data forbids it, its reason.
 */
export function trendChanges(c: ChartData, p: ReportPeriods): Array<{ month: string; text: string | null; reason: string }> {
  const series = c.rows[0]?.series;
  const total = c.def.takeaway.total;
  const at = (m: string) => {
    const rows = c.rows.filter((r) => r.x === m && (total || r.series === series) && r.value !== null);
    return rows.length ? rows.reduce((s, r) => s + (r.value ?? 0), 0) : null;
  };
  const last = at(p.month);
  return [p.previous, p.lastYear].map((m) => {
    const why = noComparisonWith(p, m) ?? (c.lowerBound ? lowerBoundReason(m === p.lastYear ? 'year-ago' : 'month-on-month') : null);
    if (why) return { month: m, text: null, reason: why };
    const ch = formatChange(last, at(m), c.def.format);
    return { month: m, text: ch?.text ?? null, reason: ch ? '' : 'no comparison' };
  });
}

/**
 * Every change the report states, tiles and chart titles alike, with the month it is against: the report's
 * model of its comparisons (a test reads it to see that none is against a month the data barely covers).
 */
export function reportComparisons(data: ReportData): Array<{ where: string; month: string; text: string | null; reason: string | null }> {
  const out: Array<{ where: string; month: string; text: string | null; reason: string | null }> = [];
  for (const t of data.tiles) for (const c of t.changes) out.push({ where: `tile ${t.def.kpi}`, month: c.month, text: c.text, reason: c.reason });
  for (const c of data.charts.values()) {
    if (c.def.takeaway.kind !== 'trend' || !c.rows.length) continue;
    for (const x of trendChanges(c, data.periods)) out.push({ where: `chart ${c.def.id}`, month: x.month, text: x.text, reason: x.text ? null : x.reason });
  }
  return out;
}
