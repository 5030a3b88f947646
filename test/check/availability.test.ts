/**
 * check on availability, per service, on the committed Statuspage fixture's planted month (Feb 2025, 28 days
 * = 40,320 min; figures derived by hand in test/sources/statuspage.test.ts):
 *   Checkout 180 min down → 1 − 180/40,320 = 0.995536 < 0.997: fails;
 *   Mobile app 120 min → 0.997024 ≥ 0.997: passes; API and Website 90 min each → 0.997768: pass.
 * A rule on the business-hours figure with no calendar configured cannot be evaluated, and says why.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig } from '../../src/check/config.js';
import { evaluateCheck } from '../../src/check/evaluate.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { resolvePeriod } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';
import { openStore, ROOT, tempDir } from '../helpers.js';

const RULES = `rules:
  - id: availability-by-service
    metric: availability
    by: service
    min: 0.997
    severity: error
  - id: availability-business
    metric: availability
    statistic: value_business
    min: 0.999
    severity: warn
`;

describe('check: availability min 0.997 by service', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(tempDir('itsm-lens-check-availability-'));
    await ingestPaths(store, { paths: [join(ROOT, 'fixtures', 'statuspage')] });
  });
  afterAll(() => store.close());

  it('one result per service: Checkout fails, the others pass; the business rule is unevaluated with the reason', async () => {
    const doc = await evaluateCheck(store, parseCheckConfig(RULES, 'rules.yaml'), resolvePeriod({ month: '2025-02' }));
    const by = Object.fromEntries(doc.results.filter((r) => r.rule === 'availability-by-service').map((r) => [r.breakdown.service, [r.status, r.value, r.n]]));
    expect(by).toEqual({
      API: ['pass', expect.closeTo(1 - 90 / 40320, 6), 1],
      Checkout: ['fail', expect.closeTo(1 - 180 / 40320, 6), 1],
      'Mobile app': ['pass', expect.closeTo(1 - 120 / 40320, 6), 1],
      Website: ['pass', expect.closeTo(1 - 90 / 40320, 6), 1],
    });
    // a share of time: no Wilson interval over "n services"
    expect(doc.results.every((r) => r.interval === null)).toBe(true);
    const business = doc.results.find((r) => r.rule === 'availability-business')!;
    expect(business).toMatchObject({ status: 'unevaluated', statistic: 'value_business', value: null });
    expect(business.message).toBe('cannot be computed: no business calendar configured (add a calendars: section to itsm-lens.config.yaml)');
    expect(doc.summary).toMatchObject({ failed: 1, unevaluated: 1, exit_code: 1 });
  });
});
