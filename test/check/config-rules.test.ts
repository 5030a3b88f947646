/**
 * The check config as parsed: what each rule checks (kinds), the defaults it inherits, and the config
 * mistakes that depend on several keys together (one line naming the rule and what to fix). Pure parsing,
 * no database.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { applyTargets, loadCheckConfig, parseCheckConfig } from '../../src/check/config.js';
import { tempDir, writeFixture } from '../helpers.js';
import { UserError } from '../../src/errors.js';

const parse = (text: string) => parseCheckConfig(text, 'gate.yaml');
const rules = (body: string, head = '') => parse(`${head}rules:\n${body}`).rules;

describe('check config: what a rule checks', () => {
  it('kinds follow the keys: min/max → threshold, compare + effect → regression, max_breaches → budget', () => {
    const [a, b, c, d] = rules(`  - id: a
    metric: sla_attainment
    min: 0.9
  - id: b
    metric: mttr
    compare: previous
    max_increase: 2
  - id: c
    metric: sla_attainment
    max_breaches: 0
  - id: d
    metric: sla_attainment
    max: 1
    compare: year
    max_drop: 0.01
    max_breaches: 5
`);
    expect(a!.kinds).toEqual(['threshold']);
    expect(a!).toMatchObject({ min: 0.9, max: null, compare: null, minEffect: null, maxBreaches: null, targetBound: null });
    expect(b!.kinds).toEqual(['regression']);
    expect(b!).toMatchObject({ compare: 'previous', minEffect: 2, minEffectRelative: null });
    // max_breaches: 0 is a budget of none, not "no budget"
    expect(c!.kinds).toEqual(['budget']);
    expect(c!.maxBreaches).toBe(0);
    expect(d!.kinds).toEqual(['threshold', 'regression', 'budget']);
    expect(d!).toMatchObject({ max: 1, compare: 'year', minEffect: 0.01, maxBreaches: 5 });
  });

  it('defaults: severity error, alpha 0.01, min_samples 30, min_tickets 1; the top level sets them for every rule, a rule overrides', () => {
    const plain = parse('rules:\n  - id: a\n    metric: mttr\n    max: 8\n');
    expect(plain.rules[0]).toMatchObject({ severity: 'error', alpha: 0.01, minSamples: 30, description: null, statistic: null, where: {}, by: [] });
    expect(plain.minTickets).toBe(1);
    expect(plain.project.path).toBeUndefined();
    const top = parse(`alpha: 0.05
min_samples: 10
min_tickets: 200
rules:
  - id: a
    metric: mttr
    max: 8
  - id: b
    metric: mttr
    max: 8
    alpha: 0.001
    min_samples: 0
    severity: warn
    description: Resolution on time
    statistic: p90
`);
    expect(top.minTickets).toBe(200);
    expect(top.rules[0]).toMatchObject({ alpha: 0.05, minSamples: 10 });
    expect(top.rules[1]).toMatchObject({ alpha: 0.001, minSamples: 0, severity: 'warn', description: 'Resolution on time', statistic: 'p90' });
  });

  it('min_tickets 0 still needs one ticket (a gate never passes on no data)', () => {
    expect(parse('min_tickets: 0\nrules:\n  - id: a\n    metric: mttr\n    max: 8\n').minTickets).toBe(1);
  });

  it("max_increase: '25%' is a share of the baseline; by: 'priority, group' splits and trims", () => {
    const [r] = rules(`  - id: a
    metric: mttr
    by: "priority, group"
    compare: previous
    max_increase: "25 %"
`);
    expect(r).toMatchObject({ minEffect: null, minEffectRelative: 0.25, by: ['priority', 'group'] });
    const [s] = rules(`  - id: s
    metric: sla_attainment
    by: [service]
    where: {priority: 1}
    compare: previous
    max_drop: "2.5%"
`);
    expect(s).toMatchObject({ minEffectRelative: 0.025, by: ['service'], where: { priority: 1 } });
  });

  it('each rule keeps its 1-based line in the file (SARIF and annotations point at it)', () => {
    const r = rules(`  - id: a
    metric: mttr
    max: 8

  - id: b
    metric: mttr
    max: 9
`, '# gate\n');
    // line 1 comment, line 2 "rules:", line 3 the first rule, line 7 the second
    expect(r.map((x) => x.line)).toEqual([3, 7]);
  });

  it('min: target / max: target leave the bound to the project targets; applyTargets sets it', () => {
    const cfg = parse(`rules:
  - id: lo
    metric: sla_attainment
    min: target
  - id: hi
    metric: mttr
    max: target
  - id: fixed
    metric: mttr
    max: 4
`);
    expect(cfg.rules.map((r) => [r.targetBound, r.min, r.max, r.kinds])).toEqual([
      ['min', null, null, ['threshold']],
      ['max', null, null, ['threshold']],
      [null, null, 4, ['threshold']],
    ]);
    const set = applyTargets(cfg, { sla_attainment: { target: 0.95 }, mttr: { target: 8 } }, 'p.yaml');
    expect(set.rules.map((r) => [r.min, r.max])).toEqual([[0.95, null], [null, 8], [null, 4]]);
    // the config given is left as it was
    expect(cfg.rules[0]!.min).toBeNull();
    expect(() => applyTargets(cfg, { sla_attainment: { target: 0.95 } }, 'p.yaml')).toThrow(
      "gate.yaml: rules[1] (hi): max: target needs targets.mttr.target in p.yaml; e.g. targets: { mttr: { target: … } }",
    );
    expect(() => applyTargets(cfg, {}, null)).toThrow(/rules\[0\] \(lo\): min: target needs targets\.sla_attainment\.target in the project config/);
  });

  it('a check config holding project sections is its own project config', () => {
    const cfg = parse('targets: { mttr: { target: 8 } }\nrules:\n  - id: a\n    metric: mttr\n    max: target\n');
    expect(cfg.project.path).toBe('gate.yaml');
    const named = parseCheckConfig('project: ../proj.yaml\nrules:\n  - id: a\n    metric: mttr\n    max: 8\n', '/ci/gates/gate.yaml');
    expect(named.project.path).toBe('/ci/proj.yaml');
  });
});

/** The message of the UserError parsing `text` stops with; a config that parses fails the test. */
const fails = (text: string): string => {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('parsed');
};

describe('check config mistakes: one line naming the rule and the fix', () => {
  const rule = (body: string) => fails(`rules:\n  - id: r1\n    metric: mttr\n${body}`);

  it('file-level mistakes', () => {
    expect(fails('rules: [a')).toMatch(/^gate\.yaml: not valid YAML/);
    expect(fails('- a\n- b\n')).toMatch(/^gate\.yaml: expected a mapping with a 'rules' list/);
    expect(fails('alpha: 0.05\ntargets: {}\nrules:\n  - id: a\n    metric: mttr\n    max: 1\n')).toMatch(/cannot also set alpha, min_samples or project at the top level/);
    expect(fails('rules:\n  - id: a\n    metric: mttr\n    max: 1\n  - id: a\n    metric: mttr\n    max: 2\n')).toMatch(/rule id 'a' is used twice/);
  });

  it('keys that contradict each other', () => {
    expect(rule('    where: {priority: 1}\n    by: priority\n    max: 1\n')).toMatch(/\(r1\): 'priority' is both in where and by/);
    expect(rule('    by: month\n    max: 1\n')).toMatch(/\(r1\): by: month is not supported; the checked period is chosen with --month/);
    expect(rule('    min: target\n    max: target\n')).toMatch(/min: target and max: target together/);
    expect(rule('    compare: previous\n    max_drop: 1\n    max_increase: 1\n')).toMatch(/give max_drop or max_increase, not both/);
    expect(rule('    max_increase: 1\n')).toMatch(/'max_increase' needs 'compare: previous \| year \| <kpi\.json>'/);
    expect(rule('    compare: previous\n')).toMatch(/a regression needs its minimum effect: max_drop .* or max_increase/);
    expect(rule('    description: nothing\n')).toMatch(/\(r1\): say what to check: min\/max \(threshold\), compare \+ max_drop \(regression\) or max_breaches \(budget\)/);
  });

  it("YAML's infinities are named as written, not as JSON's null", () => {
    expect(rule('    compare: previous\n    max_drop: .inf\n')).toMatch(/max_drop must be a number or a text \(got \.inf, not a finite number\)$/);
    expect(rule('    max: -.inf\n')).toMatch(/max must be .* \(got -\.inf, not a finite number\)$/);
    expect(rule('    max: .nan\n')).toMatch(/\(got \.nan, not a finite number\)$/);
  });
});

describe('check config: what the schema leaves to the parser', () => {
  const rule = (body: string) => fails(`rules:\n  - id: r1\n    metric: sla_attainment\n${body}`);
  const effect = (v: string) => parse(`rules:\n  - id: r1\n    metric: sla_attainment\n    compare: previous\n    max_drop: ${v}\n`).rules[0]!;

  it('where and by name known dimensions', () => {
    expect(rule('    where: {colour: red}\n    min: 1\n')).toMatch(/^gate\.yaml: rules\[0\] \(r1\): where\.colour: unknown dimension; use any of month, priority, group, /);
    expect(rule('    by: [colour]\n    min: 1\n')).toMatch(/\(r1\): 'by' must list dimensions among month, priority, group, /);
    expect(rule('    by: "priority, colour"\n    min: 1\n')).toMatch(/'by' must list dimensions/);
  });

  it("max_drop: a number ≥ 0 or a percentage like '2.55%'", () => {
    expect(effect('0')).toMatchObject({ minEffect: 0, minEffectRelative: null });
    expect(effect('"2.55%"').minEffectRelative).toBeCloseTo(0.0255, 10);
    expect(effect('"  10 %  "').minEffectRelative).toBeCloseTo(0.1, 10);
    for (const bad of ['-1', '"abc 5%"', '"5%x"', '"5"', '"%"']) {
      expect(() => effect(bad), bad).toThrow(/'max_drop' must be a non-negative number in the metric's unit, or a percentage of the baseline like '20%'/);
    }
  });

  it('project sections with min_samples or project at the top level are refused too, listing the sections', () => {
    expect(fails('min_samples: 5\ncalendars: {}\nrules:\n  - id: a\n    metric: mttr\n    max: 1\n')).toMatch(/cannot also set alpha, min_samples or project/);
    expect(fails('project: p.yaml\nsla: {}\nrules:\n  - id: a\n    metric: mttr\n    max: 1\n')).toContain(
      'holds project sections (organisation, calendars, sla, metrics, coverage, targets)',
    );
  });

  it('a YAML error is one line', () => {
    const m = fails('rules:\n  - id: a\n    metric: [mttr\n');
    // the parser's first line, e.g. "(Flow sequence in block collection must be sufficiently indented …)"
    expect(m).toMatch(/^gate\.yaml: not valid YAML \(\w+ \w+ .+\)$/);
    expect(m).not.toContain('\n');
  });

  it('applyTargets leaves rules with their own bounds alone, even when the metric has no target', () => {
    const cfg = parse('rules:\n  - id: fixed\n    metric: mttr\n    max: 4\n');
    expect(applyTargets(cfg, {}, null).rules[0]).toEqual(cfg.rules[0]);
    expect(applyTargets(cfg, { mttr: { target: 8 } }, null).rules[0]).toEqual(cfg.rules[0]);
  });

  it('loadCheckConfig reads the file, or says it cannot', () => {
    const dir = tempDir('itsm-lens-check-config-');
    const path = writeFixture(dir, 'gate.yaml', 'rules:\n  - id: a\n    metric: mttr\n    max: 8\n');
    expect(loadCheckConfig(path)).toMatchObject({ path, rules: [{ id: 'a', max: 8 }] });
    expect(() => loadCheckConfig(join(dir, 'missing.yaml'))).toThrow(`--config ${join(dir, 'missing.yaml')}: cannot read the file`);
  });
});
