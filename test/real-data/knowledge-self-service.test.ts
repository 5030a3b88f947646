/**
 * Knowledge use and self-service rates on the real exports (issue 24, items 4 and 5), against counts taken from
 * the raw files with plain SQL (not through the adapter): the ServiceNow log's last row per incident (highest
 * sys_mod_count) says whether it is resolved (`resolved_at` not '?') and used knowledge (`knowledge` = true).
 * HPSM's interactions and incidents carry no channel (null with the reason); every HPSM incident names a KM
 * number, so its rate comes with the caveat that the field may be mandatory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { SHARED_DATA } from '../helpers.js';
import { realDataJson, type RealData } from '../shared-databases.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));

async function fromFile(sql: string): Promise<Record<string, number>> {
  const s = await Store.open(':memory:', { migrate: false });
  try {
    return (await s.one<Record<string, number>>(sql))!;
  } finally {
    s.close();
  }
}

/** `kpi --json` of the export's database (run once per `vitest run`: shared-data, same-figures and map read it too). */
const kpis = async (name: RealData) => (await realDataJson<{ kpis: any }>(name, ['kpi', '--json'])).kpis;

describe.skipIf(!present)('knowledge use and self-service on the real exports', () => {
  it('ServiceNow: knowledge use = resolved incidents whose last row says knowledge = true, counted from the file', async () => {
    const file = join(SHARED_DATA, 'servicenow-uci', 'incident_event_log.csv.gz');
    const want = await fromFile(`WITH raw AS (SELECT * FROM read_csv('${file}', all_varchar = true)),
      last AS (SELECT number, arg_max(knowledge, (sys_mod_count::INT, sys_updated_at)) AS k,
                      arg_max(resolved_at, (sys_mod_count::INT, sys_updated_at)) AS res FROM raw GROUP BY number)
      SELECT count(*) FILTER (WHERE res <> '?') AS resolved, count(*) FILTER (WHERE res <> '?' AND lower(k) = 'true') AS with_kb FROM last`);
    expect(want).toEqual({ resolved: 19351, with_kb: 3405 });
    const k = await kpis('servicenow-uci');
    expect(k.knowledge_use_rate).toMatchObject({ n: want.resolved, with_article: want.with_kb, value: expect.closeTo(3405 / 19351, 6) });
    expect(k.knowledge_use_rate.caveat ?? null).toBeNull();
    // every incident came by phone or e-mail (contact_type: Phone 20,733, Email 36): no self-service at all
    expect(k.self_service_rate).toMatchObject({ value: 0, n: 20769, self_service: 0, assisted: 20769 });
  });

  it('HPSM: no channel in the export (null, with the reason); a KM number on every incident (with the caveat)', async () => {
    const k = await kpis('hpsm-bpi2014');
    expect(k.self_service_rate).toMatchObject({ value: null, reason: 'the tickets carry no channel (the export has no channel column, or it is empty)' });
    expect(k.knowledge_use_rate).toMatchObject({ value: 1, caveat: expect.stringMatching(/may be mandatory in the tool/) });
  });
});
