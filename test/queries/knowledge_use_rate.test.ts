/**
 * queries/knowledge_use_rate.sql on hand-made incidents: resolved incidents naming an article over resolved
 * incidents; "no" values (false, 0, none, -, blank) are not references; an export without the field gives null
 * with a reason; a field every incident fills gets its caveat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir } from '../helpers.js';

let store: Store;
const incident = (key: string, resolved: string | null, ref: string | null, kind = 'incident') =>
  `INSERT INTO ticket (ticket_key, kind, opened_at, resolved_at, knowledge_ref) VALUES ('${key}', '${kind}', TIMESTAMPTZ '2024-02-01 08:00:00+00',
     ${resolved ? `TIMESTAMPTZ '${resolved}+00'` : 'NULL'}, ${ref === null ? 'NULL' : `'${ref}'`})`;

beforeAll(async () => {
  store = await openStore(tempDir('itsm-lens-q-knowledge-'));
  for (const sql of [
    // March, resolved: 3 cite an article (KB0010001, 'true', 'KM0000553'), 5 do not ('false', '0', ' None ', '-', blank),
    // 1 has no value at all (NULL: still a resolved incident of an export that has the field)
    incident('a', '2024-03-01 10:00:00', 'KB0010001'),
    incident('b', '2024-03-02 10:00:00', 'true'),
    incident('c', '2024-03-03 10:00:00', 'KM0000553'),
    incident('d', '2024-03-04 10:00:00', 'false'),
    incident('e', '2024-03-05 10:00:00', '0'),
    incident('f', '2024-03-06 10:00:00', ' None '),
    incident('g', '2024-03-07 10:00:00', '-'),
    incident('h', '2024-03-08 10:00:00', ''),
    incident('i', '2024-03-09 10:00:00', null),
    // not in it: unresolved, a request, resolved in April
    incident('j', null, 'KB1'),
    incident('k', '2024-03-10 10:00:00', 'KB2', 'service_request'),
    // April: every resolved incident names one (the caveat)
    incident('l', '2024-04-01 10:00:00', 'KM1'),
    incident('m', '2024-04-02 10:00:00', 'KM2'),
    // May: resolved incidents without the field
    incident('n', '2024-05-01 10:00:00', null),
  ]) await store.run(sql);
});
afterAll(() => store.close());

describe('knowledge_use_rate', () => {
  it('March: 3 of the 9 resolved incidents cite an article', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }))) as any;
    expect(k.kpis.knowledge_use_rate).toMatchObject({ value: expect.closeTo(3 / 9, 6), n: 9, with_article: 3 });
    expect(k.kpis.knowledge_use_rate.caveat ?? null).toBeNull();
  });

  it('April: 2 of 2, with the caveat that the field may be mandatory', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-04' }))) as any;
    expect(k.kpis.knowledge_use_rate).toMatchObject({
      value: 1,
      n: 2,
      caveat: 'every resolved incident names an article: the field may be mandatory in the tool, so the rate may not show use',
    });
  });

  it('null with a reason when no resolved incident carries the field, and when none was resolved', async () => {
    let k = (await computeKpis(store, resolvePeriod({ month: '2024-05' }))) as any;
    expect(k.kpis.knowledge_use_rate).toMatchObject({
      value: null,
      n: 1,
      reason: 'the resolved incidents carry no knowledge reference (the export has no knowledge column, or it is empty)',
    });
    k = (await computeKpis(store, resolvePeriod({ month: '2025-01' }))) as any;
    expect(k.kpis.knowledge_use_rate).toMatchObject({ value: null, n: 0, reason: 'no incident was resolved in the period' });
  });
});
