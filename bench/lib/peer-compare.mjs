// The peer's figures must equal ours on the same definitions, or the speed comparison is void: every overall
// figure and every month × priority group of MTTR, SLA attainment, the FCR proxy, reopen rate and change success.
const FIELDS = {
  mttr: ['n', 'mean', 'median', 'p90'],
  sla_attainment: ['n', 'value'],
  fcr: ['n', 'value'],
  reopen_rate: ['n', 'value'],
  change_success_rate: ['n', 'value'],
};
// the variant the peer computes for each KPI (kpi@1 picks the best-ranked query with data)
const QUERY = { mttr: 'mttr', sla_attainment: 'sla_attainment', fcr: 'fcr_first_assignment', reopen_rate: 'reopen_rate', change_success_rate: 'change_success_rate' };

// ours are rounded to 1e-6 (kpi.ts); counts must be exact
const same = (a, b) => (a ?? null) === (b ?? null) || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-6 + 1e-9 * Math.abs(b));

export function comparePeer(ours, peer) {
  const mismatches = [];
  let compared = 0;
  const check = (where, o, p, fields) => {
    for (const f of fields) {
      compared++;
      if (!same(o?.[f], p?.[f])) mismatches.push(`${where}.${f}: ours ${o?.[f]} · pandas ${p?.[f]}`);
    }
  };
  for (const [kpi, fields] of Object.entries(FIELDS)) {
    if (ours.kpis[kpi]?.id !== QUERY[kpi]) mismatches.push(`${kpi}: ours uses ${ours.kpis[kpi]?.id}, the peer computes ${QUERY[kpi]}`);
    check(kpi, ours.kpis[kpi], peer.overall[kpi], fields);
  }
  const groups = ours.breakdowns?.['month,priority']?.groups ?? [];
  for (const [kpi, fields] of Object.entries(FIELDS)) {
    const theirs = new Map(Object.entries(peer.by_month_priority[kpi]));
    for (const g of groups) {
      if (!g.kpis[kpi]) continue;
      const key = `${g.month}|${g.priority ?? ''}`;
      check(`${kpi}[${key}]`, g.kpis[kpi], theirs.get(key), fields);
      theirs.delete(key);
    }
    for (const key of theirs.keys()) mismatches.push(`${kpi}[${key}]: only the peer has this group`);
  }
  return { agrees: mismatches.length === 0, compared, mismatches: mismatches.slice(0, 20), mismatch_count: mismatches.length };
}
