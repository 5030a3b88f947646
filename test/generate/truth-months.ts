/** truth.json (the generator's figures) against `kpi` over the ingested exports, overall and per month. */
import { compareWithTruth } from '../../src/demo/truth-check.js';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';

export async function checkAllMonths(store: Store, truth: any): Promise<string[]> {
  const mismatches: string[] = [];
  const all = compareWithTruth(await computeKpis(store, { from: null, to: null }), truth, 'all: ');
  mismatches.push(...all.mismatches);
  for (const [month, t] of Object.entries(truth.by_month as Record<string, any>)) {
    const k = await computeKpis(store, resolvePeriod({ month }));
    mismatches.push(...compareWithTruth(k, t, `${month}: `).mismatches);
  }
  return mismatches;
}

/** Tools whose round trip is checked overall and for three months (first, middle, last) to keep the suite fast. */
export async function checkThreeMonths(store: Store, truth: any): Promise<string[]> {
  const mismatches = [...compareWithTruth(await computeKpis(store, { from: null, to: null }), truth, 'all: ').mismatches];
  const months = Object.keys(truth.by_month as Record<string, any>).sort();
  for (const month of [...new Set([months[0]!, months[Math.floor(months.length / 2)]!, months[months.length - 1]!])]) {
    const k = await computeKpis(store, resolvePeriod({ month }));
    mismatches.push(...compareWithTruth(k, truth.by_month[month], `${month}: `).mismatches);
  }
  return mismatches;
}
