import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir, writeFixture } from '../helpers.js';

// the CLI as a user runs it: JSON contract, assignments CSV (formula-safe), errors as one line with exit 2
describe('itsm-lens clusters', () => {
  const dir = tempDir();
  const db = join(dir, 'c.duckdb');
  beforeAll(() => {
    const rows = ['number,short_description,category,assignment_group,opened_at,state,problem_id'];
    for (let i = 0; i < 30; i++) {
      const week = String(1 + (i % 6) * 4).padStart(2, '0');
      rows.push(`INC${String(i + 1).padStart(7, '0')},"Printer PRN-${100 + i} not printing",Hardware,Field,2024-03-${week} 09:00:00,New,`);
    }
    rows.push('INC0000099,"=HYPERLINK(""http://x"")",Misc,Desk,2024-03-02 09:00:00,New,');
    const r = cli(['ingest', '--db', db, writeFixture(dir, 'incident.csv', rows.join('\n') + '\n')]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('--json carries the clusters@1 contract', () => {
    const r = cli(['clusters', '--db', db, '--json', '--min-weeks', '2']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('itsm-lens/clusters@1');
    expect(doc.incidents).toBe(31);
    expect(doc.clusters).toHaveLength(1);
    const c = doc.clusters[0];
    for (const k of ['id', 'label', 'size', 'first_seen', 'last_seen', 'problem_candidate', 'linked_problems', 'sample_ticket_ids', 'weekly', 'top_ci', 'resolution_hours', 'candidate_reason']) {
      expect(c, k).toHaveProperty(k);
    }
    expect(c.label).toBe('printer <host> not printing');
    expect(c.size).toBe(30);
    // no incident names a problem here, so recurrence alone makes the candidate, and the reason says why: the
    // export carries no problem link at all (which says nothing about the organisation)
    expect(doc.candidate_rule.link_rate).toBe(0);
    expect(doc.export_carries.problem_link).toBe(false);
    expect(c.problem_candidate).toBe(true);
    expect(c.candidate_reason).toMatch(/the export carries no problem link/);
    // the five earliest (1 March): every sixth ticket
    expect([...c.sample_ticket_ids].sort()).toEqual(['INC0000001', 'INC0000007', 'INC0000013', 'INC0000019', 'INC0000025']);
  });

  it('--assignments writes every incident with why it is in its cluster', () => {
    const out = join(dir, 'a.csv');
    const r = cli(['clusters', '--db', db, '--assignments', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('ticket_id,cluster_id,why,template');
    expect(lines).toHaveLength(32);
    expect(lines.find((l) => l.startsWith('INC0000001,'))).toBe('INC0000001,CL00001,same template as the label,printer <host> not printing');
    expect(lines.find((l) => l.startsWith('INC0000099,'))).toMatch(/^INC0000099,CL\d+,same template as the label,hyperlink <url>$/);
  });

  it('bad options and a missing database are one-line errors with exit 2', () => {
    for (const args of [['--q', '2'], ['--since', 'yesterday'], ['--min-size', '0']]) {
      const r = cli(['clusters', '--db', db, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const r = cli(['clusters', '--db', join(dir, 'none.duckdb')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no database at .*itsm-lens ingest/);
  });
});
