/**
 * Availability on the HP Service Manager exports (BPI Challenge 2014), which mark no major incident: by the
 * default rule the priority-1 incidents are the outages (three in the whole export, all in Feb 2014, on three
 * services and three CIs). Expected figures come from the raw file (reference/hpsm-bpi2014.sql, plain SQL):
 * Feb 2014 has 40,320 minutes; the longest-down service's 8,780.65 minutes give 1 − 8,780.65/40,320.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, SHARED_DATA } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';
import { HPSM_BPI2014 as H } from './reference/figures.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
// the --by ci document is over 1 MB, spawnSync's default buffer (the cli helper's)
const kpi = (db: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'itsm-lens.js'), 'kpi', '--db', db, '--json', ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe.skipIf(!present)('availability on the HPSM exports', () => {
  it('Feb 2014: the worst service as the raw file gives it; by month the same figure in February and 100 % around it; by CI three CIs down', async () => {
    const { db } = await realDataDb('hpsm-bpi2014');
    const feb = kpi(db, '--month', '2014-02').kpis.availability;
    expect(feb).toMatchObject({ value: expect.closeTo(1 - H.feb2014_worst_down_minutes / 40320, 6), n: H.feb2014_services_named, services_with_outage: H.feb2014_services_down, n_of: 'services' });
    const months = kpi(db, '--from', '2014-01-01', '--to', '2014-04-01', '--by', 'month');
    const by = Object.fromEntries(months.breakdowns.month.groups.filter((g: any) => g.kpis.availability).map((g: any) => [g.month, g.kpis.availability]));
    const figures = ['value', 'value_weighted', 'worst_service', 'n', 'services_with_outage', 'down_minutes', 'period_minutes', 'rule'];
    expect(Object.fromEntries(figures.map((f) => [f, by['2014-02'][f]]))).toEqual(Object.fromEntries(figures.map((f) => [f, feb[f]])));
    expect(by['2014-01']).toMatchObject({ value: 1, down_minutes: 0 });
    expect(by['2014-03']).toMatchObject({ value: 1, period_minutes: 44640 });
    // the whole window: the same minutes over Jan–Mar's
    expect(months.kpis.availability.down_minutes).toBeCloseTo(feb.down_minutes, 6);
    const cis = kpi(db, '--month', '2014-02', '--by', 'ci').breakdowns.ci.groups.filter((g: any) => g.kpis.availability?.down_minutes > 0);
    expect(cis).toHaveLength(H.feb2014_cis_down);
    expect(Math.min(...cis.map((g: any) => g.kpis.availability.value))).toBeCloseTo(1 - H.feb2014_worst_down_minutes / 40320, 6);
    expect(cis[0].kpis.availability).toMatchObject({ per: 'ci', n_of: 'configuration items' });
  }, 600_000);
});
