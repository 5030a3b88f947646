import { PERSON_DIMENSIONS } from '../privacy/people.js';
import type { ChartData } from './collect.js';

/** The member label collect.ts gives a missing value. */
export const NO_MEMBER = '(none)';

/** The dimension whose members a chart compares (bars: x; heat map: the rows), or null (months, a query). */
export function memberDimension(c: ChartData): { dim: string; channel: 'x' | 'series' } | null {
  const d = c.def.data;
  if (d.type !== 'kpi') return null;
  if (d.by[0] !== 'month') return { dim: d.by[0]!, channel: 'x' };
  return d.by[1] ? { dim: d.by[1], channel: 'series' } : null;
}

/**
 * Rules a chart obeys before it is drawn, applied to its data in place:
 * - a chart by a person dimension (assignee) follows the people policy: under `aggregate` it is not drawn
 *   (the sentence says why), under `pseudonymise` its members are tokens;
 * - a chart comparing members needs two that the data names: bars for "(none)" alone, or for one group,
 *   compare nothing ("(none) is slowest to resolve"), so the chart becomes a sentence.
 */
export function applyChartRules(c: ChartData, person: (value: string) => string | null): void {
  const m = memberDimension(c);
  if (!m || !c.rows.length) return;
  if (PERSON_DIMENSIONS.has(m.dim)) {
    if (person('probe') === null) {
      c.rows = [];
      c.reason = `a chart by ${m.dim} would name individuals, and the project config's people policy is aggregate (the default; people: pseudonymise or named in itsm-lens.config.yaml draws it)`;
      return;
    }
    for (const r of c.rows) if (r[m.channel] !== NO_MEMBER) r[m.channel] = person(r[m.channel]) ?? NO_MEMBER;
  }
  const members = [...new Set(c.rows.filter((r) => r.value !== null && r[m.channel] !== NO_MEMBER).map((r) => r[m.channel]))];
  if (members.length >= 2) return;
  const what = m.dim === 'ci' ? 'CI' : m.dim;
  c.rows = [];
  c.reason = members.length
    ? `the data names one ${what} only (${members[0]}), so there is nothing to compare it with`
    : `no record in the period names a ${what}, so there are no ${what === 'category' ? 'categories' : `${what}s`} to compare`;
  c.note = null;
}
