/**
 * Value tests of single lint rules (src/lint/rules/<id>.sql): hand-made rows in a fresh in-memory store, the
 * rule run alone, the flagged ids, count and population compared with a hand derivation.
 */
import { runLint } from '../../../src/lint/index.js';
import type { Store } from '../../../src/store/db.js';

export { storeWith } from '../../queries/harness.js';

export interface RuleOutcome {
  applicable: boolean;
  count: number | null;
  population: number | null;
  ids: string[];
  reason?: string;
}

export async function lintRule(store: Store, id: string, params?: Record<string, number>): Promise<RuleOutcome> {
  const doc = await runLint(store, { only: [id], samples: 1000, ...(params ? { settings: { [id]: { enabled: true, params } } as never } : {}) });
  const r = doc.rules.find((x) => x.id === id);
  if (!r) throw new Error(`no lint rule ${id}`);
  return { applicable: r.applicable, count: r.count, population: r.population, ids: r.samples.map((s) => s.id).sort(), ...(r.reason ? { reason: r.reason } : {}) };
}
