/**
 * Every lint rule on a violating and a clean case, in a real DuckDB store: two records of the rule's table,
 * the first patched to break the rule (or left clean), the second always clean (it also gives the
 * optional fields the data they need for the rule to apply).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, lit, type Store } from '../../src/store/db.js';
import { loadLintRules, runLint } from '../../src/lint/index.js';
import { parseLintSettings } from '../../src/lint/config.js';
import { renderLintSarif, renderLintText } from '../../src/lint/format.js';
import { openStore, tempDir, cli } from '../helpers.js';
import { sarifValidator } from '../check/helpers.js';

type Rec = Record<string, string | number | boolean | null>;
const TS = (s: string) => `${s}+00`;

const TICKET: Rec = {
  source_tool: 'servicenow', kind: 'incident', status: 'closed', priority: 3, priority_raw: '3 - Moderate', impact: 2, urgency: 2,
  category: 'Network', assignment_group: 'Network Operations', ci_name: 'srv01', file_id: 'f1',
  opened_at: TS('2025-01-01 10:00:00'), opened_at_raw: '2025-01-01 10:00:00',
  resolved_at: TS('2025-01-01 12:00:00'), resolved_at_raw: '2025-01-01 12:00:00',
  closed_at: TS('2025-01-03 12:00:00'), reopened_at: TS('2025-01-01 11:00:00'), updated_at: TS('2025-01-03 12:00:00'),
  due_at: TS('2025-01-01 14:00:00'), sla_met: true, reopen_count: 0,
};
const CHANGE: Rec = {
  source_tool: 'servicenow', change_type: 'normal', status: 'closed', approval: 'approved', emergency: false, file_id: 'f2',
  opened_at: TS('2025-01-01 09:00:00'), planned_start: TS('2025-01-02 20:00:00'), planned_end: TS('2025-01-02 22:00:00'),
  actual_start: TS('2025-01-02 20:05:00'), actual_end: TS('2025-01-02 21:30:00'),
};
const ASSET: Rec = { source_tool: 'servicenow', name: 'srv01', status: 'in_use', owner: 'Anna Bakker', file_id: 'f3' };
const BASE: Record<string, Rec> = { ticket: TICKET, change: CHANGE, asset: ASSET };
const KEY: Record<string, string> = { ticket: 'ticket_key', change: 'change_key', asset: 'asset_key' };

interface Case {
  /** table of the patched record (the rule's table unless stated) */
  table?: string;
  bad: Rec;
  /** more rows for the violating case (same table), e.g. to teach the priority matrix */
  more?: Rec[];
  /** SQL run after the inserts of the violating case */
  after?: string;
}

const future = new Date(Date.now() + 10 * 86400_000).toISOString().replace('T', ' ').slice(0, 19);
const CASES: Record<string, Case> = {
  'ticket-resolved-before-opened': { bad: { resolved_at: TS('2025-01-01 09:00:00') } },
  'ticket-closed-before-opened': { bad: { closed_at: TS('2024-12-31 10:00:00'), resolved_at: null } },
  'ticket-closed-before-resolved': { bad: { closed_at: TS('2025-01-01 11:00:00') } },
  'ticket-zero-second-resolution': { bad: { resolved_at: TS('2025-01-01 10:00:00') } },
  'ticket-future-date': { bad: { closed_at: TS(future) } },
  'ticket-date-only': { bad: { opened_at: TS('2025-01-01 00:00:00'), opened_at_raw: '01/01/2025' } },
  'ticket-sentinel-date': { bad: { resolved_at: null, resolved_at_raw: '9999-12-31 23:59:59' } },
  'ticket-missing-priority': { bad: { priority: null } },
  'ticket-missing-category': { bad: { category: ' ' } },
  'ticket-missing-group': { bad: { assignment_group: null } },
  'ticket-priority-matrix': { bad: { priority: 1 }, more: [{}, {}] },
  'ticket-duplicate-id': { bad: {}, after: `INSERT INTO rejects VALUES ('f1', 'incident.csv', 3, 'duplicate id T1: superseded by line 9', 'T1,…')` },
  'ticket-reopened-after-closed': { bad: { reopened_at: TS('2025-01-05 08:00:00') } },
  'ticket-reopen-without-resolve': { bad: { reopen_count: 1, resolved_at: null, closed_at: null, status: 'in_progress' } },
  'ticket-sla-flag-inconsistent': { bad: { resolved_at: TS('2025-01-01 18:00:00') } },
  'ticket-open-too-long': { bad: { opened_at: TS('2024-03-01 10:00:00'), resolved_at: null, closed_at: null, status: 'in_progress' } },
  'ticket-unknown-ci': { bad: { ci_name: 'srv99' } },
  'change-end-before-start': { bad: { actual_end: TS('2025-01-02 19:00:00') } },
  'change-ended-after-closed': { bad: { closed_at: TS('2025-01-03 09:00:00'), actual_end: TS('2025-01-09 19:00:00') } },
  'change-without-approval': { bad: { approval: 'requested' } },
  'change-emergency-without-review': { bad: { change_type: 'emergency', emergency: true, approval: null } },
  'asset-without-owner': { bad: { owner: null, assigned_to: null } },
};

let store: Store;
beforeAll(async () => {
  store = await openStore(tempDir());
});
afterAll(() => store.close());

async function load(c: Case | null, table: string): Promise<void> {
  for (const t of ['ticket', 'change', 'asset', 'rejects', 'ticket_event', 'source_file']) await store.run(`DELETE FROM ${ident(t)}`);
  await store.run(`INSERT INTO source_file (file_id, path) VALUES ('f1', 'incident.csv'), ('f2', 'change_request.csv'), ('f3', 'cmdb_ci.csv')`);
  // every table gets one clean record so that cross-table rules (unknown CI) have their reference data
  for (const t of ['ticket', 'change', 'asset']) {
    const rows: Rec[] = [{ ...BASE[t]!, source_id: `${t[0]!.toUpperCase()}2`, source_row: 3 }];
    if (t === table) {
      rows.unshift({ ...BASE[t]!, ...(c?.bad ?? {}), source_id: `${t[0]!.toUpperCase()}1`, source_row: 2 });
      (c?.more ?? []).forEach((m, i) => rows.push({ ...BASE[t]!, ...m, source_id: `${t[0]!.toUpperCase()}${i + 3}`, source_row: i + 4 }));
    }
    for (const r of rows) {
      const row = { [KEY[t]!]: `servicenow:${r.source_id}`, ...r };
      const cols = Object.keys(row);
      const vals = cols.map((k) => {
        const v = row[k];
        return v === null ? 'NULL' : typeof v === 'string' ? lit(v) : String(v);
      });
      await store.run(`INSERT INTO ${ident(t)} (${cols.map(ident).join(', ')}) VALUES (${vals.join(', ')})`);
    }
  }
  if (c?.after) await store.run(c.after);
}

describe('lint rules: a violating and a clean case each', () => {
  it('every rule file has a case here', () => {
    expect(loadLintRules().map((r) => r.id).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [id, c] of Object.entries(CASES)) {
    it(id, async () => {
      const rule = loadLintRules().find((r) => r.id === id)!;
      const table = c.table ?? rule.table;
      await load(c, table);
      const bad = (await runLint(store, { only: [id] })).rules[0]!;
      expect(bad, JSON.stringify(bad)).toMatchObject({ id, applicable: true, count: 1 });
      const prefix = table[0]!.toUpperCase();
      expect(bad.samples).toEqual([{ id: `${prefix}1`, file: table === 'ticket' ? 'incident.csv' : table === 'change' ? 'change_request.csv' : 'cmdb_ci.csv', line: 2 }]);
      expect(bad.share).toBeGreaterThan(0);
      await load(null, table);
      const clean = (await runLint(store, { only: [id] })).rules[0]!;
      expect(clean, JSON.stringify(clean)).toMatchObject({ id, applicable: true, count: 0, samples: [] });
    });
  }
});

describe('lint settings and outputs', () => {
  it('turns rules off, changes severity and parameters', async () => {
    await load(CASES['ticket-open-too-long']!, 'ticket');
    const rules = loadLintRules();
    const settings = parseLintSettings({ 'ticket-date-only': 'off', 'ticket-open-too-long': { severity: 'error', params: { max_open_days: 400 } } }, rules);
    const doc = await runLint(store, { settings });
    expect(doc.rules.find((r) => r.id === 'ticket-date-only')).toBeUndefined();
    const open = doc.rules.find((r) => r.id === 'ticket-open-too-long')!;
    expect(open).toMatchObject({ severity: 'error', count: 0, params: { max_open_days: 400 } });
    expect(open.description).toMatch(/more than 400 days/);
    expect(() => parseLintSettings({ nope: 'off' }, rules)).toThrow(/unknown lint rule 'nope'/);
    expect(() => parseLintSettings({ 'ticket-open-too-long': { params: { days: 1 } } }, rules)).toThrow(/no parameter 'days'/);
  });

  it('says why a rule does not apply instead of reporting 0', async () => {
    await load(null, 'ticket');
    await store.run(`UPDATE ticket SET due_at = NULL`);
    await store.run(`DELETE FROM change`);
    const doc = await runLint(store);
    expect(doc.rules.find((r) => r.id === 'ticket-sla-flag-inconsistent')).toMatchObject({ applicable: false, count: null, reason: expect.stringMatching(/due_at/) });
    expect(doc.rules.find((r) => r.id === 'change-end-before-start')).toMatchObject({ applicable: false, reason: 'no change records loaded' });
  });

  it('writes text and SARIF that validates, with the export line of each sample', async () => {
    await load(CASES['ticket-resolved-before-opened']!, 'ticket');
    const doc = await runLint(store);
    expect(doc.schema).toBe('itsm-lens/lint@1');
    expect(doc.summary).toMatchObject({ with_findings: 1, errors: 1, findings: 1 });
    expect(renderLintText(doc)).toMatch(/error ticket-resolved-before-opened\s+1 of 2\s+50\.00 %\s+e\.g\. T1/);
    const sarif = renderLintSarif(doc, '0.1.0');
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const res = (sarif as any).runs[0].results;
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({ ruleId: 'ticket-resolved-before-opened', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'incident.csv' }, region: { startLine: 2 } } }] });
  });

  it('runs from the CLI on a fixture: json, and --fail-on sets exit 1', () => {
    const db = join(tempDir(), 'lint.duckdb');
    expect(cli(['ingest', '--db', db, 'fixtures/servicenow/incident.csv']).code).toBe(0);
    const r = cli(['lint', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schema: 'itsm-lens/lint@1', records: { ticket: 1500, change: 0 } });
    expect(doc.rules.find((x: any) => x.id === 'change-end-before-start')).toMatchObject({ applicable: false });
    expect(doc.rules.filter((x: any) => x.severity === 'error').every((x: any) => (x.count ?? 0) === 0)).toBe(true);
    expect(cli(['lint', '--db', db, '--fail-on', 'error']).code).toBe(0);
    const s = join(tempDir(), 'strict.yaml');
    writeFileSync(s, 'ticket-zero-second-resolution: { severity: error, params: { max_seconds: 86400 } }\n');
    const strict = cli(['lint', '--db', db, '--rules', s, '--fail-on', 'error', '--format', 'sarif']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).runs[0].results.some((x: any) => x.ruleId === 'ticket-zero-second-resolution' && x.level === 'error'), strict.stdout.slice(0, 3000)).toBe(true);
  });
});
