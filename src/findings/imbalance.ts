/**
 * `imbalance`: within an assignment group, assignments shared very unequally among its assignees (one agent
 * holding a third of a six-person team's tickets). Chi-square goodness of fit against equal shares among the
 * assignees who took tickets in the period; effect: the top assignee's share over an equal share.
 * Categories, priorities or locations are not tested against equal shares: nobody expects those equal.
 */
import { chiSquareUniform } from '../stats/counts.js';
import { memberCond, named, pct } from './format.js';
import { confidentlyLarge, IMBALANCE, linearStrength } from './thresholds.js';
import type { Candidate, Frame } from './types.js';
import { FRAME_SQL, reproduceSql } from './prepare.js';
import { sqlOf } from '../store/sql-file.js';

export async function imbalanceCandidates(f: Frame): Promise<Candidate[]> {
  const rows = await f.store.all<{ g: string; a: string; n: number }>(sqlOf(FRAME_SQL, 'assignee_counts'));
  const by = new Map<string, Array<{ a: string; n: number }>>();
  for (const r of rows) {
    if (!by.has(r.g)) by.set(r.g, []);
    by.get(r.g)!.push(r);
  }
  const out: Candidate[] = [];
  for (const [group, as] of by) {
    const k = as.length;
    const n = as.reduce((s, a) => s + a.n, 0);
    if (k < IMBALANCE.minAssignees || n / k < IMBALANCE.minMeanTickets) continue;
    const t = chiSquareUniform(as.map((a) => a.n));
    const top = as.reduce((a, b) => (b.n > a.n ? b : a));
    const share = top.n / n;
    const ratio = share * k;
    out.push({
      id: `imbalance:assignments:group=${group}`,
      kind: 'imbalance',
      metric: 'assignments',
      dimension: 'group',
      member: group,
      at: null,
      direction: 'up',
      effect: ratio,
      effect_kind: 'top_share_over_equal_share',
      value: share,
      baseline: 1 / k,
      unit: 'proportion',
      p_value: t.p,
      n,
      test: IMBALANCE.test,
      query: reproduceSql('imbalance', { filter: f.periodFilter, group: memberCond('assignment_group', group) }),
      large: confidentlyLarge(Math.log(ratio), Math.log(IMBALANCE.minShareRatio), t.p),
      strength: linearStrength(ratio, IMBALANCE.minShareRatio),
      describe: () =>
        `In ${named('group', group)}, ${f.person(top.a) ?? 'one assignee'} holds ${pct(share)} of the ${n.toLocaleString('en-US')} assigned ${f.population}, where an equal share among its ${k} assignees would be ${pct(1 / k)}.`,
    });
  }
  return out;
}
