/**
 * No false alarms: on data generated with nothing planted (--null), the regression gates of the SLO
 * config below fail the build (exit 1) on at most 1 of 20 seeds. In process and small (3,000 tickets a year,
 * incidents only) to keep the suite fast.
 */
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { parseCheckConfig } from '../../src/check/config.js';
import { evaluateCheck } from '../../src/check/evaluate.js';
import { resolvePeriod } from '../../src/metrics/kpi.js';
import { tempDir } from '../helpers.js';
import { generatedDb } from './helpers.js';

const CONFIG = parseCheckConfig(
  `rules:
  - id: sla-regression
    metric: sla_attainment
    compare: previous
    max_drop: 0.02
  - id: sla-regression-by-priority
    metric: sla_attainment
    by: priority
    compare: previous
    max_drop: 0.02
  - id: mttr-regression
    metric: mttr
    compare: previous
    max_increase: 20%
  - id: reopen-regression
    metric: reopen_rate
    compare: previous
    max_increase: 0.01
`,
  'null.yaml',
);

// The acceptance sweep is 20 seeds (0 of 20 alarmed when measured); `npm test` runs 5 of them to stay fast,
// ITSM_LENS_BENCH=1 runs all 20.
const SEEDS = process.env.ITSM_LENS_BENCH === '1' ? 20 : 5;

describe('check on --null data', () => {
  it(`fails at most 1 of 20 seeds (${SEEDS} run here)`, async () => {
    const alarms: string[] = [];
    const pValues: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      // a year as the planted data has, September against August (the planted drop's place): both months
      // far from the edges of the data (the first month's resolutions lack the long tail, the last month
      // holds the still-open tickets)
      const { db } = await generatedDb({ out: tempDir(), tickets: 3000, changes: 0, problems: 0, assets: 40, seed, format: 'servicenow', null: true });
      const store = await Store.open(db);
      const doc = await evaluateCheck(store, CONFIG, resolvePeriod({ month: '2025-09' }));
      store.close();
      for (const r of doc.results) if (r.test?.p_value !== null && r.test?.p_value !== undefined && !r.rule.includes('by-priority')) pValues.push(r.test.p_value);
      if (doc.summary.exit_code === 1) alarms.push(`seed ${seed}: ${doc.results.filter((r) => r.status === 'fail').map((r) => `${r.rule} ${JSON.stringify(r.breakdown)} p ${r.test?.p_value}`).join('; ')}`);
      expect(doc.summary.unevaluated).toBe(0);
    }
    console.log(`[check --null] ${alarms.length} of ${SEEDS} seeds alarmed${alarms.length ? `: ${alarms.join(' | ')}` : ''}; overall-rule p-values below 0.05: ${pValues.filter((p) => p < 0.05).length} of ${pValues.length}`);
    expect(alarms.length).toBeLessThanOrEqual(SEEDS === 20 ? 1 : 0);
  }, 300_000);
});
