/**
 * Cost per ticket under the hourly model (issue 24 item 3) on the real HPSM export, whose incidents carry
 * `Handle Time (Hours)` (decimal comma), against a sum taken from the raw file with plain SQL (not through the
 * adapter): incidents opened in January 2014, 60 EUR an hour.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { cli, SHARED_DATA, tempDir, writeFixture } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));

describe.skipIf(!present)('cost per ticket, hourly rate × time worked, on the real HPSM export', () => {
  it('January 2014: 60 × the handle hours of the incidents opened in it, divided among them', async () => {
    const file = join(SHARED_DATA, 'hpsm-bpi2014', 'Detail Incident.csv.gz');
    const s = await Store.open(':memory:', { migrate: false });
    let want: { n: number; hours: number };
    try {
      want = (await s.one<{ n: number; hours: number }>(`WITH f AS (SELECT * FROM read_csv('${file}', delim = ';', header = true, all_varchar = true)),
        jan AS (SELECT * FROM f WHERE strptime("Open Time", '%d/%m/%Y %H:%M:%S') >= TIMESTAMP '2014-01-01'
                                  AND strptime("Open Time", '%d/%m/%Y %H:%M:%S') < TIMESTAMP '2014-02-01')
        SELECT count(*)::INT AS n, sum(TRY_CAST(replace("Handle Time (Hours)", ',', '.') AS DOUBLE)) AS hours FROM jan`))!;
    } finally {
      s.close();
    }
    // 8,270 incidents, 147,968.53 hours: 60 × 147,968.53 ÷ 8,270 = 1,073.53 EUR each
    expect(want.n).toBe(8270);
    expect(want.hours).toBeCloseTo(147968.53, 1);
    const config = writeFixture(tempDir(), 'itsm-lens.config.yaml', 'metrics:\n  cost: { hourly_rate: 60, currency: EUR }\n');
    const r = cli(['kpi', '--json', '--db', (await realDataDb('hpsm-bpi2014')).db, '--month', '2014-01', '--config', config]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).kpis.cost_per_ticket).toMatchObject({
      n: want.n, uncosted: 0, hours_worked: expect.closeTo(want.hours, 3), value: expect.closeTo((60 * want.hours) / want.n, 3), currency: 'EUR',
    });
  });
});
