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

export async function concentrationCandidates(f: Frame): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const total = (await f.store.one<{ n: number }>(`SELECT count(*) AS n FROM fx_ticket WHERE in_period`))!.n;
  for (const [d, fields] of Object.entries(CONCENTRATION.pairs)) {
    for (const field of fields) {
      const col = field === 'requester' ? 'requester' : `"${field}"`;
      // the field's missing values count as "other" (not as a value that can dominate)
      const rows = await f.store.all<{ m: string; v: string; x: number; n_m: number; n_v: number; k: number }>(`
        WITH b AS (SELECT "${d}" AS m, ${col} AS v FROM fx_ticket WHERE in_period),
        mv AS (SELECT m, v, count(*) AS x FROM b WHERE m IS NOT NULL AND v IS NOT NULL GROUP BY ALL),
        nm AS (SELECT m, count(*) AS n_m FROM b WHERE m IS NOT NULL GROUP BY ALL HAVING count(*) >= ${CONCENTRATION.minMemberTickets}),
        nv AS (SELECT v, count(*) AS n_v FROM b WHERE v IS NOT NULL GROUP BY ALL),
        k AS (SELECT count(*) FILTER (WHERE n_v >= ${CONCENTRATION.minValueTickets}) AS k FROM nv),
        top AS (SELECT mv.*, n_m, n_v, row_number() OVER (PARTITION BY mv.m ORDER BY (x / n_m) / ((n_v - x + 0.5) / (${total} - n_m + 0.5)) DESC, x DESC) AS rn
                FROM mv JOIN nm USING (m) JOIN nv USING (v) WHERE x >= ${CONCENTRATION.minValueTickets})
        SELECT m, v, x, n_m, n_v, (SELECT k FROM k) AS k FROM top WHERE rn = 1`);
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
          query: `SELECT ${memberCond(column, r.m)} AS in_member, ${shown === r.v ? `${memberCond(fieldCol, r.v)} AS has_value` : `${fieldCol} AS value`}, count(*) AS tickets FROM ticket WHERE ${f.periodFilter} GROUP BY ALL ORDER BY ALL`,
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
