/**
 * The config files validated by JSON Schema (schemas/*.schema.json, issue 20.5): a wrong key or type gives exit 2
 * with one line naming the file, the key path, what is wrong and what is allowed, for each file kind; the
 * shipped schemas are valid draft-07 under ajv's strict mode, and the files we ship validate against them.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { cli, ROOT, tempDir } from '../helpers.js';
import { keyPath, SCHEMAS_DIR, validateAgainst } from '../../src/config/schema.js';
import { ADAPTERS } from '../../src/sources/index.js';
import { mappingSchema } from '../../src/ingest/mapping-schema.js';
import { FIELDS } from '../../src/store/schema.js';
import { loadDefinition } from '../../src/report/definition.js';
import { loadFindingsSettings } from '../../src/findings/config.js';
import { loadLintSettings } from '../../src/lint/config.js';
import { loadLintRules } from '../../src/lint/rules.js';
import { DEFAULT_POLICY_FILE, PERSON_COLUMNS, parsePolicy } from '../../src/privacy/policy.js';

const dir = tempDir('itsm-lens-schema-');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('config schemas', () => {
  it('are valid under ajv strict mode (our two annotations declared) and ship with the package', () => {
    const names = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json')).sort();
    expect(names).toEqual([
      'answers.schema.json', 'benchmarks.schema.json', 'chart-templates.schema.json', 'check-config.schema.json', 'lint-settings.schema.json', 'mapping.schema.json',
      'privacy-policy.schema.json', 'profiles.schema.json', 'project-config.schema.json', 'report-definition.schema.json', 'rubric.schema.json',
    ]);
    const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'x-hint', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'x-unknown', schemaType: 'string' });
    for (const n of names) expect(() => ajv.compile(JSON.parse(readFileSync(join(SCHEMAS_DIR, n), 'utf8'))), n).not.toThrow();
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).files).toContain('schemas');
    // the shipped report definition follows its schema (independently of the loader)
    // the files we ship follow their schemas (independently of the loaders)
    const shipped: Array<[string, string]> = [
      ['report-definition', 'reports/monthly.yaml'], ['chart-templates', 'reports/charts.yaml'], ['rubric', 'src/maturity/rubric/default.yaml'],
      ['profiles', 'src/maturity/profiles.yaml'], ['benchmarks', 'src/maturity/benchmarks.yaml'], ['privacy-policy', 'src/privacy/default-policy.yaml'],
    ];
    for (const [schema, rel] of shipped) {
      const v = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS_DIR, `${schema}.schema.json`), 'utf8')));
      expect(v(parseYaml(readFileSync(join(ROOT, rel), 'utf8'))), `${rel}: ${JSON.stringify(v.errors)}`).toBe(true);
    }
  });

  it('mapping: the schema file is the one written from the canonical model (node tools/write-mapping-schema.mjs rewrites it)', () => {
    expect(JSON.parse(readFileSync(join(SCHEMAS_DIR, 'mapping.schema.json'), 'utf8'))).toEqual(mappingSchema());
    // every canonical field is offered under its table, and nothing else
    const schema = mappingSchema() as { allOf: Array<{ then: { properties: { fields: { properties: Record<string, unknown> } } } }> };
    expect(schema.allOf.map((b) => Object.keys(b.then.properties.fields.properties))).toEqual((['ticket', 'change', 'problem', 'asset'] as const).map((t) => FIELDS[t].map((f) => f.name)));
  });

  it('mapping: every built-in adapter, written as a user mapping file, is valid (the schema covers each option they use)', () => {
    for (const a of ADAPTERS) {
      for (const o of a.objects) {
        // routes, perRowCi and nested are the adapters' own: a user mapping has no key for them (yet)
        const doc = {
          tool: a.id, object: o.object, source_table: o.sourceTable, ...(a.nullValues ? { null_values: a.nullValues } : {}), fields: o.fields, vocab: a.vocab,
          ...(o.eventLog ? { event_log: o.eventLog } : {}), ...(o.activityLog ? { activity_log: o.activityLog } : {}),
        };
        expect(() => validateAgainst('mapping', JSON.parse(JSON.stringify(doc)), `${a.id} ${o.sourceTable}`)).not.toThrow();
      }
    }
  });

  it('key paths read as the YAML is written', () => {
    expect(keyPath('/sections/2/charts/0/data/kpi')).toBe('sections[2].charts[0].data.kpi');
    expect(keyPath('/metrics/cost/per_team_month/Service Desk')).toBe('metrics.cost.per_team_month.Service Desk');
    expect(keyPath('')).toBe('');
  });

  it('project config: an unknown key, a wrong type and a value out of range each give exit 2 and one line', () => {
    const cases: Array<[string, RegExp]> = [
      ['organisation: Acme\ntarget:\n  mttr: { target: 8 }\n', /: unknown section target \(known: \$schema, organisation, calendars, sla, metrics, people, coverage, targets, findings, rules\)$/],
      ['targets:\n  mttr: { target: 8, amber: 24, warn: 12 }\n', /: targets\.mttr: unknown key warn \(known: target, amber\)$/],
      ['targets:\n  mttr: 8\n', /: targets\.mttr must be a mapping \{ target: N, amber: N \} \(rates as shares: 0\.95 for 95 %; times in hours\) \(got 8\)$/],
      ['metrics:\n  change_failure_window_days: 7.5\n', /: metrics\.change_failure_window_days must be a whole number of days 0\.\.365 \(got 7\.5\)$/],
      ['sla:\n  policies:\n    - { name: P1, resolutoin: { 1: 4h } }\n', /: sla\.policies\[0\]: unknown key resolutoin \(known: name, kind, calendar, resolution, response, pause, services\)$/],
    ];
    for (const [text, message] of cases) {
      const cfg = file('project.yaml', text);
      const r = cli(['kpi', '--db', join(dir, 'none.duckdb'), '--config', cfg]);
      expect(r.code, text).toBe(2);
      expect(r.stderr.trim().split('\n'), text).toHaveLength(1);
      expect(r.stderr.trim(), text).toMatch(new RegExp(`^itsm-lens: ${cfg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${message.source}`));
    }
  });

  it('findings: settings come through the same schema as the rest of the project config', () => {
    expect(loadFindingsSettings(file('f1.yaml', 'findings: { q: 0.05 }\n'))).toEqual({ q: 0.05 });
    const f2 = file('f2.yaml', 'findings: { q: 2 }\n');
    expect(() => loadFindingsSettings(f2)).toThrow(`${f2}: findings.q must be a number between 0 and 1 (got 2)`);
    const f3 = file('f3.yaml', 'findings: { alpha: 0.1 }\n');
    expect(() => loadFindingsSettings(f3)).toThrow(`${f3}: findings: unknown key alpha (known: q)`);
  });

  it('check config: an unknown rule key and min: given as text each give exit 2 and one line', () => {
    const unknown = file('rules.yaml', 'rules:\n  - id: a\n    metric: mttr\n    max: 5\n    treshold: 3\n');
    const r = cli(['check', '--db', join(dir, 'none.duckdb'), '--config', unknown]);
    expect([r.code, r.stderr.trim()]).toEqual([2, `itsm-lens: ${unknown}: rules[0]: unknown key treshold (known: id, description, metric, statistic, where, by, min, max, compare, max_drop, max_increase, max_breaches, severity, alpha, min_samples)`]);
    const text = file('rules2.yaml', 'rules:\n  - id: a\n    metric: sla_attainment\n    min: high\n');
    const t = cli(['check', '--db', join(dir, 'none.duckdb'), '--config', text]);
    expect([t.code, t.stderr.trim()]).toEqual([2, `itsm-lens: ${text}: rules[0].min must be a number, or target (the project config's targets.<metric>.target) (got "high")`]);
  });

  it('lint settings: an unknown key, a severity and a parameter out of range name the rule and the key', () => {
    const rules = loadLintRules();
    const cases: Array<[string, string]> = [
      ['ticket-open-too-long: { severity: error, param: { max_open_days: 90 } }\n', 'ticket-open-too-long: unknown key param (known: severity, enabled, params)'],
      ['ticket-open-too-long: loud\n', 'ticket-open-too-long must be off, error, warn, info or a mapping { severity, enabled, params } (got "loud")'],
      ['ticket-open-too-long: { params: { max_open_days: -1 } }\n', 'ticket-open-too-long.params.max_open_days must be a number ≥ 0 (got -1)'],
    ];
    for (const [text, message] of cases) {
      const p = file('lint.yaml', text);
      expect(() => loadLintSettings(p, rules), text).toThrow(`${p}: ${message}`);
    }
    // the rule ids and their parameters are the engine's: still the loader's own words
    expect(() => loadLintSettings(file('lint2.yaml', 'ticket-open-too-long: { params: { days: 1 } }\n'), rules)).toThrow(/ticket-open-too-long: no parameter 'days' \(it has max_open_days\)/);
    expect(loadLintSettings(file('lint3.yaml', 'ticket-open-too-long: { severity: error, params: { max_open_days: 90 } }\n'), rules)).toEqual({ 'ticket-open-too-long': { enabled: true, severity: 'error', params: { max_open_days: 90 } } });
  });

  it('redaction policy: unknown sections and person columns and a bad action are named; the shipped default loads', () => {
    expect(parsePolicy(readFileSync(DEFAULT_POLICY_FILE, 'utf8'), 'default').people.assignee).toBe('hash');
    // the schema's person columns are the code's (the schema lists them for editors)
    const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'privacy-policy.schema.json'), 'utf8'));
    expect(Object.keys(schema.properties.people.properties).sort()).toEqual(Object.keys(PERSON_COLUMNS).sort());
    expect(() => parsePolicy('people: { assignee: keep }\nfreetext: { emails: keep }\n', 'p.yaml')).toThrow("--redact p.yaml: unknown section freetext (known: $schema, people, free_text)");
    expect(() => parsePolicy('people: { caller: keep }\n', 'p.yaml')).toThrow('--redact p.yaml: people: unknown person column caller (known: requester, opened_by, assignee, resolved_by, requested_by, owner, assigned_to, actor)');
    expect(() => parsePolicy('free_text: { emails: blur }\n', 'p.yaml')).toThrow('--redact p.yaml: free_text.emails must be one of keep | hash | mask | drop (got "blur")');
  });

  it('report definition: an unknown key names its path', () => {
    const base = readFileSync(join(ROOT, 'reports', 'monthly.yaml'), 'utf8');
    const def = file('def.yaml', base.replace('takeaway: { kind: trend, subject: Incidents opened }', 'takeaway: { kind: trend, subjet: Incidents opened }'));
    expect(() => loadDefinition(def)).toThrow(`${def}: sections[2].charts[0].takeaway: unknown key subjet (known: kind, subject, text, total, min_n)`);
  });
});
