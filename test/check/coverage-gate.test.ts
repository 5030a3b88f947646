/**
 * A gate that cannot pass on nothing (issue 18, items 3 and 5), on hand-made incidents whose coverage is
 * derived by hand below:
 *
 *   Jan 2024: 30 incidents, opened 10 … 24 Jan (two a day): the export starts on the 10th, so Jan is partial
 *   Feb 2024:  2 incidents (5 and 20 Feb)
 *   Mar, Apr, May 2024: 40 each (days 1 … 20, two a day): covered whole
 *   Jun 2024: 20 incidents, 1 … 10 Jun: the export ends on the 10th, so June is partial
 *   172 incidents: the 2.5 % quantile (5th) is in Jan, the 97.5 % (168th) in June, so the core span is
 *   Jan … Jun; its complete months Feb (2), Mar, Apr, May (40 each): typical = median 40, a quarter = 10.
 *   Feb (2) is under it; Jan and Jun are partial. Every second incident of a month meets its SLA.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/db.js';
import { parseCheckConfig } from '../../src/check/config.js';
import { evaluateCheck, type CheckDocument } from '../../src/check/evaluate.js';
import { renderText } from '../../src/check/format/text.js';
import { renderJunit } from '../../src/check/format/junit.js';
import { renderCheckSarif } from '../../src/check/format/sarif.js';
import { renderGithubAnnotations } from '../../src/check/format/github.js';
import { resolvePeriod } from '../../src/metrics/kpi.js';
import { cli, tempDir } from '../helpers.js';
import { loadProjectConfig } from '../../src/config/project.js';

const dir = tempDir('itsm-lens-gate-');
const db = join(dir, 'gate.duckdb');
const day = (m: string, d: number) => `${m}-${String(d).padStart(2, '0')}`;
const opened: string[] = [];
for (let d = 10; d < 25; d++) opened.push(`${day('2024-01', d)} 08:00`, `${day('2024-01', d)} 14:00`);
opened.push('2024-02-05 09:00', '2024-02-20 09:00');
for (const m of ['2024-03', '2024-04', '2024-05']) for (let d = 1; d <= 20; d++) opened.push(`${day(m, d)} 08:00`, `${day(m, d)} 14:00`);
for (let d = 1; d <= 10; d++) opened.push(`${day('2024-06', d)} 08:00`, `${day('2024-06', d)} 14:00`);

const RULES = `rules:
  - id: sla-min
    metric: sla_attainment
    min: 0.1
  - id: sla-reg
    metric: sla_attainment
    compare: previous
    max_drop: 0.02
  - id: p1-budget
    metric: sla_attainment
    where: {priority: 1}
    max_breaches: 100
  - id: mttr-by-group
    metric: mttr
    by: group
    compare: previous
    max_increase: 20%
`;
const rulesFile = join(dir, 'rules.yaml');

beforeAll(async () => {
  const s = await Store.open(db);
  const values = opened.map((o, i) => `('x:${i}', 'incident', 1, TIMESTAMPTZ '${o}:00+00', TIMESTAMPTZ '${o}:00+00' + INTERVAL 5 HOUR, ${i % 2 === 0})`);
  await s.run(`INSERT INTO ticket (ticket_key, kind, priority, opened_at, resolved_at, sla_met) VALUES ${values.join(', ')}`);
  s.close();
  writeFileSync(rulesFile, RULES);
});

describe('check against the coverage model', () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open(db, { readOnly: true });
  });
  afterAll(() => store?.close());
  const config = parseCheckConfig(RULES, 'rules.yaml');
  const byRule = async (month: string) => {
    const doc = await evaluateCheck(store, config, resolvePeriod({ month }));
    return { doc, get: (id: string) => doc.results.filter((r) => r.rule === id) };
  };

  it('a regression against a month under a quarter of a typical month is unevaluated, never passed', async () => {
    const { get } = await byRule('2024-03');
    expect(get('sla-reg')).toMatchObject([{ status: 'unevaluated', message: 'no comparison: Feb 2024 holds 2 incidents, under a quarter of a typical month (40)' }]);
    // the threshold and the budget judge March alone: 20 of 40 met, 20 breaches
    expect(get('sla-min')).toMatchObject([{ status: 'pass', value: 0.5, n: 40 }]);
    expect(get('p1-budget')).toMatchObject([{ status: 'pass', breaches: 20 }]);
  });

  it('the threshold is the project config\'s coverage.min_share: at 0.05, February (2 of a typical 40) is compared', async () => {
    const cfg = join(dir, 'project.yaml');
    writeFileSync(cfg, 'coverage: { min_share: 0.05 }\n');
    const project = loadProjectConfig(cfg);
    expect(project.coverage).toEqual({ minShare: 0.05, fromConfig: true });
    expect(loadProjectConfig().coverage).toEqual({ minShare: 0.25, fromConfig: false }); // no config here: the default
    const doc = await evaluateCheck(store, config, resolvePeriod({ month: '2024-03' }), { project });
    // Feb: 1 of 2 met against March's 20 of 40: tested (too few records for min_samples 30: skipped, not unevaluated)
    expect(doc.results.find((r) => r.rule === 'sla-reg')).toMatchObject({ status: 'skipped', baseline: { period: '2024-02', value: 0.5, n: 2 } });
    writeFileSync(cfg, 'coverage: { min_share: 1.5 }\n');
    expect(() => loadProjectConfig(cfg)).toThrow(/coverage.min_share must be a share of a typical month between 0 and 1/);
  });

  it('a month that is itself partial or thin is compared with nothing; against a complete month it is tested', async () => {
    // the month is judged before its baseline: February (thin) against January (partial) names February
    expect((await byRule('2024-02')).get('sla-reg')[0]).toMatchObject({ status: 'unevaluated', message: expect.stringMatching(/^no comparison: Feb 2024 holds 2 incidents/) });
    expect((await byRule('2024-06')).get('sla-reg')[0]).toMatchObject({ status: 'unevaluated', message: 'no comparison: Jun 2024 is a partial month (incidents opened 10 Jan 2024 … 10 Jun 2024)' });
    const apr = (await byRule('2024-04')).get('sla-reg')[0]!;
    expect(apr.status).toBe('pass');
    expect(apr.baseline).toMatchObject({ period: '2024-03', value: 0.5, n: 40 });
  });

  it('a rule whose breakdown has no member still appears, unevaluated; tickets without a group are one member in both months', async () => {
    const c = parseCheckConfig(`${RULES}  - id: p9-by-group\n    metric: mttr\n    where: {priority: 9}\n    by: group\n    compare: previous\n    max_increase: 20%\n`, 'rules.yaml');
    const doc = await evaluateCheck(store, c, resolvePeriod({ month: '2024-04' }));
    expect(doc.results.filter((r) => r.rule === 'p9-by-group')).toMatchObject([{ status: 'unevaluated', kind: 'regression', message: 'no member of group has mttr in the period' }]);
    // no incident has a group: the one member (group null) is tested against March's, 5 h against 5 h
    expect(doc.results.filter((r) => r.rule === 'mttr-by-group')).toMatchObject([{ status: 'pass', breakdown: { group: null }, value: 5, baseline: { value: 5, n: 40 } }]);
  });

  it('fewer tickets than the rules file’s min_tickets leave every rule unevaluable', async () => {
    const c = parseCheckConfig(`min_tickets: 41\n${RULES}`, 'rules.yaml');
    const doc = await evaluateCheck(store, c, resolvePeriod({ month: '2024-04' }));
    expect(doc.unevaluable).toBe('unevaluable: 2024-04 holds 40 incidents, fewer than min_tickets 41 of the rules file');
    expect(doc.summary.exit_code).toBe(2);
    expect(doc.results.map((r) => [r.rule, r.status])).toEqual([
      ['sla-min', 'unevaluated'], ['sla-reg', 'unevaluated'], ['p1-budget', 'unevaluated'], ['mttr-by-group', 'unevaluated'],
    ]);
    // 40 is enough at min_tickets 40
    expect((await evaluateCheck(store, parseCheckConfig(`min_tickets: 40\n${RULES}`, 'rules.yaml'), resolvePeriod({ month: '2024-04' }))).unevaluable).toBeUndefined();
  });
});

describe('check on a period with no tickets', () => {
  it('exits 2 for every rule kind, listing each rule as unevaluated, the reason last on stderr', () => {
    const r = cli(['check', '--db', db, '--config', rulesFile, '--month', '2024-09', '--format', 'json']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('check: --month 2024-09: no tickets were opened in it; 2024-09 is outside the data (incidents opened 10 Jan 2024 … 10 Jun 2024)');
    const doc = JSON.parse(r.stdout);
    expect(doc.results.map((x: any) => [x.rule, x.kind, x.status])).toEqual([
      ['sla-min', 'threshold', 'unevaluated'], ['sla-reg', 'regression', 'unevaluated'], ['p1-budget', 'budget', 'unevaluated'], ['mttr-by-group', 'regression', 'unevaluated'],
    ]);
    expect(doc.unevaluable).toBe('unevaluable: no incidents were opened in 2024-09 (incidents opened 10 Jan 2024 … 10 Jun 2024)');
  });

  it('every output format names every rule with its state', async () => {
    const store = await Store.open(db, { readOnly: true });
    let doc: CheckDocument;
    try {
      doc = await evaluateCheck(store, parseCheckConfig(RULES, 'rules.yaml'), resolvePeriod({ month: '2024-09' }));
    } finally {
      store.close();
    }
    const ids = ['sla-min', 'sla-reg', 'p1-budget', 'mttr-by-group'];
    const outputs = { text: renderText(doc), junit: renderJunit(doc), github: renderGithubAnnotations(doc), sarif: JSON.stringify(renderCheckSarif(doc, '0')) };
    for (const [format, out] of Object.entries(outputs)) for (const id of ids) expect(out, `${format} names ${id}`).toContain(id);
    expect(outputs.text.split('\n')[1]).toBe(doc.unevaluable);
    expect((outputs.junit.match(/<error /g) ?? []).length).toBe(4);
    const states = JSON.parse(outputs.sarif).runs[0].properties.states;
    expect(states.map((x: any) => [x.ruleId, x.status])).toEqual(ids.map((id) => [id, 'unevaluated']));
  });

  it('a --from/--to period with no tickets is unevaluable too', () => {
    const r = cli(['check', '--db', db, '--config', rulesFile, '--from', '2024-07-01', '--to', '2024-08-01', '--format', 'json']);
    expect(r.code, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout).unevaluable).toMatch(/^unevaluable: no incidents were opened in 2024-07/);
  });
});
