/**
 * Cost per ticket under the per-channel model (metrics.cost.per_channel_month) on the real ServiceNow log, against
 * counts taken from the raw file with plain SQL (not through the adapter): each incident's last row (highest
 * sys_mod_count) gives its contact_type and opened_at. March–May 2016 is 3 calendar months (92 days ÷ 30.44 =
 * 3.02, counted as 3): phone 30,000 × 3 ÷ the phone incidents, e-mail 20,000 × 3 ÷ the e-mail ones; portal
 * (5,000) opened nothing, so its cost is in no ticket. The file: Phone 20,526 and Email 36 in those months, so
 * phone 90,000 ÷ 20,526 = 4.3847, e-mail 60,000 ÷ 36 = 1,666.67, overall 150,000 ÷ 20,562 = 7.2950 EUR.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { cli, SHARED_DATA, tempDir, writeFixture } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));

describe.skipIf(!present)('cost per ticket per channel on the real ServiceNow log', () => {
  it('each channel’s monthly cost over its own incidents, counted from the file', async () => {
    const file = join(SHARED_DATA, 'servicenow-uci', 'incident_event_log.csv.gz');
    const s = await Store.open(':memory:', { migrate: false });
    let want: { phone: number; email: number; n: number };
    try {
      want = (await s.one<{ phone: number; email: number; n: number }>(`WITH raw AS (SELECT * FROM read_csv('${file}', all_varchar = true)),
        last AS (SELECT number, arg_max(contact_type, (sys_mod_count::INT, sys_updated_at)) AS ch,
                        strptime(arg_max(opened_at, (sys_mod_count::INT, sys_updated_at)), '%d/%m/%Y %H:%M') AS opened FROM raw GROUP BY number)
        SELECT count(*) FILTER (WHERE ch = 'Phone')::INTEGER AS phone, count(*) FILTER (WHERE ch = 'Email')::INTEGER AS email, count(*)::INTEGER AS n
        FROM last WHERE opened >= TIMESTAMP '2016-03-01' AND opened < TIMESTAMP '2016-06-01'`))!;
    } finally {
      s.close();
    }
    expect(want).toEqual({ phone: 20526, email: 36, n: 20562 });
    const config = writeFixture(tempDir(), 'itsm-lens.config.yaml', 'metrics:\n  cost:\n    per_channel_month: { phone: 30000, email: 20000, portal: 5000 }\n    currency: EUR\n');
    const r = cli(['kpi', '--json', '--db', (await realDataDb('servicenow-uci')).db, '--config', config, '--from', '2016-03-01', '--to', '2016-06-01', '--by', 'channel']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kpis.cost_per_ticket).toMatchObject({ n: want.n, uncosted: 0, months: 3, cost: 150000, value: expect.closeTo(150000 / want.n, 4), currency: 'EUR' });
    const by = Object.fromEntries(doc.breakdowns.channel.groups.map((g: any) => [g.channel, g.kpis.cost_per_ticket?.value ?? null]));
    expect(by).toEqual({ phone: expect.closeTo(90000 / want.phone, 4), email: expect.closeTo(60000 / want.email, 4) });
  });
});
