/**
 * check on generated data: the planted SLA drop fails the build and is named; the outputs parse (JUnit with
 * fast-xml-parser, SARIF against the bundled OASIS 2.1.0 schema with ajv); exit codes 0 / 1 / 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { cli, kpiJson, tempDir, type CliResult } from '../helpers.js';
import { renderText } from '../../src/check/format/text.js';
import { renderCheckSarif } from '../../src/check/format/sarif.js';
import { generatedDb, prevMonth, sarifValidator } from './helpers.js';
import type { Truth } from '../../src/generate/index.js';
import { Store } from '../../src/store/db.js';
import { parseCheckConfig } from '../../src/check/config.js';
import { evaluateCheck } from '../../src/check/evaluate.js';
import { resolvePeriod } from '../../src/metrics/kpi.js';

const CONFIG = `# SLOs for the service desk
alpha: 0.01
min_samples: 30
rules:
  - id: sla-regression
    metric: sla_attainment
    compare: previous
    max_drop: 0.02
    severity: error
  - id: sla-regression-by-priority
    metric: sla_attainment
    by: priority
    compare: previous
    max_drop: 0.02
    severity: error
  - id: mttr-regression
    metric: mttr
    compare: previous
    max_increase: 20%
    severity: warn
  - id: p1-sla
    metric: sla_attainment
    where: {priority: 1}
    min: 0.95
    severity: warn
  - id: p1-breaches
    metric: sla_attainment
    where: {priority: 1}
    max_breaches: 2
    severity: warn
`;

describe('check on data with a planted SLA drop', () => {
  let db: string;
  let dropMonth: string;
  let truth: Truth;
  let cfg: string;
  let run: CliResult;
  let doc: any;
  const dir = tempDir();
  beforeAll(async () => {
    const r = await generatedDb({ out: tempDir(), tickets: 3000, seed: 5, format: 'servicenow' });
    db = r.db;
    truth = r.gen.truth;
    dropMonth = (truth.planted.sla_drop as { month: string }).month;
    cfg = join(dir, 'slo.yaml');
    writeFileSync(cfg, CONFIG);
    run = cli(['check', '--db', db, '--config', cfg, '--month', dropMonth, '--format', 'json']);
    doc = JSON.parse(run.stdout);
  }, 180_000);

  it('exits 1 on the drop month against the previous one, and names the month and the members', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(doc.schema).toBe('itsm-lens/check@1');
    expect(doc.period.label).toBe(dropMonth);
    // The drop is planted in that month across all incidents (every priority and group): the overall
    // regression fails, and so does every priority with enough incidents to test.
    const overall = doc.results.find((x: any) => x.rule === 'sla-regression');
    expect(overall).toMatchObject({ status: 'fail', severity: 'error', breakdown: {}, baseline: { period: prevMonth(dropMonth), source: 'previous period' } });
    expect(overall.test.name).toMatch(/two-proportion z-test/);
    expect(overall.test.p_value).toBeLessThan(1e-3);
    expect(overall.effect.value).toBeGreaterThan(0.15);
    const byPriority = doc.results.filter((x: any) => x.rule === 'sla-regression-by-priority');
    const tested = byPriority.filter((x: any) => x.status !== 'skipped');
    expect(tested.length).toBeGreaterThanOrEqual(2);
    // every tested priority dropped; with Holm's correction over them, at least the largest samples fail
    expect(tested.every((x: any) => x.effect.value > 0.1 && x.test.correction.startsWith('Holm') && x.test.family_size === tested.length)).toBe(true);
    expect(tested.filter((x: any) => x.status === 'fail').length).toBeGreaterThanOrEqual(1);
    expect(byPriority.filter((x: any) => x.status === 'skipped').every((x: any) => x.n < 30 || x.baseline.n < 30)).toBe(true);
    const mttr = doc.results.find((x: any) => x.rule === 'mttr-regression');
    expect(mttr).toMatchObject({ status: 'fail', severity: 'warn' });
    expect(mttr.test.name).toMatch(/Mann–Whitney/);
    // the text form says the same for people
    const text = renderText(doc);
    expect(text).toMatch(new RegExp(`period ${dropMonth}`));
    expect(text).toMatch(/FAIL sla-regression \[all\]: sla_attainment .* drop .*two-proportion z-test p .*: regression/);
  });

  it('finds the drop month the most significant of the year', async () => {
    const store = await Store.open(db, { readOnly: true });
    // the one rule read here (the others' KPIs and breakdowns would be computed for nothing: a rule's result
    // does not depend on the rules beside it)
    const config = parseCheckConfig(CONFIG.split('  - id: sla-regression-by-priority')[0]!, 'slo.yaml');
    expect(config.rules.map((r) => r.id)).toEqual(['sla-regression']);
    const months = Object.keys(truth.by_month).sort().slice(1);
    const ps: [string, number, string][] = [];
    for (const month of months) {
      const doc = await evaluateCheck(store, config, resolvePeriod({ month }));
      const r = doc.results.find((x) => x.rule === 'sla-regression')!;
      ps.push([month, r.test?.p_value ?? 1, r.status]);
    }
    store.close();
    ps.sort((a, b) => a[1] - b[1]);
    expect(ps[0]![0]).toBe(dropMonth);
    expect(ps[0]![2]).toBe('fail');
    // the runner-up is orders of magnitude weaker
    expect(ps[1]![1] / ps[0]![1]).toBeGreaterThan(100);
  });

  it('writes JUnit that a JUnit parser reads: one test case per rule × member', () => {
    const out = join(dir, 'results.xml');
    const r = cli(['check', '--db', db, '--config', cfg, '--month', dropMonth, '--format', 'junit', '--output', out]);
    expect(r.code).toBe(1);
    const json = doc;
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(readFileSync(out, 'utf8'));
    const suites = [xml.testsuites.testsuite].flat();
    expect(suites.map((s: any) => s['@name'])).toEqual(['sla-regression', 'sla-regression-by-priority', 'mttr-regression', 'p1-sla', 'p1-breaches']);
    const cases = suites.flatMap((s: any) => [s.testcase].flat());
    expect(cases).toHaveLength(json.results.length);
    expect(cases.filter((c: any) => c.failure)).toHaveLength(json.summary.failed);
    expect(Number(xml.testsuites['@failures'])).toBe(json.summary.failed);
    expect(cases.find((c: any) => c['@name'] === 'sla-regression [all]').failure['@message']).toMatch(/regression/);
    expect(cases.filter((c: any) => c.skipped).length).toBe(json.summary.skipped);
  });

  it('writes SARIF 2.1.0 that validates against the schema, with stable rule ids and fingerprints', () => {
    const r = cli(['check', '--db', db, '--config', cfg, '--month', dropMonth, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = sarif.runs[0].results;
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toEqual(['sla-regression', 'sla-regression-by-priority', 'mttr-regression', 'p1-sla', 'p1-breaches']);
    const overall = results.find((r: any) => r.ruleId === 'sla-regression');
    expect(overall).toMatchObject({ level: 'error', kind: 'fail', locations: [{ physicalLocation: { region: { startLine: 5 } } }] });
    expect(results.find((r: any) => r.ruleId === 'mttr-regression').level).toBe('warning');
    const fps = results.map((r: any) => r.partialFingerprints['itsmLens/v1']);
    expect(new Set(fps).size).toBe(fps.length);
    // the same from another evaluation (the beforeAll's)
    expect((renderCheckSarif(doc, '0') as any).runs[0].results.map((r: any) => r.partialFingerprints['itsmLens/v1'])).toEqual(fps);
  });

  it('writes GitHub annotations and appends a markdown summary to $GITHUB_STEP_SUMMARY', () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = summary;
    let r;
    try {
      r = cli(['check', '--db', db, '--config', cfg, '--month', dropMonth, '--format', 'github']);
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY;
    }
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^::error file=.*slo\\.yaml,line=5,title=sla-regression \\[all\\]::${dropMonth}: sla_attainment`, 'm'));
    expect(r.stdout).toMatch(/^::warning file=.*,line=\d+,title=mttr-regression \[all\]::/m);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n')).toBe(true);
    expect(md).toMatch(new RegExp(`## itsm-lens check · ${dropMonth}`));
    expect(md).toMatch(/\| ❌ \| sla-regression \[all\] \|/);
  });

  it('compares with a stored kpi --json document', () => {
    const prev = prevMonth(dropMonth);
    const stored = join(dir, 'baseline.json');
    writeFileSync(stored, JSON.stringify(kpiJson(db, ['--month', prev, '--by', 'priority'])));
    const c = join(dir, 'stored.yaml');
    writeFileSync(c, `rules:\n  - id: vs-stored\n    metric: sla_attainment\n    by: priority\n    compare: ${stored}\n    max_drop: 0.02\n  - id: vs-stored-all\n    metric: sla_attainment\n    compare: ${stored}\n    max_drop: 0.02\n`);
    const viaFile = JSON.parse(cli(['check', '--db', db, '--config', c, '--month', dropMonth, '--format', 'json']).stdout);
    const viaPrev = doc;
    const pick = (d: any, rule: string) => d.results.filter((x: any) => x.rule === rule).map((x: any) => [x.breakdown, x.status, x.test?.p_value ?? null]);
    expect(pick(viaFile, 'vs-stored')).toEqual(pick(viaPrev, 'sla-regression-by-priority'));
    expect(pick(viaFile, 'vs-stored-all')).toEqual(pick(viaPrev, 'sla-regression'));
  });

  it('min: target takes the organisation\'s target (targets: in the project config); a rule on a KPI without one is refused', () => {
    const c = join(dir, 'targets.yaml');
    // the check config holds the project sections itself (targets:), as a one-file setup does
    writeFileSync(c, 'targets:\n  sla_attainment: { target: 0.5 }\nrules:\n  - id: sla-target\n    metric: sla_attainment\n    min: target\n');
    const r = cli(['check', '--db', db, '--config', c, '--month', dropMonth, '--format', 'json']);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.limit).toEqual({ min: 0.5 });
    expect(res.status).toBe(res.value >= 0.5 ? 'pass' : 'fail');
    expect(r.code, r.stderr).toBe(res.status === 'pass' ? 0 : 1);
    expect(res.message).toMatch(/required ≥ 50(\.0+)? % \(the organisation's target: targets\.sla_attainment\)$/);
    writeFileSync(c, 'rules:\n  - id: mttr-target\n    metric: mttr\n    max: target\n');
    const none = cli(['check', '--db', db, '--config', c, '--month', dropMonth]);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toMatch(/^itsm-lens: .*targets\.yaml: rules\[0\] \(mttr-target\): max: target needs targets\.mttr\.target in .*; e\.g\. targets: \{ mttr: \{ target: … \} \}$/);
  });

  it('exits 2 when a rule cannot be evaluated or the config is wrong, with one line', () => {
    const c = join(dir, 'bad.yaml');
    writeFileSync(c, 'rules:\n  - id: csr\n    metric: change_success_rate\n    min: 0.9\n');
    const r = cli(['check', '--db', db, '--config', c, '--month', dropMonth, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ status: 'unevaluated', message: expect.stringMatching(/cannot be computed/) });
    writeFileSync(c, 'rules:\n  - id: x\n    metric: nonsense\n    min: 1\n');
    const u = cli(['check', '--db', db, '--config', c]);
    expect(u.code).toBe(2);
    // the chosen month's line may come first (progress); the error is one line, the last
    expect(u.stderr.trim().split('\n').filter((l) => l.startsWith('itsm-lens: '))).toHaveLength(1);
    expect(u.stderr.trim().split('\n').at(-1)).toMatch(/^itsm-lens: .*unknown metric 'nonsense'/);
    writeFileSync(c, 'rules:\n  - id: x\n    metric: sla_attainment\n    compare: previous\n');
    const m = cli(['check', '--db', db, '--config', c]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/minimum effect: max_drop/);
  });
});

