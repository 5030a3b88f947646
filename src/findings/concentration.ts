/**
 * `concentration`: inside a member (a category, group or service), one value of another field (a location,
 * a requester) accounts for much more of its tickets than it does elsewhere: "Sydney raises 60 % of the
 * hardware incidents against 8 % of the others". One-sided Fisher exact test (hypergeometric tail) of the
 * value's count in the member, Bonferroni-multiplied by the number of values the field has (the top value
 * is chosen after looking). Effect: lift = share inside ÷ share outside; reported only when the value also
 * holds a large share inside. Fields nested in the dimension by construction (a CI inside its category)
 * are not paired with it: their "concentration" is the taxonomy, not news.
 */
import { hypergeometricSf } from '../stats/counts.js';
import { cap, memberCond, named, pct } from './format.js';
import { CONCENTRATION, confidentlyLarge, DIMENSION_COLUMNS, linearStrength, logRatio } from './thresholds.js';
import type { Candidate, Frame } from './types.js';
import { FRAME_SQL, reproduceSql } from './prepare.js';
import { sqlOf } from '../store/sql-file.js';

export async function concentrationCandidates(f: Frame): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const total = (await f.store.one<{ n: number }>(sqlOf(FRAME_SQL, 'period_tickets')))!.n;
  for (const [d, fields] of Object.entries(CONCENTRATION.pairs)) {
    for (const field of fields) {
      const col = field === 'requester' ? 'requester' : `"${field}"`;
      const rows = await f.store.all<{ m: string; v: string; x: number; n_m: number; n_v: number; k: number }>(
        sqlOf(FRAME_SQL, 'concentration', {
          dim: `"${d}"`,
          field: col,
          min_member: CONCENTRATION.minMemberTickets,
          min_value: CONCENTRATION.minValueTickets,
          total,
        }),
      );
      for (const r of rows) {
        if (r.n_m >= total) continue;
        const p = Math.min(1, hypergeometricSf(r.x, r.n_m, r.n_v, total) * Math.max(1, r.k));
        const shareIn = r.x / r.n_m;
        const shareOut = (r.n_v - r.x) / (total - r.n_m);
        const lift = shareOut > 0 ? shareIn / shareOut : shareIn * (total - r.n_m);
        const column = DIMENSION_COLUMNS[d]!;
        const fieldCol = field === 'requester' ? 'requester' : DIMENSION_COLUMNS[field]!;
        // a requester is written as the people policy says (null: not named; the query then lists the values)
        const shown = field === 'requester' ? f.person(r.v) : r.v;
        out.push({
          id: `concentration:${field}:${d}=${r.m}`,
          kind: 'concentration',
          metric: `${field}_share`,
          dimension: d,
          member: r.m,
          at: null,
          direction: 'up',
          effect: lift,
          effect_kind: 'lift',
          value: shareIn,
          baseline: shareOut,
          unit: 'proportion',
          p_value: p,
          n: r.n_m,
          test: CONCENTRATION.test,
          query: reproduceSql('concentration', { in_member: memberCond(column, r.m), value: shown === r.v ? `${memberCond(fieldCol, r.v)} AS has_value` : `${fieldCol} AS value`, filter: f.periodFilter }),
          large: confidentlyLarge(logRatio(lift), Math.log(CONCENTRATION.minLift), p) && shareIn >= CONCENTRATION.minShare,
          strength: Math.min(linearStrength(lift, CONCENTRATION.minLift), linearStrength(shareIn, CONCENTRATION.minShare)),
          describe: () =>
            `${field === 'requester' ? (shown === null ? 'One requester' : `Requester ${shown}`) : cap(named('location', r.v))} accounts for ${pct(shareIn)} of the ${r.n_m.toLocaleString('en-US')} ${f.population} of ${named(d, r.m)}, ` +
            `against ${pct(shareOut, 1)} of the ${(total - r.n_m).toLocaleString('en-US')} ${f.population} outside it (${lift >= 1.5 ? `${lift.toFixed(lift >= 10 ? 0 : 1)}× as often` : `up ${((lift - 1) * 100).toFixed(0)} %`}).`,
        });
      }
    }
  }
  return out;
}
