/**
 * Issue 21.5: a database ingested with --redact is always at least `pseudonymise`. A redaction policy may keep
 * a person column as it is (`requester: keep`); `people: named` on such a database still names no one: the
 * findings write each person as a token and say why in their notes. Values redaction already turned into tokens
 * stay those tokens (the ones `kpi --by assignee` shows).
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { computeFindings } from '../../src/findings/index.js';
import { peopleFor } from '../../src/privacy/people.js';
import { Store } from '../../src/store/db.js';
import { cli, tempDir } from '../helpers.js';

describe('people policy on a redacted database', () => {
  it('turns people: named into pseudonymise, also where the redaction kept the names', async () => {
    const dir = tempDir('itsm-lens-people-redacted-');
    // 500 tickets, seed 2: the monitoring requester "Event Management" dominates a group (findings.test.ts, planted)
    const gen = await generate({ out: join(dir, 'exports'), tickets: 500, seed: 2, format: 'servicenow' });
    const incidents = gen.files.filter((f) => f.endsWith('incident.csv'));
    const policy = join(dir, 'keep.yaml');
    writeFileSync(policy, 'people: { requester: keep, assignee: hash }\n');
    const redacted = join(dir, 'redacted.duckdb');
    const plain = join(dir, 'plain.duckdb');
    for (const [db, extra] of [[redacted, ['--redact', policy]], [plain, []]] as const) {
      const r = cli(['ingest', '--db', db, ...extra, ...incidents]);
      expect(r.code, r.stderr).toBe(0);
    }

    const store = await Store.open(redacted, { readOnly: true });
    try {
      // the redaction kept the requesters as they are, and hashed the assignees
      const kept = await store.all<{ v: string }>(`SELECT DISTINCT requester AS v FROM ticket WHERE requester = 'Event Management'`);
      expect(kept.length).toBe(1);
      const token = (await store.one<{ v: string }>(`SELECT min(assignee) AS v FROM ticket WHERE assignee IS NOT NULL`))!.v;
      expect(token).toMatch(/^person-[0-9a-f]{10}$/);

      const people = await peopleFor(store, 'named');
      expect(people.policy).toBe('pseudonymise');
      expect(people.note).toMatch(/named is pseudonymise on this database/);
      expect(people.person('Event Management')).toMatch(/^person-[0-9a-f]{10}$/);
      expect(people.person(token)).toBe(token);
      expect((await peopleFor(store, 'aggregate')).policy).toBe('aggregate');

      const res = await computeFindings(store, { projectConfig: { people: 'named' } });
      expect(JSON.stringify(res)).not.toContain('Event Management');
      expect(res.findings.some((f) => /^Requester person-[0-9a-f]{10} accounts for /.test(f.summary))).toBe(true);
      expect(res.notes).toContain(people.note);
    } finally {
      store.close();
    }

    // the same export not redacted: named names them (the check above can fail)
    const s2 = await Store.open(plain, { readOnly: true });
    try {
      expect((await peopleFor(s2, 'named')).policy).toBe('named');
      const res = await computeFindings(s2, { projectConfig: { people: 'named' } });
      expect(res.findings.some((f) => f.summary.startsWith('Requester Event Management accounts for '))).toBe(true);
    } finally {
      s2.close();
    }
  }, 180_000);
});
