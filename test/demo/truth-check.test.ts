/**
 * compareWithTruth guards the demo and the generator round trip: it must compare every KPI truth.json holds,
 * and a document that differs from truth.json in any compared figure must fail (negative controls).
 * The kpi@1 document here is written from truth.json by hand (field names as README documents them), not by
 * our code: truth's `met` is resolved_first for fcr, reopened for reopen_rate, successful for change_success_rate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithTruth } from '../../src/demo/truth-check.js';
import { ROOT } from '../helpers.js';

const truth = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'servicenow', 'truth.json'), 'utf8'));

function faithfulDocument(): Record<string, any> {
  const t = truth.kpis;
  return {
    schema: 'itsm-lens/kpi@1',
    counts: { ...truth.counts },
    kpis: {
      mttr: { n: t.mttr.n, mean: t.mttr.mean, median: t.mttr.median, p90: t.mttr.p90 },
      sla_attainment: { value: t.sla_attainment.value, n: t.sla_attainment.n, met: t.sla_attainment.met },
      fcr: { value: t.fcr.value, n: t.fcr.n, resolved_first: t.fcr.met },
      reopen_rate: { value: t.reopen_rate.value, n: t.reopen_rate.n, reopened: t.reopen_rate.met },
      change_success_rate: { value: t.change_success_rate.value, n: t.change_success_rate.n, successful: t.change_success_rate.met },
    },
  };
}

describe('compareWithTruth', () => {
  it('passes a faithful document and compares every count and every field of the five KPIs', () => {
    const r = compareWithTruth(faithfulDocument(), truth);
    expect(r.mismatches).toEqual([]);
    expect(r.ok).toBe(true);
    // 7 counts + mttr 4 fields + 4 ratio KPIs × (value, n, met) = 7 + 4 + 12 = 23
    expect(r.compared).toBe(23);
    expect(r.skipped).toEqual([]); // this truth.json has no generator-policy SLA
  });

  // each compared figure, doctored one at a time, must fail the check
  const doctored: [string, (d: Record<string, any>) => void][] = [
    ['counts.incidents + 1', (d) => void (d.counts.incidents += 1)],
    ['counts.assets missing', (d) => void delete d.counts.assets],
    ['mttr.mean + 0.01', (d) => void (d.kpis.mttr.mean += 0.01)],
    ['mttr.n − 1', (d) => void (d.kpis.mttr.n -= 1)],
    ['mttr.median + 1', (d) => void (d.kpis.mttr.median += 1)],
    ['mttr.p90 + 1', (d) => void (d.kpis.mttr.p90 += 1)],
    ['sla_attainment.value + 0.001', (d) => void (d.kpis.sla_attainment.value += 0.001)],
    ['sla_attainment.met + 1', (d) => void (d.kpis.sla_attainment.met += 1)],
    ['fcr.resolved_first + 1', (d) => void (d.kpis.fcr.resolved_first += 1)],
    ['fcr.n + 1', (d) => void (d.kpis.fcr.n += 1)],
    ['reopen_rate.value + 0.01', (d) => void (d.kpis.reopen_rate.value += 0.01)],
    ['reopen_rate.reopened + 1', (d) => void (d.kpis.reopen_rate.reopened += 1)],
    ['reopen_rate missing', (d) => void delete d.kpis.reopen_rate],
    ['change_success_rate.value − 0.01', (d) => void (d.kpis.change_success_rate.value -= 0.01)],
    ['change_success_rate.successful − 1', (d) => void (d.kpis.change_success_rate.successful -= 1)],
  ];
  for (const [what, doctor] of doctored) {
    it(`fails a document with ${what}`, () => {
      const d = faithfulDocument();
      doctor(d);
      const r = compareWithTruth(d, truth);
      expect(r.ok).toBe(false);
      expect(r.mismatches).toHaveLength(1);
    });
  }

  it('fails when truth.json holds a KPI it does not know how to compare, rather than skipping it', () => {
    const r = compareWithTruth(faithfulDocument(), { ...truth, kpis: { ...truth.kpis, backlog: { value: 3 } } });
    expect(r.ok).toBe(false);
    expect(r.mismatches).toEqual(['kpis.backlog: in truth.json but the comparer does not know how to compare it']);
  });
});
