/**
 * lint on the real exports in ../shared/data (skipped with a message where they are absent). The counts
 * below are what the rules find there; each was checked by hand against the file (see the notes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, SHARED_DATA } from '../helpers.js';
import { realDataDb } from '../shared-databases.js';
import { HPSM_BPI2014 } from './reference/figures.js';

const present = existsSync(join(SHARED_DATA, 'README.md'));
if (!present) console.warn(`\n[real-data] SKIPPED lint: ${SHARED_DATA} not found; the real-export suite runs where ../shared/data exists (CI).\n`);

type Rule = { id: string; applicable: boolean; count: number | null; population: number | null; reason?: string; samples: { id: string; file: string | null; line: number | null }[] };

function lint(db: string): { records: Record<string, number>; rules: Rule[] } {
  const r = cli(['lint', '--db', db, '--json']);
  if (r.code !== 0) throw new Error(`lint failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const counts = (rules: Rule[]) => Object.fromEntries(rules.filter((r) => r.applicable).map((r) => [r.id, r.count]));

describe.skipIf(!present)('lint on the ServiceNow audit log (UCI 498)', () => {
  let rules: Rule[];
  beforeAll(async () => {
    const { db, ingest: r } = await realDataDb('servicenow-uci');
    if (r.code !== 0) throw new Error(r.stderr);
    rules = lint(db).rules;
  }, 300_000);

  it('finds incidents closed without a group, a few without category and same-minute resolutions', () => {
    expect(counts(rules)).toMatchObject({
      'ticket-resolved-before-opened': 0,
      'ticket-closed-before-opened': 0,
      'ticket-future-date': 0,
      // resolved or closed with assignment_group '?' on the latest row
      'ticket-missing-group': 2157,
      // the UCI times have minutes only: 34 resolved in the minute they were opened
      'ticket-zero-second-resolution': 34,
      'ticket-missing-category': 7,
      // the instance maps impact × urgency the same way for every incident (its 3-3 is priority 4, not ServiceNow's default 5)
      'ticket-priority-matrix': 0,
      'ticket-duplicate-id': 0,
    });
    const group = rules.find((r) => r.id === 'ticket-missing-group')!;
    expect(group.population).toBe(20769);
    expect(group.samples[0]).toMatchObject({ id: 'INC0000358', file: expect.stringMatching(/incident_event_log\.csv\.gz$/), line: expect.any(Number) });
    expect(rules.find((r) => r.id === 'ticket-sla-flag-inconsistent')).toMatchObject({ applicable: false, reason: expect.stringMatching(/due_at/) });
  });
});

describe.skipIf(!present)('lint on HP Service Manager (BPI 2014) incidents and changes, and the Jira HIVE export', () => {
  let hpsm: { records: Record<string, number>; rules: Rule[] };
  let jr: { records: Record<string, number>; rules: Rule[] };
  beforeAll(async () => {
    // the incidents' database other files share, and the changes ingested into this copy of it
    const { db, ingest: i } = await realDataDb('hpsm-bpi2014-incidents');
    if (i.code !== 0) throw new Error(i.stderr);
    const r = cli(['ingest', '--db', db, join(SHARED_DATA, 'hpsm-bpi2014', 'Detail Change.csv.gz')]);
    if (r.code !== 0) throw new Error(r.stderr);
    hpsm = lint(db);
    const { db: jira, ingest: j } = await realDataDb('jira-hive');
    if (j.code !== 0) throw new Error(j.stderr);
    jr = lint(jira);
  }, 300_000);

  it('HPSM: clean timestamps, a consistent priority matrix, no approval field to check changes with', () => {
    expect(hpsm.records).toMatchObject({ ticket: 46606, change: 18000 });
    expect(counts(hpsm.rules)).toMatchObject({
      'ticket-resolved-before-opened': 0,
      'ticket-closed-before-resolved': 0,
      'ticket-priority-matrix': 0, // priority = floor((impact + urgency) / 2) on every incident
      'ticket-missing-priority': 0,
      'change-end-before-start': 0,
      // actual end or start more than a day after the close, counted from the raw file (reference/hpsm-bpi2014.sql)
      'change-ended-after-closed': HPSM_BPI2014.changes_ended_after_closed,
    });
    expect(hpsm.rules.find((r) => r.id === 'change-without-approval')).toMatchObject({ applicable: false, reason: expect.stringMatching(/approval/) });
  });

  it('Jira HIVE: no dates and no ITSM fields, so most rules do not apply and say why', () => {
    expect(jr.records.ticket).toBe(2164);
    const na = jr.rules.filter((r) => !r.applicable).map((r) => r.id);
    expect(na).toEqual(expect.arrayContaining(['ticket-date-only', 'ticket-missing-category', 'ticket-priority-matrix', 'ticket-sla-flag-inconsistent']));
    expect(jr.rules.filter((r) => r.applicable).every((r) => r.count === 0)).toBe(true);
  });
});
