/**
 * Privacy (issue 12, item 4): after `ingest --redact`, no original person value — nor a planted e-mail
 * address or phone number — appears anywhere in the database (every table exported as CSV), nor in the
 * kpi JSON and CSV, the clusters JSON and assignments CSV, or the report. Tokens are salted, stable within a
 * database and differ across databases; the policy file's actions (keep, hash, mask, drop) do what they say.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { loadPolicy, parsePolicy } from '../../src/privacy/policy.js';
import { Store } from '../../src/store/db.js';
import { UserError } from '../../src/errors.js';
import { cli, tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-redact-');
const data = join(dir, 'data');
const plain = join(dir, 'plain.duckdb');
const redacted = join(dir, 'redacted.duckdb');
const EMAILS = ['ann.jansen@client.example', 'B.Smith@corp.example.co.uk'];
const PHONES = ['+31 6 1234 5678', '(030) 123 4567'];
let people: string[] = [];

// Free text naming people, with addresses and numbers; and an event log with actors and assignee changes.
function extraFiles(): void {
  const h = 'number,short_description,description,opened_at,caller_id,assigned_to,u_contact';
  writeFixture(data, 'notes.csv', [
    h,
    `INC9000001,Printer for Wilma Flintstone,"Call Wilma Flintstone on ${PHONES[0]} or mail ${EMAILS[0]}",2025-03-13 08:00:00,Wilma Flintstone,Barney Rubble,${EMAILS[1]}`,
    `INC9000002,VPN,"Barney Rubble asked: ring ${PHONES[1]}; ref INC0010001 on 2025-03-14 09:30",2025-03-14 08:00:00,Fred Öztürk,Barney Rubble,`,
    `,no id,"Betty Rubble-Slate, ${EMAILS[1]}",2025-03-15 08:00:00,Betty Rubble-Slate,Barney Rubble,`,
  ].join('\n') + '\n');
  writeFixture(data, 'audit.csv', [
    'number,incident_state,sys_mod_count,caller_id,opened_at,sys_updated_by,sys_updated_at,assignment_group,assigned_to,priority',
    'INC8000001,New,0,Pebbles Flintstone,2025-03-01 09:00:00,Dino Sauropod,2025-03-01 09:00:00,,,3 - Moderate',
    'INC8000001,Active,1,Pebbles Flintstone,2025-03-01 09:00:00,Bamm-Bamm Rubble,2025-03-01 10:00:00,Desk,Gazoo Martian,3 - Moderate',
    'INC8000001,Resolved,2,Pebbles Flintstone,2025-03-01 09:00:00,Gazoo Martian,2025-03-02 10:00:00,Desk,Joe Rockhead,3 - Moderate',
  ].join('\n') + '\n');
}

/** Every text file under a folder (or the file itself), concatenated. */
function allText(path: string): string {
  if (statSync(path).isFile()) return readFileSync(path, 'utf8');
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => readFileSync(join(d.parentPath, d.name), 'utf8'))
    .join('\n');
}

async function dumpDatabase(db: string, out: string): Promise<string> {
  const store = await Store.open(db);
  try {
    await store.run(`EXPORT DATABASE '${out}' (FORMAT csv)`);
  } finally {
    store.close();
  }
  return allText(out);
}

const leaks = (text: string) => {
  const lower = text.toLowerCase();
  return [...people, ...EMAILS, ...PHONES].filter((p) => lower.includes(p.toLowerCase()));
};

beforeAll(async () => {
  const g = cli(['generate', '--out', data, '--tickets', '1500', '--seed', '5']);
  expect(g.code, g.stderr).toBe(0);
  extraFiles();
  const a = cli(['ingest', '--db', plain, data]);
  expect(a.code, a.stderr).toBe(0);
  const store = await Store.open(plain);
  // The originals: every value of a person column, event actor and assignee change (at least 4 characters,
  // so that a short value does not 'leak' as part of an unrelated word).
  people = (
    await store.all<{ v: string }>(`SELECT DISTINCT v FROM (
      SELECT unnest([requester, opened_by, assignee, resolved_by]) AS v FROM ticket
      UNION ALL SELECT unnest([requested_by, assignee]) FROM "change" UNION ALL SELECT assignee FROM problem
      UNION ALL SELECT unnest([owner, assigned_to]) FROM asset UNION ALL SELECT actor FROM ticket_event
      UNION ALL SELECT new_value FROM ticket_event WHERE field = 'assignee') WHERE length(v) >= 4 AND v <> 'Event Management'`)
  ).map((r) => r.v);
  store.close();
  const r = cli(['ingest', '--redact', '--db', redacted, data]);
  expect(r.code, r.stderr).toBe(0);
});

describe('ingest --redact (default policy)', () => {
  it('leaves no original person value, e-mail address or phone number anywhere in the database', async () => {
    expect(people.length).toBeGreaterThan(100);
    expect(people).toEqual(expect.arrayContaining(['Wilma Flintstone', 'Fred Öztürk', 'Dino Sauropod', 'Joe Rockhead']));
    // the check can fail: the unredacted database holds them all
    expect(leaks(await dumpDatabase(plain, join(dir, 'dump-plain'))).length).toBeGreaterThanOrEqual(people.length);
    expect(leaks(await dumpDatabase(redacted, join(dir, 'dump-redacted')))).toEqual([]);
  });

  it('leaves none in kpi JSON and CSV, clusters JSON and assignments, or the report', () => {
    const outputs: string[] = [];
    const run = (args: string[]) => {
      const r = cli([...args, '--db', redacted]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      outputs.push(r.stdout, r.stderr);
    };
    run(['kpi', '--json', '--by', 'assignee,group']);
    run(['kpi', '--by', 'assignee', '--csv', join(dir, 'kpi.csv')]);
    run(['clusters', '--json', '--min-size', '2', '--assignments', join(dir, 'assignments.csv')]);
    run(['report', '--out', join(dir, 'report')]);
    outputs.push(allText(join(dir, 'kpi.csv')), allText(join(dir, 'assignments.csv')), allText(join(dir, 'report')));
    expect(leaks(outputs.join('\n'))).toEqual([]);
    expect(outputs[0]).toMatch(/person-[0-9a-f]{10}/); // the assignee breakdown is by token
  });

  it('hashes a person to one salted token everywhere in a database, and to another in another database', async () => {
    const store = await Store.open(redacted);
    const salt = await store.one<{ value: string }>(`SELECT value FROM meta WHERE key = 'redact_salt'`);
    expect(salt!.value).toMatch(/^[0-9a-f]{32}$/);
    const t = await store.all<{ requester: string; assignee: string; title: string; description: string; extra: string }>(
      `SELECT requester, assignee, title, description, extra::VARCHAR AS extra FROM ticket WHERE source_id LIKE 'INC900000_' ORDER BY source_id`,
    );
    const wilma = t[0]!.requester;
    expect(wilma).toMatch(/^person-[0-9a-f]{10}$/);
    expect(t[0]!.title).toBe(`Printer for ${wilma}`);
    expect(t[0]!.description).toBe(`Call ${wilma} on [phone] or mail [email]`);
    expect(t[0]!.extra).toContain('[email]');
    expect(t[1]!.description).toBe(`${t[1]!.assignee} asked: ring [phone]; ref INC0010001 on 2025-03-14 09:30`);
    const rejected = await store.one<{ raw_text: string }>(`SELECT raw_text FROM rejects WHERE reason LIKE 'no value in the id column%' AND raw_text LIKE '%no id%'`);
    expect(rejected!.raw_text).toMatch(/^,no id,person-[0-9a-f]{10}, \[email\],/);
    const ev = await store.all<{ actor: string; new_value: string }>(`SELECT actor, new_value FROM ticket_event WHERE field = 'assignee' ORDER BY seq`);
    expect(ev.map((e) => e.new_value)).toEqual([expect.stringMatching(/^person-/), expect.stringMatching(/^person-/)]);
    expect(ev[1]!.actor).toBe(ev[0]!.new_value); // Gazoo Martian: assignee then actor, one token
    store.close();
    // another database, another salt: the same person gets another token
    const other = join(dir, 'other.duckdb');
    expect(cli(['ingest', '--redact', '--db', other, join(data, 'notes.csv')]).code).toBe(0);
    const o = await Store.open(other);
    const wilma2 = (await o.one<{ r: string }>(`SELECT requester AS r FROM ticket WHERE source_id = 'INC9000001'`))!.r;
    o.close();
    expect(wilma2).toMatch(/^person-/);
    expect(wilma2).not.toBe(wilma);
  });

  it('refuses to mix redacted and unredacted files in one database', () => {
    const r = cli(['ingest', '--db', redacted, join(data, 'notes.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds redacted data \(policy default\); ingest into it with --redact as well/);
    const p = cli(['ingest', '--redact', '--db', plain, join(data, 'notes.csv')]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/already holds \d+ files ingested without --redact; redact into a new database/);
  });
});

describe('redaction policy files', () => {
  it('applies keep, mask and drop per column and per kind of free-text match', async () => {
    const d = tempDir();
    const policyFile = writeFixture(d, 'policy.yaml', [
      'people: { requester: mask, assignee: drop, opened_by: keep }',
      'free_text: { columns: [title, description], emails: hash, phones: drop, names: mask }',
    ].join('\n'));
    const policy = loadPolicy(policyFile);
    const store = await Store.open(join(d, 'p.duckdb'));
    await ingestPaths(store, { paths: [join(data, 'notes.csv')], redact: policy });
    const t = await store.one<Record<string, string | null>>(`SELECT requester, assignee, title, description FROM ticket WHERE source_id = 'INC9000001'`);
    expect(t).toMatchObject({ requester: 'W***', assignee: null, title: 'Printer for [name]' });
    expect(t!.description).toMatch(/^Call \[name\] on  or mail email-[0-9a-f]{10}$/);
    store.close();
  });

  it('rejects unknown columns and actions with one line naming them', () => {
    expect(() => parsePolicy('people: { caller: hash }', 'p.yaml')).toThrow(/people: unknown person column caller \(known: requester, /);
    expect(() => parsePolicy('people: { requester: shred }', 'p.yaml')).toThrow(UserError);
    expect(() => parsePolicy('people: { requester: shred }', 'p.yaml')).toThrow(/people\.requester must be one of keep \| hash \| mask \| drop \(got "shred"\)/);
    expect(() => parsePolicy('free_text: { columns: [caller_id] }', 'p.yaml')).toThrow(/free_text\.columns must list canonical text columns/);
    // a person column the policy does not name is hashed, not kept
    expect(parsePolicy('people: { requester: keep }', 'p.yaml').people.assignee).toBe('hash');
  });
});
