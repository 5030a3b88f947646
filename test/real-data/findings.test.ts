/**
 * Findings on real exports (../shared/data): the ServiceNow UCI event log and the HPSM BPI 2014 incidents.
 * Skips with a visible message where the data is absent. Each finding's own query must reproduce its figures.
 */
import { createHash } from 'node:crypto';
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

  it('reads trends from whole weeks only: not the week of 29 Feb (1–6 Mar in the window) nor that of 25 Apr (judged to 26 Apr 22:27)', async () => {
    // the window starts Tue 1 Mar (February is left out as thin) and durations and SLA are judged on incidents
    // opened before 26 Apr 2016 22:27 (the settled end, note below): the weeks of 7 Mar … 18 Apr are whole
    const trends = res.findings.filter((x) => x.kind === 'trend' && x.metric !== 'volume');
    expect(trends.length).toBeGreaterThan(0);
    for (const f of trends) {
      const at = f.series!.points.map((p) => p.at);
      expect(at[0]! >= '2016-03-07' && at.at(-1)! <= '2016-04-18', f.summary).toBe(true);
      expect(f.summary, f.summary).toMatch(/ over \d+ weeks \(fitted: (up|down) [\d.]+ points|\(fitted: [\d.]+× (faster|as long)|\(fitted: (up|down) \d+ %/);
    }
    // an SLA rise per category, and the weekly attainment its query gives (plain SQL on the file through `query`)
    // for the first and last whole weeks is the sentence's observed first and last value
    const f = res.findings.find((x) => x.kind === 'trend' && x.metric === 'sla_attainment' && x.dimension === 'category')!;
    expect(f.direction).toBe('up');
    const weeks = new Map((await store.all<{ week: string; sla_attainment: number | null }>(f.query)).map((w) => [String(w.week).slice(0, 10), w.sla_attainment]));
    const pts = f.series!.points;
    expect(weeks.get(pts[0]!.at)).toBeCloseTo(pts[0]!.value, 9);
    expect(weeks.get(pts.at(-1)!.at)).toBeCloseTo(pts.at(-1)!.value, 9);
  });

  it('judges durations up to the settled end of the opened span, not from the 2017 close (issue 18.6)', async () => {
    // independently: the incidents' latest opened time in the file's core span is 13 May 2016 11:49, and the
    // 90th percentile of resolved − opened over the 19,351 resolved incidents (plain SQL on the loaded rows)
    const [p90] = await store.all<{ h: number }>(`SELECT quantile_cont((epoch(resolved_at) - epoch(opened_at)) / 3600, 0.9) AS h FROM ticket WHERE resolved_at >= opened_at`);
    const settled = new Date(Date.parse('2016-05-13T11:49:00Z') - Math.min(2160, Math.max(24, p90!.h)) * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(res.notes!.join('\n')).toContain(`durations and SLA judged on incidents opened before ${settled} UTC, the settled end of the coverage model`);
    expect(settled < '2016-05-01').toBe(true);
  });

  it('states the observed first and last weekly medians of the resolution-time trend, and names the fitted line as fitted', async () => {
    const f = res.findings.find((x) => x.kind === 'trend' && x.metric === 'resolution_time' && x.dimension === null)!;
    const pts = f.series!.points;
    expect(f.series!.unit).toBe('week');
    // the first week's observed median, independently: incidents opened that week (from 1 March: February is
    // left out as thin), not cancelled, duration capped at H
    const [h] = await store.all<{ h: number }>(`SELECT quantile_cont((epoch(resolved_at) - epoch(opened_at)) / 3600, 0.9) AS h FROM ticket WHERE resolved_at >= opened_at`);
    const H = Math.min(2160, Math.max(24, h!.h));
    const [first] = await store.all<{ m: number; n: number }>(`SELECT median(least(${H}, coalesce((epoch(resolved_at) - epoch(opened_at)) / 3600, ${H}))) AS m, count(*)::INT AS n
      FROM ticket WHERE date_trunc('week', make_timestamp(epoch_us(opened_at)))::DATE = DATE '${pts[0]!.at}' AND opened_at >= TIMESTAMPTZ '2016-03-01 00:00:00+00'
      AND (resolved_at IS NULL OR resolved_at >= opened_at) AND coalesce(status, '') <> 'cancelled'
      -- still open counts as H; closed without a resolution time is not known, so not counted
      AND NOT (resolved_at IS NULL AND status IN ('resolved', 'closed'))`);
    expect(pts[0]!.value).toBeCloseTo(first!.m, 6);
    const hours = (x: number) => (x >= 48 ? `${(x / 24).toFixed(1)} days` : `${x.toFixed(1)} h`);
    expect(f.summary).toContain(`${hours(pts[0]!.value)} observed in the first week, ${hours(pts.at(-1)!.value)} in the last; the fitted trend went from ${hours(f.baseline!)} to ${hours(f.value!)}`);
  });

  it("finds one assignee holding a third of Group 70's tickets (not named: the default people policy), as its query counts them", async () => {
    const f = res.findings.find((x) => x.kind === 'imbalance' && x.member === 'Group 70')!;
    expect(f.summary).toMatch(/^In Group 70, one assignee holds 30 %/);
    const rows = await store.all<{ assignee: string; tickets: number }>(f.query);
    const total = rows.reduce((s, r) => s + r.tickets, 0);
    expect(rows[0]!.assignee).toBe('Resolver 13');
    expect(rows[0]!.tickets / total).toBeCloseTo(f.value!, 9);
  });

  it('gives an assignee not named one label in every kind of finding (23 outliers and 2 trends here), the same person as people: named shows, numbered in an order that says nothing of them', async () => {
    const named = await computeFindings(store, { projectConfig: { people: 'named' } });
    // the same hypothesis under both policies: kind, metric, month or week, tickets and p-value
    const sig = (x: { kind: string; metric: string; at: string | null; n: number; p_value: number | null }) => `${x.kind}|${x.metric}|${x.at}|${x.n}|${x.p_value}`;
    const who = new Map(named.findings.filter((x) => x.dimension === 'assignee').map((x) => [sig(x), x.member]));
    const label = new Map<string, string>();
    const person = new Map<string, string>();
    const unnamed = res.findings.filter((x) => x.dimension === 'assignee');
    expect(new Set(unnamed.map((x) => x.kind)).size).toBeGreaterThan(1);
    for (const x of unnamed) {
      expect(x.member).toBeNull();
      const key = /assignee=(#\d+)/.exec(x.id)![1]!;
      const name = who.get(sig(x))!;
      expect(name, x.id).toBeTruthy();
      expect(label.get(key) ?? name, `${key} is one person`).toBe(name);
      expect(person.get(name) ?? key, `${name} has one label`).toBe(key);
      label.set(key, name);
      person.set(name, key);
    }
    // numbered in the order of the people's salted tokens (sha256 of the loaded files' ids and the name), not by
    // tickets or name: the labels seen here, smallest number first, have increasing tokens
    const salt = (await store.one<{ s: string }>(`SELECT string_agg(file_id, ',' ORDER BY file_id) AS s FROM source_file`))!.s;
    const token = (name: string) => createHash('sha256').update(`${salt}\u0000${name.trim().toLowerCase().replace(/\s+/g, ' ')}`).digest('hex');
    const tokens = [...label].sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1))).map(([, name]) => token(name));
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens).toEqual([...tokens].sort());
  });
});

describe.skipIf(!present)('findings on the HPSM BPI 2014 incidents', () => {
  let res: FindingsResult;
  /** the report's findings: --month 2014-02 (the twelve months ending with it) */
  let feb: FindingsResult;
  beforeAll(async () => {
    const { db, ingest: r } = await realDataDb('hpsm-bpi2014-incidents');
    expect(r.code, r.stderr).toBe(0);
    const store = await Store.open(db);
    try {
      res = await computeFindings(store, {});
      feb = await computeFindings(store, { month: '2014-02' });
    } finally {
      store.close();
    }
  }, 600_000);

  it('--month 2014-02: weekly trends from the first whole week (7 Oct 2013) to the last (17 Feb 2014), the window being 1 Oct … 28 Feb', () => {
    // the window starts Tue 1 Oct 2013 (the thin months before are left out) and ends with February: the week of
    // 30 Sep holds 1–6 Oct only (32 incidents of WBS000152 judged there, 5.0 h), that of 24 Feb 24–28 Feb only
    const trends = feb.findings.filter((x) => x.kind === 'trend' && x.metric !== 'volume');
    expect(trends.length).toBeGreaterThan(0);
    for (const f of trends) {
      expect(f.series!.points[0]!.at, f.summary).toBe('2013-10-07');
      expect(f.series!.points.at(-1)!.at, f.summary).toBe('2014-02-17');
      expect(f.summary, f.summary).toMatch(/from the week of 7 Oct 2013 to the week of 17 Feb 2014: .* over \d+ weeks \(fitted: [^)]*\)\.$/);
    }
  });

  it('says the export carries no problem link and no assignment group (empty on all 46,606 incidents), and the weeks out of the span', () => {
    const recurring = feb.findings.filter((x) => x.kind === 'recurring');
    expect(recurring.length).toBeGreaterThan(0);
    for (const f of recurring) {
      expect(f.summary, f.summary).toMatch(/ recurred in (\d+|each) of the \d+ weeks from \d+ \w+ \d{4} to \d+ \w+ \d{4}, on \S+; the export carries no assignment group and no problem link\.$/);
      expect(f.summary).not.toMatch(/none is linked|no group named/);
    }
  });

  it('keeps to the export’s coverage, says SLA is not testable, and caps the recurring candidates', () => {
    const notes = res.notes!.join('\n');
    expect(notes).toMatch(/17 months at the edges of the export \(2012-02 … 2013-09, 1150 incidents\)/);
    expect(notes).toMatch(/SLA attainment not tested: the export carries no SLA flag/);
    expect(res.findings.filter((f) => f.kind === 'recurring').length).toBeLessThanOrEqual(10);
    expect(res.findings.some((f) => f.metric === 'sla_attainment')).toBe(false);
  });

  it('looks no further than 11 Mar 2014: the export holds ended incidents only, so later weeks lack the still-open ones', () => {
    // from the file (coverage real-data test): no incident is open, the last ended 31 Mar 2014 22:47, 95 % are
    // resolved within 20.1 days → incidents opened after 11 Mar 2014 20:40 are left out
    expect(res.notes!.join('\n')).toMatch(/the export holds ended incidents only \(none is open; the last ended 2014-03-31 22:47 UTC\): incidents opened after 2014-03-11 20:40 UTC are left out/);
    const volume = res.findings.filter((x) => x.kind === 'trend' && x.metric === 'volume');
    expect(volume.length).toBeGreaterThan(0);
    for (const f of volume) expect(f.summary, f.summary).toMatch(/to the week of 3 Mar 2014: .* over 22 weeks \(fitted: [^)]*\)\.$/);
    // request-for-information incidents per week in the file: 409 in the week of 7 Oct 2013, 250 in that of 3 Mar
    // 2014, then 281, 255 and 170 in the weeks of 10, 17 and 24 Mar. Up to 3 Mar the fitted fall is about 32 %,
    // not confidently beyond the 30 % minimum; with the late-March weeks it read "down 40 % over 25 weeks"
    expect(res.findings.some((x) => x.kind === 'trend' && x.member === 'request for information')).toBe(false);
  });

  it('names the days of March 2014 a March finding was judged on: 1–11 Mar, not the whole month', () => {
    // the window ends 11 Mar 2014 20:40 (above), so a March 2014 change point rests on incidents opened 1–11 Mar
    const march = res.findings.filter((x) => x.kind === 'change_point' && x.at === '2014-03');
    expect(march.length).toBeGreaterThan(0);
    for (const f of march) {
      expect(f.summary, f.summary).toContain('opened 1–11 Mar 2014 ');
      expect(f.summary, f.summary).not.toContain('in Mar 2014');
    }
  });
});
