/**
 * A practice whose records are not in the export is not assessable, never failed (issue 22, item 2). The committed
 * ServiceNow fixture is assessed with its problem and asset exports taken out (as if never exported), and with an
 * empty problem export (the tool has no problems: that one is a finding).
 */
import { describe, expect, it } from 'vitest';
import { assess, type MaturityDoc } from '../../src/maturity/assess.js';
import { Store } from '../../src/store/db.js';
import { fixtureDb } from '../shared-databases.js';

async function assessAfter(sql: string[]): Promise<MaturityDoc> {
  const { db } = await fixtureDb('servicenow');
  const store = await Store.open(db);
  try {
    for (const s of sql) await store.run(s);
    return await assess(store, { benchmarks: false });
  } finally {
    store.close();
  }
}

const criteria = (doc: MaturityDoc) => doc.practices.flatMap((p) => p.criteria);
const practice = (doc: MaturityDoc, id: string) => doc.practices.find((p) => p.id === id)!;

describe('a missing export is not a failure', () => {
  it('no problem and no asset export: those practices are not assessable, with the export to ask for first', async () => {
    const doc = await assessAfter([
      `DELETE FROM problem`, `DELETE FROM asset`, `UPDATE ticket SET problem_ref = NULL`,
      `DELETE FROM source_file WHERE object_kind IN ('problem', 'asset')`,
    ]);
    expect(practice(doc, 'problem')).toMatchObject({ level: null, reason: 'no problem export loaded', missing_export: 'problem' });
    expect(practice(doc, 'it_asset')).toMatchObject({ level: null, missing_export: 'asset', reason: expect.stringMatching(/^no CI or asset records/) });
    // nothing fails because of them: every criterion reading problems or assets is not assessable, with that reason
    for (const c of criteria(doc).filter((x) => x.id.startsWith('problem.') || x.id.startsWith('it_asset.'))) {
      expect(c.status, c.id).not.toBe('fail');
    }
    expect(criteria(doc).find((c) => c.id === 'problem.root_cause_recorded')).toMatchObject({ status: 'not_assessable', reason: 'no problem export loaded' });
    // configuration above level 2 needs CI or asset records, whatever the tickets say
    for (const id of ['service_configuration.incident_ci', 'service_configuration.change_ci', 'service_configuration.incident_ci_85']) {
      expect(criteria(doc).find((c) => c.id === id), id).toMatchObject({ status: 'not_assessable', reason: expect.stringMatching(/^no CI or asset records/) });
    }
    expect(practice(doc, 'service_configuration').level).toBeLessThanOrEqual(2);
    // the roadmap asks for the problem export first (a core practice), not for creating problems
    expect(doc.roadmap[0]).toMatchObject({ practice: 'problem', kind: 'missing_export', title: 'Export problem records' });
    expect(doc.roadmap.find((r) => r.practice === 'it_asset')).toMatchObject({ kind: 'missing_export', title: 'Export CI or asset records' });
    expect(doc.overall.core_not_assessed).toEqual(['problem']);
  });

  it('an empty problem export is loaded: no problem records is then a failure of level 2', async () => {
    const doc = await assessAfter([`DELETE FROM problem`, `UPDATE ticket SET problem_ref = NULL`]);
    expect(practice(doc, 'problem')).toMatchObject({ level: 1, next: { level: 2, status: 'failed', criteria: ['problem.records_exist'] } });
    expect(criteria(doc).find((c) => c.id === 'problem.records_exist')).toMatchObject({ status: 'fail', value: 0, reason: 'the problem export is empty and no incident names a problem' });
  });

  it('incidents naming problems are problem records enough to assess the practice without the export', async () => {
    const doc = await assessAfter([`DELETE FROM problem`, `DELETE FROM source_file WHERE object_kind = 'problem'`]);
    const p = practice(doc, 'problem');
    expect(p.level).not.toBeNull();
    expect(criteria(doc).find((c) => c.id === 'problem.records_exist')).toMatchObject({ status: 'pass' });
    expect(criteria(doc).find((c) => c.id === 'problem.incident_linked')).toMatchObject({ status: 'not_assessable', reason: 'no problem export loaded' });
  });
});
