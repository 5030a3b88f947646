import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/project.js';
import { computeKpis, resolvePeriod } from '../../src/metrics/kpi.js';
import { Store } from '../../src/store/db.js';
import { openStore, ROOT, tempDir, writeFixture } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';

/** Change metrics (failure rate, emergency, unapproved, lead time) on a few changes and incidents written straight into the store. */
const ts = (v: string | null | undefined) => (v ? `TIMESTAMPTZ '${v}+00'` : 'NULL');
const str = (v: string | null | undefined) => (v === null || v === undefined ? 'NULL' : `'${v}'`);

interface C {
  id: string;
  ci?: string;
  status?: string;
  outcome?: string;
  type?: string;
  emergency?: boolean;
  approval?: string;
  cab?: boolean;
  opened?: string;
  start?: string;
  end?: string;
  closed?: string;
}

function insertChange(c: C, tool = 'x'): string {
  const cols: [string, string][] = [
    ['change_key', `'${tool}:${c.id}'`],
    ['source_id', `'${c.id}'`],
    ['ci_name', str(c.ci)],
    ['status', str(c.status ?? 'closed')],
    ['outcome', str(c.outcome)],
    ['change_type', str(c.type)],
    ['emergency', c.emergency === undefined ? 'NULL' : String(c.emergency)],
    ['approval', str(c.approval)],
    ['cab_required', c.cab === undefined ? 'NULL' : String(c.cab)],
    ['opened_at', ts(c.opened)],
    ['actual_start', ts(c.start)],
    ['actual_end', ts(c.end)],
    ['closed_at', ts(c.closed)],
  ];
  return `INSERT INTO "change" (${cols.map((x) => x[0]).join(', ')}) VALUES (${cols.map((x) => x[1]).join(', ')})`;
}

const CHANGES: C[] = [
  { id: 'CHG1', ci: 'srv-1', outcome: 'successful', type: 'normal', approval: 'approved', opened: '2024-02-25 12:00:00', start: '2024-03-01 10:00:00', end: '2024-03-01 12:00:00' },
  { id: 'CHG2', ci: 'srv-2', outcome: 'unsuccessful', type: 'emergency', approval: 'approved', opened: '2024-03-04 00:00:00', end: '2024-03-05 00:00:00' },
  { id: 'CHG3', outcome: 'backed_out', type: 'standard', approval: 'not_requested', opened: '2024-03-09 00:00:00', end: '2024-03-10 00:00:00' }, // its CI is in change_ci
  { id: 'CHG4', ci: 'srv-4', outcome: 'successful', type: 'normal', emergency: true, approval: 'rejected', opened: '2024-03-10 00:00:00', closed: '2024-03-20 00:00:00' }, // no actual end: closed
  { id: 'CHG5', ci: 'srv-1', status: 'cancelled', type: 'normal', opened: '2024-03-01 00:00:00', closed: '2024-03-15 00:00:00' }, // never implemented
  { id: 'CHG6', ci: 'srv-6', outcome: 'successful', type: 'normal', opened: '2024-03-20 00:00:00', end: '2024-03-25 00:00:00' }, // no approval state
  { id: 'CHG7', ci: 'srv-1', outcome: 'successful', type: 'normal', approval: 'approved', opened: '2024-03-30 00:00:00', end: '2024-04-02 00:00:00' }, // April
  { id: 'CHG8', ci: 'srv-8', outcome: 'successful', type: 'standard', approval: 'approved', opened: '2024-03-11 00:00:00', end: '2024-03-12 00:00:00' },
];

/** Incidents: [key, ci, opened, caused_by_change_ref] */
const INCIDENTS: [string, string | null, string, string | null][] = [
  ['x:i1', 'srv-1', '2024-03-05 00:00:00', null], // 3.5 days after CHG1 ended: within 7 days
  ['x:i3', 'srv-3', '2024-03-20 00:00:00', null], // exactly 10 days after CHG3 ended
  ['x:i4', 'srv-4', '2024-03-28 00:00:00', null], // 8 days after CHG4 closed: outside 7, inside 10
  ['x:i6', 'srv-6', '2024-03-24 00:00:00', null], // the day before CHG6 ended: the CI's base rate, not caused by it
  ['x:i9', null, '2024-03-28 00:00:00', 'CHG6'], // names CHG6 as its cause
  ['x:i8a', 'srv-8', '2024-03-08 00:00:00', null], // srv-8 was already failing 4 days before CHG8 …
  ['x:i8b', 'srv-8', '2024-03-14 00:00:00', null], // … so this one, 2 days after it, is not a new incident
];

async function seed(store: Store): Promise<void> {
  for (const c of CHANGES) await store.run(insertChange(c));
  await store.run(`INSERT INTO change_ci (change_key, ci_name) VALUES ('x:CHG3', 'srv-3')`);
  for (const [key, ci, opened, cause] of INCIDENTS) {
    await store.run(
      `INSERT INTO ticket (ticket_key, kind, ci_name, opened_at, caused_by_change_ref) VALUES ('${key}', 'incident', ${str(ci)}, ${ts(opened)}, ${str(cause)})`,
    );
  }
}

describe('change metrics on hand-made rows', () => {
  let store: Store;
  let march: any;
  beforeAll(async () => {
    store = await openStore(tempDir());
    await seed(store);
    march = await computeKpis(store, resolvePeriod({ month: '2024-03' }));
  });

  it('change failure rate: the three causes counted apart, each failed change once', () => {
    // implemented in March: CHG1, 2, 3, 4, 6, 8 (CHG5 cancelled, CHG7 ends in April)
    // failed: CHG1 (incident on srv-1 3.5 d later), CHG2 (unsuccessful), CHG3 (backed out; its srv-3 incident is 10 d later),
    //         CHG6 (named by an incident; its srv-6 incident came before it) → 4 / 6
    // not failed: CHG8, whose srv-8 incident 2 days later follows one 4 days before (an already-failing CI)
    expect(march.kpis.change_failure_rate).toMatchObject({
      n: 6, failed: 4, unsuccessful: 1, backed_out: 1, caused_incident: 2, new_incident_on_ci: 1, incident_on_ci: 2,
      named_by_incident: 1, incident_on_ci_before: 2,
    });
    expect(march.kpis.change_failure_rate.value).toBeCloseTo(4 / 6, 6);
    expect(march.kpis.change_failure_rate.variant).toMatch(/within 7 days/);
  });

  it('change failure rate follows the configured window (half-open: exactly N days after is outside)', async () => {
    const config = loadProjectConfig(writeFixture(tempDir(), 'itsm-lens.config.yaml', 'metrics:\n  change_failure_window_days: 10\n'));
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { config })) as any;
    // CHG4's incident 8 days later now counts; CHG3's, exactly 10 days later, still does not
    expect(k.kpis.change_failure_rate).toMatchObject({ n: 6, failed: 5, new_incident_on_ci: 2, incident_on_ci: 3, caused_incident: 3 });
    expect(k.kpis.change_failure_rate.variant).toMatch(/within 10 days/);
  });

  it('emergency change rate: type or flag, over implemented changes', () => {
    // CHG2 (type emergency) and CHG4 (flag) of 6
    expect(march.kpis.emergency_change_rate).toMatchObject({ n: 6, emergency: 2, unknown_type: 0 });
    expect(march.kpis.emergency_change_rate.value).toBeCloseTo(1 / 3, 6);
  });

  it('unapproved change rate over implemented changes with a known approval', () => {
    // CHG1, 2, 8 approved; CHG3 not requested (a standard change); CHG4 rejected; CHG6 has no approval state
    expect(march.kpis.unapproved_change_rate).toMatchObject({ value: 0.4, n: 5, unapproved: 2, rejected: 1, not_requested: 1, pending: 0, unapproved_standard: 1 });
  });

  it('change lead time in days, opened → actual end (else closed)', () => {
    // 5, 1, 1, 10, 5, 1 days: median (1 + 5) / 2 = 3, p90 = 5 + 0.5 × (10 − 5) = 7.5
    expect(march.kpis.change_lead_time).toMatchObject({ unit: 'days', n: 6, median: 3, p90: 7.5, excluded_negative: 0 });
    expect(march.kpis.change_lead_time.mean).toBeCloseTo(23 / 6, 6);
  });

  it('April holds only CHG7', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-04' }))) as any;
    expect(k.kpis.change_failure_rate).toMatchObject({ value: 0, n: 1, failed: 0 });
    expect(k.kpis.change_lead_time).toMatchObject({ n: 1, median: 3 });
  });

  it('works with breakdowns, and a change breakdown by channel is skipped with a reason', async () => {
    const k = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['month', 'priority'] })) as any;
    const b = k.breakdowns['month,priority'];
    const sum = (kpi: string, f: string) => b.groups.reduce((a: number, g: any) => a + (g.kpis[kpi]?.[f] ?? 0), 0);
    for (const kpi of ['change_failure_rate', 'emergency_change_rate', 'unapproved_change_rate', 'change_lead_time']) expect(sum(kpi, 'n'), kpi).toBe(k.kpis[kpi].n);
    expect(sum('change_failure_rate', 'failed')).toBe(4);
    const byChannel = (await computeKpis(store, resolvePeriod({ month: '2024-03' }), { by: ['channel'] })) as any;
    expect(byChannel.breakdowns.channel.skipped.change_failure_rate).toMatch(/no channel/);
  });

  it('is null with a reason when the data cannot support a metric', async () => {
    const empty = await openStore(tempDir());
    const k = (await computeKpis(empty, { from: null, to: null })) as any;
    for (const id of ['change_failure_rate', 'emergency_change_rate', 'unapproved_change_rate']) {
      expect(k.kpis[id].value, id).toBeNull();
      expect(k.kpis[id].reason, id).toMatch(/no implemented change/);
    }
    expect(k.kpis.change_lead_time).toMatchObject({ n: 0, median: null });
    expect(k.kpis.change_lead_time.reason).toBeTruthy();
    empty.close();

    // Jira-like changes: closed, but no outcome, no CI, no type, no approval, and no incident names them
    const bare = await openStore(tempDir());
    await bare.run(insertChange({ id: 'J1', type: 'other', opened: '2024-03-01 00:00:00', closed: '2024-03-02 00:00:00' }));
    await bare.run(insertChange({ id: 'J2', status: 'cancelled', opened: '2024-03-01 00:00:00', closed: '2024-03-02 00:00:00' }));
    const j = (await computeKpis(bare, { from: null, to: null })) as any;
    expect(j.kpis.change_failure_rate).toMatchObject({ value: null, n: 1 });
    expect(j.kpis.change_failure_rate.reason).toMatch(/no outcome/);
    expect(j.kpis.emergency_change_rate).toMatchObject({ value: null, n: 0, unknown_type: 1 });
    expect(j.kpis.emergency_change_rate.reason).toMatch(/change type/);
    expect(j.kpis.change_lead_time).toMatchObject({ n: 1, median: 1 });
    bare.close();

    // HPSM-like: "CAB approval needed" is not an approval outcome
    const hpsm = await openStore(tempDir());
    await hpsm.run(insertChange({ id: 'H1', cab: true, emergency: false, opened: '2024-03-01 00:00:00', end: '2024-03-02 00:00:00' }));
    const h = (await computeKpis(hpsm, { from: null, to: null })) as any;
    expect(h.kpis.unapproved_change_rate).toMatchObject({ value: null, n: 0 });
    expect(h.kpis.unapproved_change_rate.reason).toMatch(/CAB-approval-needed/);
    expect(h.kpis.emergency_change_rate).toMatchObject({ value: 0, n: 1 });
    hpsm.close();
  });
});

describe('change metrics on the generated fixtures', () => {
  it('ServiceNow: the incidents naming a change are the planted caused-by links', async () => {
    const store = await Store.open((await fixtureDb('servicenow')).db);
    const truth = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'servicenow', 'truth.json'), 'utf8'));
    const links = await store.one<{ incidents: number; changes: number }>(
      `SELECT count(*) AS incidents, count(DISTINCT c.change_key) AS changes
       FROM ticket t JOIN "change" c ON c.source_id = t.caused_by_change_ref
       WHERE t.kind = 'incident' AND (c.actual_end IS NOT NULL OR (c.closed_at IS NOT NULL AND c.status <> 'cancelled'))`,
    );
    expect(links!.incidents).toBe(truth.links.incidents_caused_by_change);
    const k = (await computeKpis(store, { from: null, to: null })) as any;
    expect(k.kpis.change_failure_rate.named_by_incident).toBe(links!.changes);
    // the implemented changes are those with a close code (change_success_rate's n); unsuccessful is its failed
    expect(k.kpis.change_failure_rate.n).toBe(truth.kpis.change_success_rate.n);
    expect(k.kpis.change_failure_rate.unsuccessful).toBe(truth.kpis.change_success_rate.n - truth.kpis.change_success_rate.met - k.kpis.change_success_rate.successful_with_issues);
    expect(k.kpis.change_lead_time.n).toBe(truth.kpis.change_success_rate.n);
    store.close();
  });

  it('HPSM: emergency changes from the flag; no approval outcome', async () => {
    const store = await Store.open((await fixtureDb('hpsm')).db);
    const k = (await computeKpis(store, { from: null, to: null })) as any;
    const direct = await store.one<{ n: number; e: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE emergency) AS e FROM "change" WHERE actual_end IS NOT NULL OR closed_at IS NOT NULL`,
    );
    expect(k.kpis.emergency_change_rate).toMatchObject({ n: direct!.n, emergency: direct!.e });
    expect(k.kpis.unapproved_change_rate.value).toBeNull();
    expect(k.kpis.unapproved_change_rate.reason).toMatch(/CAB-approval-needed/);
    store.close();
  });
});
