/**
 * Issue 20.5's acceptance: a config file with an unknown key gives exit 2 naming the key, for each file kind.
 * One row per kind: the CLI runs on a doctored copy of a valid file (the key misspelt one level down, so the
 * message must carry the key path) and must exit 2 with one line: the file, the key path, the unknown key and
 * the keys allowed there (schemas/*.schema.json).
 *
 * The files the package ships (maturity profiles, benchmark bands, chart templates) are not given on the
 * command line: for them the CLI runs from a copy of the package whose shipped file is doctored.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/store/schema.js';
import { cli, ROOT, tempDir, type CliResult } from '../helpers.js';
import { fixtureDb } from '../shared-databases.js';

const dir = tempDir('itsm-lens-unknown-key-');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const csv = file('desk.csv', 'Ticket No,Created,State\nT-1,2025-03-01 09:00,Open\n');
let db = '';

/** The package as installed, with one shipped file replaced: the CLI reads its data files next to dist/. */
function packageWith(rel: string, edit: (text: string) => string): string {
  const root = join(dir, `pkg-${rel.replace(/\W/g, '-')}`);
  mkdirSync(root);
  for (const d of ['bin', 'dist', 'queries', 'reports', 'schemas', 'src', 'package.json']) cpSync(join(ROOT, d), join(root, d), { recursive: true, filter: (s) => !s.endsWith('.ts') });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  const text = readFileSync(join(ROOT, rel), 'utf8');
  const doctored = edit(text);
  expect(doctored, `the edit of ${rel} changed nothing`).not.toBe(text);
  writeFileSync(join(root, rel), doctored);
  return root;
}

function cliOf(root: string, args: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'itsm-lens.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface Kind {
  kind: string;
  /** schemas/<schema>.schema.json */
  schema: string;
  /** the doctored file, and the command that reads it; `message`: the line after `itsm-lens: ` */
  run: () => { result: CliResult; message: string };
}

const KINDS: Kind[] = [
  {
    kind: 'project config (--config)',
    schema: 'project-config',
    run: () => {
      const p = file('project.yaml', 'organisation: Acme\ntargets:\n  mttr: { target: 8, amebr: 24 }\n');
      return { result: cli(['kpi', '--db', db, '--config', p]), message: `${p}: targets.mttr: unknown key amebr (known: target, amber)` };
    },
  },
  {
    kind: 'check config (check --config)',
    schema: 'check-config',
    run: () => {
      const p = file('check.yaml', 'rules:\n  - id: mttr-cap\n    metric: mttr\n    max: 24\n    severiti: error\n');
      return {
        result: cli(['check', '--db', db, '--config', p]),
        message: `${p}: rules[0]: unknown key severiti (known: id, description, metric, statistic, where, by, min, max, compare, max_drop, max_increase, max_breaches, severity, alpha, min_samples)`,
      };
    },
  },
  {
    kind: 'lint settings (lint --rules)',
    schema: 'lint-settings',
    run: () => {
      const p = file('lint.yaml', 'ticket-open-too-long: { severity: warn, parms: { max_open_days: 90 } }\n');
      return { result: cli(['lint', '--db', db, '--rules', p]), message: `${p}: ticket-open-too-long: unknown key parms (known: severity, enabled, params)` };
    },
  },
  {
    kind: 'redaction policy (ingest --redact FILE)',
    schema: 'privacy-policy',
    run: () => {
      const p = file('policy.yaml', 'people: { assignee: hash }\nfree_text: { emails: mask, phones: mask, urls: drop }\n');
      return {
        result: cli(['ingest', '--db', join(dir, 'redact.duckdb'), '--redact', p, csv]),
        message: `--redact ${p}: free_text: unknown key urls (known: columns, emails, phones, names)`,
      };
    },
  },
  {
    kind: 'report definition (report --definition)',
    schema: 'report-definition',
    run: () => {
      const text = readFileSync(join(ROOT, 'reports', 'monthly.yaml'), 'utf8');
      const p = file('monthly.yaml', text.replace(/^(\s+)- \{ kpi: mttr,/m, '$1- { kpi: mttr, unit: h,'));
      return {
        result: cli(['report', '--db', db, '--definition', p, '--month', '2025-01', '--out', join(dir, 'pack')]),
        message: `${p}: tiles[1]: unknown key unit (known: kpi, field, label, format, better, target, amber)`,
      };
    },
  },
  {
    kind: 'mapping (ingest --mapping, YAML)',
    schema: 'mapping',
    run: () => {
      const p = file('mapping.yaml', 'tool: acme\nfields:\n  source_id: Ticket No\n  opened_at: { form: Created }\n');
      return { result: cli(['ingest', '--db', join(dir, 'mapped.duckdb'), '--mapping', p, csv]), message: `--mapping ${p}: fields.opened_at: unknown key form (known: from, vocab, value, fallback, parse, scale)` };
    },
  },
  {
    kind: 'mapping (ingest --mapping, JSON; a field the object has not)',
    schema: 'mapping',
    run: () => {
      const p = file('mapping.json', JSON.stringify({ object: 'problem', fields: { source_id: 'Ticket No', reopen_count: 'State' } }));
      const known = FIELDS.problem.map((f) => f.name).join(', ');
      return { result: cli(['ingest', '--db', join(dir, 'mapped2.duckdb'), '--mapping', p, csv]), message: `--mapping ${p}: fields: unknown problem field reopen_count (known: ${known})` };
    },
  },
  {
    kind: 'maturity rubric (assess --rubric)',
    schema: 'rubric',
    run: () => {
      const p = file('rubric.yaml', 'extends: default\ncriteria:\n  - id: incident.categorised\n    treshold: 0.9\n');
      return { result: cli(['assess', '--db', db, '--rubric', p]), message: `rubric ${p}: criteria[0]: unknown key treshold (known: ${RUBRIC_CRITERION_KEYS})` };
    },
  },
  {
    kind: 'interview answers (assess --answers)',
    schema: 'answers',
    run: () => {
      const p = file('answers.yaml', 'schema: itsm-lens/answers@1\nanswers:\n  service_level.ola: { answer: 0.5, notes: two of five groups }\n');
      return { result: cli(['assess', '--db', db, '--answers', p]), message: `answers file ${p}: answers.service_level.ola: unknown key notes (known: answer, note)` };
    },
  },
  {
    kind: 'maturity profiles (shipped: src/maturity/profiles.yaml; generate --maturity)',
    schema: 'profiles',
    run: () => {
      const root = packageWith('src/maturity/profiles.yaml', (t) => t.replace('  - practice: service_desk\n    what:', '  - practice: service_desk\n    wat:'));
      return {
        result: cliOf(root, ['generate', '--out', join(dir, 'gen'), '--maturity', '3', '--tickets', '200']),
        message: `${join(root, 'src', 'maturity', 'profiles.yaml')}: knobs[0]: unknown key wat (known: practice, what, values, sql)`,
      };
    },
  },
  {
    kind: 'benchmark bands (shipped: src/maturity/benchmarks.yaml; assess)',
    schema: 'benchmarks',
    run: () => {
      const root = packageWith('src/maturity/benchmarks.yaml', (t) => t.replace("value: 0.66, grade: B,", "value: 0.66, grade: B, year: 2015,"));
      return { result: cliOf(root, ['assess', '--db', db]), message: `${join(root, 'src', 'maturity', 'benchmarks.yaml')}: benchmarks[0].bands[0]: unknown key year (known: name, value, grade, source)` };
    },
  },
  {
    kind: 'chart templates (shipped: reports/charts.yaml; report)',
    schema: 'chart-templates',
    run: () => {
      const root = packageWith('reports/charts.yaml', (t) => t.replace('\ntemplates:\n', '\ntheme: dark\ntemplates:\n'));
      return {
        result: cliOf(root, ['report', '--db', db, '--month', '2025-01', '--out', join(dir, 'pack2')]),
        message: `${join(root, 'reports', 'charts.yaml')}: unknown key theme (known: $schema, config, templates)`,
      };
    },
  },
];

// the criterion keys the rubric schema allows, in its order (schemas/rubric.schema.json)
const RUBRIC_CRITERION_KEYS = 'id, practice, level, gate, evidence, code, title, table, where, fields, fill, needs, query, metric, stability, question, claim, op, threshold, unit, min_coverage, min_n, min_n_period, impact, rationale, recommendation, source';

describe('a config file with an unknown key: exit 2, one line naming the file, the key path, the key and the keys allowed', () => {
  beforeAll(async () => {
    db = (await fixtureDb('servicenow')).db;
  }, 300_000);

  it.each(KINDS.map((k) => [k.kind, k] as const))('%s', (_kind, k) => {
    const { result, message } = k.run();
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim()).toBe(`itsm-lens: ${message}`);
  });

  it('has a row for every schema the package ships', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).files).toContain('schemas');
    const shipped = readdirSync(join(ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json')).map((f) => f.replace('.schema.json', ''));
    expect([...new Set(KINDS.map((k) => k.schema))].sort()).toEqual(shipped.sort());
  });
});
