/**
 * truth.json (the generator's figures) against `kpi` over the ingested exports, overall and per month. Each
 * computeKpis computes the KPIs that period's truth.json gives (every variant query of each, so the variant `kpi`
 * picks is the one compared, and counts), not all 37 queries: compareWithTruth compares those and reports any other
 * as a mismatch, so the comparison is the same at ~0.05 CPU-s a period instead of ~0.15.
 */
import { compareWithTruth } from '../../src/demo/truth-check.js';
import { computeKpis, resolvePeriod, type Period } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';

function compare(store: Store, period: Period, truth: { counts: object; kpis: object }, where: string): Promise<string[]> {
  return computeKpis(store, period, { kpis: Object.keys(truth.kpis) }).then((k) => compareWithTruth(k, truth as never, where).mismatches);
}

export async function checkAllMonths(store: Store, truth: any): Promise<string[]> {
  const mismatches = await compare(store, { from: null, to: null }, truth, 'all: ');
  for (const [month, t] of Object.entries(truth.by_month as Record<string, any>)) mismatches.push(...(await compare(store, resolvePeriod({ month }), t, `${month}: `)));
  return mismatches;
}

/** Tools whose round trip is checked overall and for three months (first, middle, last) to keep the suite fast. */
export async function checkThreeMonths(store: Store, truth: any): Promise<string[]> {
  const mismatches = await compare(store, { from: null, to: null }, truth, 'all: ');
  const months = Object.keys(truth.by_month as Record<string, any>).sort();
  for (const month of [...new Set([months[0]!, months[Math.floor(months.length / 2)]!, months[months.length - 1]!])]) {
    mismatches.push(...(await compare(store, resolvePeriod({ month }), truth.by_month[month], `${month}: `)));
  }
  return mismatches;
}
