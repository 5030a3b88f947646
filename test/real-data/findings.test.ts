/**
 * Findings on real exports (../shared/data): the ServiceNow UCI event log and the HPSM BPI 2014 incidents.
 * Skips with a visible message where the data is absent. Each finding's own query must reproduce its figures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFindings, type FindingsResult } from '../../src/findings/index.js';
import { Store } from '../../src/store/db.js';
import { SHARED_DATA } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] findings SKIPPED: ${SHARED_DATA} not found.\n`);

describe.skipIf(!present)('findings on the ServiceNow UCI event log', () => {
  let store: Store;
  let res: FindingsResult;
  beforeAll(async () => {
    const { db, ingest: r } = await realDataDb('servicenow-uci');
    expect(r.code, r.stderr).toBe(0);
    store = await Store.open(db);
    res = await computeFindings(store, {});
  }, 600_000);
  afterAll(() => store?.close());

  it('tests hundreds of hypotheses and leaves out the one-day February edge of the export', () => {
    expect(res.tested).toBeGreaterThan(300);
    expect(res.notes?.join('\n')).toMatch(/1 month at the edges of the export \(2016-02, \d+ incidents\)/);
    for (const f of res.findings) if (f.p_value !== null) expect(f.q_value!).toBeLessThanOrEqual(0.05);
  });

  it('finds SLA attainment rising week by week, and its query shows it', async () => {
    const f = res.findings.find((x) => x.kind === 'trend' && x.metric === 'sla_attainment' && x.dimension === null)!;
    expect(f.direction).toBe('up');
    expect(f.rank).toBeLessThanOrEqual(5);
    const weeks = await store.all<{ week: string; sla_attainment: number | null }>(f.query);
    const v = weeks.map((w) => w.sla_attainment).filter((x): x is number => x !== null);
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    expect(mean(v.slice(-3))).toBeGreaterThan(mean(v.slice(0, 3)) + 0.2);
  });

  it("names the assignee holding a third of Group 70's tickets, as its query counts them", async () => {
    const f = res.findings.find((x) => x.kind === 'imbalance' && x.member === 'Group 70')!;
    expect(f.summary).toMatch(/Resolver 13 holds 30 %/);
    const rows = await store.all<{ assignee: string; tickets: number }>(f.query);
    const total = rows.reduce((s, r) => s + r.tickets, 0);
    expect(rows[0]!.assignee).toBe('Resolver 13');
    expect(rows[0]!.tickets / total).toBeCloseTo(f.value!, 9);
  });
});

describe.skipIf(!present)('findings on the HPSM BPI 2014 incidents', () => {
  let res: FindingsResult;
  beforeAll(async () => {
    const { db, ingest: r } = await realDataDb('hpsm-bpi2014-incidents');
    expect(r.code, r.stderr).toBe(0);
    const store = await Store.open(db);
    try {
      res = await computeFindings(store, {});
    } finally {
      store.close();
    }
  }, 600_000);

  it('keeps to the export’s coverage, says SLA is not testable, and caps the recurring candidates', () => {
    const notes = res.notes!.join('\n');
    expect(notes).toMatch(/17 months at the edges of the export \(2012-02 … 2013-09, 1150 incidents\)/);
    expect(notes).toMatch(/SLA attainment not tested: the export carries no SLA flag/);
    expect(res.findings.filter((f) => f.kind === 'recurring').length).toBeLessThanOrEqual(10);
    expect(res.findings.some((f) => f.metric === 'sla_attainment')).toBe(false);
  });

  it('reports request-for-information volume falling over the 25 weeks', () => {
    const f = res.findings.find((x) => x.kind === 'trend' && x.metric === 'volume' && x.member === 'request for information')!;
    expect(f.direction).toBe('down');
    expect(f.summary).toMatch(/25 weeks/);
  });
});
