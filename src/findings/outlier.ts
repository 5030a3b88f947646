/**
 * `outlier`: a group, assignee or location whose resolution times differ from the rest doing the same work.
 * Resolution times differ by category and priority by design (hardware takes longer than password resets),
 * so a member is compared with the rest only within strata of comparable work (category × priority; for an
 * assignee, also the same group, so a slow group does not make each of its agents an outlier): van
 * Elteren's stratified Mann–Whitney, with the per-stratum average ranks and tie terms computed in SQL.
 * Effect: the member's median over the rest's median in the same strata, combined over strata (geometric
 * mean weighted by the member's tickets).
 */
import { vanElteren, type RankStratum } from '../stats/rank.js';
import { cap, count, hours, memberCond, named, ratioWords } from './format.js';
import { confidentlyLarge, DIMENSION_COLUMNS, OUTLIER, relativeStrength } from './thresholds.js';
import type { Candidate, Frame } from './types.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';
import { durationSql, reproduceSql } from './prepare.js';

const SQL = loadSqlFile('findings/outlier.sql');

const FX_COLUMN: Record<string, string> = { category: 'category', priority: 'priority', assignment_group: '"group"' };

type OutlierRow = { m: string; s: string; n1: number; n2: number; r1: number; ties: number; med1: number; med2: number | null };

/**
 * ol_rj's parameters for the member columns ranked in one stratum order: the k-th (from 1) numbered by
 * ol_big{k} as mi{k}.
 */
export function rjParams(members: string[]): { mis: string; big_mis: string; big_joins: string } {
  return {
    mis: members.map((_, i) => `mi${i + 1}, `).join(''),
    big_mis: members.map((_, i) => `b${i + 1}.mi AS mi${i + 1}, `).join(''),
    big_joins: members.map((m, i) => `LEFT JOIN ol_big${i + 1} b${i + 1} ON b${i + 1}.m = ${m}`).join(' '),
  };
}

/** Each dimension's rows of ol_rows; dimensions on the same strata share one ranking of the tickets (outlier.sql). */
async function outlierRows(f: Frame): Promise<Map<string, OutlierRow[]>> {
  const byStratum = new Map<string, string[]>();
  for (const [d, strataCols] of Object.entries(OUTLIER.dimensions)) {
    const stratum = `concat_ws('|', ${strataCols.map((c) => `coalesce(${FX_COLUMN[c]}::VARCHAR, '∅')`).join(', ')})`;
    byStratum.set(stratum, [...(byStratum.get(stratum) ?? []), d]);
  }
  const rows = new Map<string, OutlierRow[]>();
  for (const [stratum, dims] of byStratum) {
    // outlier.sql: stage tables, each with one window ordering, and the rest's median read by position
    const members = dims.map((d) => `"${d}"`);
    await f.store.run(sqlOf(SQL, 'ol_s', { stratum }));
    for (const [i, member] of members.entries()) await f.store.run(sqlOf(SQL, 'ol_big', { member, min: OUTLIER.minMemberTickets, k: i + 1 }));
    await f.store.run(sqlOf(SQL, 'ol_rj', { stratum, ...rjParams(members) }));
    for (const [i, d] of dims.entries()) rows.set(d, await f.store.all<OutlierRow>(sqlOf(SQL, 'ol_rows', { k: i + 1 })));
    await f.store.run(sqlOf(SQL, 'ol_drop'));
    for (const i of dims.keys()) await f.store.run(sqlOf(SQL, 'ol_big_drop', { k: i + 1 }));
  }
  return rows;
}

export async function outlierCandidates(f: Frame): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const rowsOf = await outlierRows(f);
  for (const [d, strataCols] of Object.entries(OUTLIER.dimensions)) {
    const rows = rowsOf.get(d)!;
    const by = new Map<string, typeof rows>();
    for (const r of rows) {
      if (!by.has(r.m)) by.set(r.m, []);
      by.get(r.m)!.push(r);
    }
    if (by.size < 2 && d !== 'assignee') continue;
    const strataNames = strataCols.map((c) => (c === 'assignment_group' ? 'group' : c)).join(' × ');
    for (const [value, rs] of by) {
      // an assignee is written as the people policy says (null: not named; the id then takes a neutral key)
      const member = d === 'assignee' ? f.person(value) : value;
      const key = member ?? f.unnamed(value);
      const strata: RankStratum[] = rs.map((r) => ({ n1: r.n1, n2: r.n2, r1: r.r1, ties: r.ties }));
      const t = vanElteren(strata);
      if (t.n1 < OUTLIER.minMemberTickets || t.n2 < OUTLIER.minRestTickets) continue;
      // weighted geometric mean of per-stratum median ratios, over strata where both sides have tickets
      let lw = 0;
      let w = 0;
      for (const r of rs) {
        if (r.med2 === null || r.n2 === 0 || r.med1 <= 0 || r.med2 <= 0) continue;
        lw += r.n1 * Math.log(r.med1 / r.med2);
        w += r.n1;
      }
      if (w === 0) continue;
      const ratio = Math.exp(lw / w);
      const column = DIMENSION_COLUMNS[d]!;
      const med1 = weightedMedianOf(rs.map((r) => [r.med1, r.n1]));
      const direction = ratio >= 1 ? 'up' : 'down';
      out.push({
        id: `outlier:resolution_time:${d}=${key}`,
        kind: 'outlier',
        metric: 'resolution_time',
        dimension: d,
        member,
        at: null,
        direction,
        effect: ratio,
        effect_kind: 'median_ratio_same_work',
        value: med1,
        baseline: med1 / ratio,
        unit: 'hours',
        p_value: t.p,
        n: t.n1,
        test: OUTLIER.test.replace('{strata}', strataNames),
        query:
          // a person not named as they are: the query lists every member (its text names no one)
          reproduceSql('outlier', {
            strata: strataCols.join(', '),
            member: member === value ? `${memberCond(column, value)} AS is_member` : `${column} AS member`,
            duration: durationSql(f),
            filter: `${f.periodFilter} AND ${f.judgedSql}`,
          }),
        large: confidentlyLarge(Math.log(ratio), Math.log(OUTLIER.minRatio), t.p),
        strength: relativeStrength(ratio, OUTLIER.minRatio),
        // one direction, plain words: "take 4.0× as long to resolve as" / "are resolved 86× faster than"; the
        // baseline named exactly: the other tickets of the same strata (other members and none alike)
        describe: () => {
          const verb = f.durationEnd === 'closed_at' ? 'close' : 'resolve';
          const subject = `${cap(f.population)} ${d === 'location' ? 'at' : 'handled by'} ${member === null ? `one ${d}` : named(d, member)}`;
          const base = `other ${f.population} of the same ${strataNames}`;
          const size = `median ${hours(med1)} against ${hours(med1 / ratio)} (${count(t.n1, f.population.replace(/s$/, ''))})`;
          return ratio >= 1
            ? `${subject} take ${ratioWords(ratio, 'time')} to ${verb} as ${base}: ${size}.`
            : `${subject} are ${verb}d ${ratioWords(ratio, 'time')} than ${base}: ${size}.`;
        },
      });
    }
  }
  return out;
}

function weightedMedianOf(pairs: Array<[number, number]>): number {
  const s = pairs.filter((p) => p[1] > 0).sort((a, b) => a[0] - b[0]);
  const total = s.reduce((a, p) => a + p[1], 0);
  let acc = 0;
  for (const [v, w] of s) {
    acc += w;
    if (acc >= total / 2) return v;
  }
  return s.at(-1)?.[0] ?? 0;
}
