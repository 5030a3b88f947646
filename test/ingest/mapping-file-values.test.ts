/**
 * A user's mapping file read in process, inside each test (StrykerJS counts a mutant only while a test runs):
 * the adapter loadMappingFile builds from it (src/ingest/mapping-file.ts), every refusal of a value the schema
 * cannot judge, the checks against the file's header (src/ingest/check-mapping.ts) and the written JSON Schema
 * against the one the code builds (src/ingest/mapping-schema.ts). test/ingest/mapping-checks.test.ts runs the
 * same mistakes through the CLI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMappingFile } from '../../src/ingest/mapping-file.js';
import { checkEnumValues, checkMappingColumns, nearestColumn } from '../../src/ingest/check-mapping.js';
import { MAPPING_OBJECTS, mappingSchema } from '../../src/ingest/mapping-schema.js';
import { FIELDS } from '../../src/store/schema.js';
import { ADAPTERS } from '../../src/sources/index.js';
import type { ObjectMapping } from '../../src/sources/types.js';
import { ident, lit, Store } from '../../src/store/db.js';
import { ROOT, tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-mapping-file-');
let files = 0;
const file = (text: string, ext = 'yaml') => writeFixture(dir, `m${files++}.${ext}`, text);
/** the message a mapping file is refused with */
const refusal = async (text: string, ext = 'yaml') => {
  const path = file(text, ext);
  try {
    await loadMappingFile(path);
  } catch (e) {
    return (e as Error).message.replace(path, 'M');
  }
  return 'no error';
};

describe('loadMappingFile: the adapter it builds', () => {
  it('a minimal file: tool custom, object ticket, the fields as written, no vocabularies', async () => {
    const path = file('fields:\n  source_id: No\n  opened_at: [Created, Logged]\n');
    const a = await loadMappingFile(path);
    expect(a).toEqual({
      id: 'custom', name: `mapping ${path}`, signature: {}, nullValues: undefined, vocab: {},
      objects: [{ object: 'ticket', table: 'ticket', sourceTable: 'ticket', fields: { source_id: 'No', opened_at: ['Created', 'Logged'] } }],
    });
  });

  it('a full file: its tool, the extended tool\'s vocabularies under its own, null values, the logs and nested arrays', async () => {
    const path = file([
      'tool: acme',
      'extends: servicenow',
      'object: event_log',
      'source_table: incidents',
      "null_values: ['-', 'n/a']",
      'fields:',
      '  source_id: Ticket No',
      '  priority: { from: Prio, vocab: prio }',
      '  status: { from: State, vocab: ticket_status }',
      'vocab:',
      '  prio: { map: { P1: 1 } }',
      'event_log: { seq: Version, time: Modified }',
      "activity_log: { activity: Act, time: At, resolved: 'solve' }",
    ].join('\n'));
    const a = await loadMappingFile(path);
    expect(a.id).toBe('acme');
    expect(a.name).toBe('acme');
    expect(a.nullValues).toEqual(['-', 'n/a']);
    const sn = ADAPTERS.find((x) => x.id === 'servicenow')!;
    // servicenow's own vocabularies, then the file's
    expect(a.vocab).toEqual({ ...sn.vocab, prio: { map: { P1: 1 } } });
    expect(a.objects).toEqual([{
      object: 'event_log', table: 'ticket', sourceTable: 'incidents',
      fields: { source_id: 'Ticket No', priority: { from: 'Prio', vocab: 'prio' }, status: { from: 'State', vocab: 'ticket_status' } },
      eventLog: { seq: 'Version', time: 'Modified' },
      activityLog: { activity: 'Act', time: 'At', resolved: 'solve' },
    }]);
    // extends without a tool: the extended tool's id and null values
    const b = await loadMappingFile(file('extends: servicenow\nfields:\n  source_id: number\n'));
    expect(b.id).toBe('servicenow');
    expect(b.nullValues).toEqual(sn.nullValues);
  });

  it('nested arrays: the element id defaults to id, one time key becomes a list, an actor only when given', async () => {
    const a = await loadMappingFile(file([
      'fields: { source_id: id }',
      'vocab: { st: { map: { resolved: resolved } } }',
      'nested:',
      '  updates: { column: comments, time: posted_at, status: state, vocab: st }',
      '  services: { column: [components, services], name: name }',
    ].join('\n')));
    expect(a.objects[0]!.nested).toEqual({
      updates: { column: 'comments', id: 'id', time: ['posted_at'], status: 'state', vocab: 'st' },
      services: { column: ['components', 'services'], name: 'name' },
    });
    const b = await loadMappingFile(file([
      'object: change',
      'fields: { source_id: id }',
      'nested:',
      '  services: { column: components, name: name }',
    ].join('\n')));
    expect(b.objects[0]).toMatchObject({ object: 'change', table: 'change', nested: { services: { column: 'components', name: 'name' } } });
    expect(b.objects[0]!.nested!.updates).toBeUndefined();
    const c = await loadMappingFile(file('fields: { source_id: id }\nnested:\n  updates: { column: c, id: uid, time: [t1, t2], status: s, vocab: bool, actor: author.name }\n'));
    // 'bool' is a built-in vocabulary (COMMON_VOCAB)
    expect(c.objects[0]!.nested).toEqual({ updates: { column: 'c', id: 'uid', time: ['t1', 't2'], status: 's', vocab: 'bool', actor: 'author.name' } });
  });

  it('JSON by its extension', async () => {
    const a = await loadMappingFile(file(JSON.stringify({ object: 'asset', fields: { source_id: 'Tag', cost: { from: 'Cost' } } }), 'json'));
    expect(a.objects[0]).toEqual({ object: 'asset', table: 'asset', sourceTable: 'asset', fields: { source_id: 'Tag', cost: { from: 'Cost' } } });
    expect(await refusal('{ "fields": ', 'JSON')).toMatch(/^--mapping M: not valid JSON \(.+\)$/);
  });
});

describe('loadMappingFile: what it refuses, in one line naming the key', () => {
  it('a file it cannot read or parse', async () => {
    await expect(loadMappingFile(join(dir, 'none.yaml'))).rejects.toThrow(`--mapping ${join(dir, 'none.yaml')}: cannot read the file`);
    // the parser's first line only (its message goes on with the line of the file and a caret)
    expect(await refusal('fields: [a\n  b: {')).toBe('--mapping M: not valid YAML (Implicit keys of flow sequence pairs need to be on a single line at line 1, column 10:)');
    // YAML by its last extension: a.json.yaml is YAML
    expect(await refusal('a: b: c\n', 'json.yaml')).toBe('--mapping M: not valid YAML (Nested mappings are not allowed in compact mappings at line 1, column 4:)');
  });

  it('a key the schema does not know, named with the file', async () => {
    expect(await refusal('fields: { source_id: a }\ncolour: red\n')).toMatch(/^--mapping M: /);
  });

  it('a tool to extend that does not exist', async () => {
    expect(await refusal('extends: zeta\nfields: { source_id: a }\n')).toBe(
      `--mapping M: extends 'zeta' is not a supported tool (${ADAPTERS.map((a) => a.id).join(', ')})`,
    );
  });

  it('a pattern that does not compile', async () => {
    expect(await refusal("fields: { source_id: a, status: { from: s, vocab: v } }\nvocab: { v: { patterns: [['^p(', 'x']] } }\n")).toBe(
      `--mapping M: vocab 'v': pattern "^p(" is not a regular expression (/^p(/: Unterminated group)`,
    );
    // one that compiles passes
    expect(await refusal("fields: { source_id: a, status: { from: s, vocab: v } }\nvocab: { v: { patterns: [['^p(1)', 'x']] } }\n")).toBe('no error');
  });

  it('a vocabulary that is not defined: the list of those that are, and extends: as the way to more', async () => {
    const msg = await refusal('fields: { source_id: a, status: { from: s, vocab: nope } }\nvocab: { mine: { map: { a: b } } }\n');
    expect(msg).toMatch(/^--mapping M: fields\.status: vocabulary 'nope' is not defined under vocab \(defined: [^)]*\bmine\); extends: TOOL adds a tool's own vocabularies \(itsm-lens sources --fields lists them\)$/);
    const ext = await refusal('extends: servicenow\nfields: { source_id: a, status: { from: s, vocab: nope } }\n');
    expect(ext).toMatch(/^--mapping M: fields\.status: vocabulary 'nope' is not defined under vocab \(defined: [^)]+\)$/);
    expect(await refusal('fields: { source_id: a, sla_met: { from: s, vocab: bool } }\n')).toBe('no error'); // built in
  });

  it('a constant the field cannot hold, by type', async () => {
    const v = (field: string, value: string) => refusal(`object: ${field.startsWith('asset.') ? 'asset' : 'ticket'}\nfields: { source_id: a, ${field.replace('asset.', '')}: { value: ${value} } }\n`);
    expect(await v('priority', '2.5')).toBe('--mapping M: fields.priority: value 2.5 is not a whole number');
    expect(await v('priority', "'x'")).toBe('--mapping M: fields.priority: value "x" is not a whole number');
    expect(await v('priority', "'3'")).toBe('no error'); // a whole number written as text
    expect(await v('priority', '3')).toBe('no error');
    expect(await v('priority', 'true')).toBe('--mapping M: fields.priority: value true is not a whole number');
    expect(await v('handle_time_hours', "''")).toBe('--mapping M: fields.handle_time_hours: value "" is not a number');
    expect(await v('handle_time_hours', "'1e400'")).toBe('--mapping M: fields.handle_time_hours: value "1e400" is not a number');
    expect(await v('handle_time_hours', 'true')).toBe('--mapping M: fields.handle_time_hours: value true is not a number');
    expect(await v('handle_time_hours', "'1.5'")).toBe('no error');
    expect(await v('handle_time_hours', '1.5')).toBe('no error');
    expect(await v('sla_met', "'yes'")).toBe('--mapping M: fields.sla_met: value "yes" is not true or false');
    expect(await v('sla_met', 'false')).toBe('no error');
    expect(await v('opened_at', "'2024-13-01'")).toBe('--mapping M: fields.opened_at: value "2024-13-01" is not a date and time such as 2024-03-01 08:00:00');
    expect(await v('opened_at', "'01/03/2024'")).toBe('--mapping M: fields.opened_at: value "01/03/2024" is not a date and time such as 2024-03-01 08:00:00');
    expect(await v('opened_at', '20240301')).toBe('--mapping M: fields.opened_at: value 20240301 is not a date and time such as 2024-03-01 08:00:00');
    for (const ok of ["'2024-03-01'", "'2024-03-01T08:00:00.55Z'", "'2024-03-01 08:00'", "'2024-03-01T08:00:00.5Z'", "'2024-03-01 08:00:00+0100'", "'2024-03-01T08:00:00-05:00'"]) {
      expect(await v('opened_at', ok), ok).toBe('no error');
    }
    expect(await v('opened_at', "'2024-03-01 08:00:00 CET'")).toMatch(/is not a date and time/);
    expect(await v('asset.purchase_date', "'2024-02-30x'")).toBe('--mapping M: fields.purchase_date: value "2024-02-30x" is not a date such as 2024-03-01');
    expect(await v('asset.purchase_date', "'2024-02-28'")).toBe('no error');
    expect(await v('kind', 'incident')).toBe('no error');
    expect(await v('title', '3')).toBe('no error'); // any scalar is a text
    expect(await v('title', 'true')).toBe('no error');
  });

  it('nested blocks the object cannot take, or with a vocabulary not defined', async () => {
    const upd = 'nested:\n  updates: { column: c, time: t, status: s, vocab: bool }\n';
    expect(await refusal(`object: change\nfields: { source_id: a }\n${upd}`)).toBe('--mapping M: nested.updates: updates become ticket events, so object must be ticket (here change)');
    expect(await refusal(`object: event_log\nfields: { source_id: a }\n${upd}`)).toBe('--mapping M: nested.updates: updates become ticket events, so object must be ticket (here event_log)');
    expect(await refusal(`fields: { source_id: a }\n${upd}`)).toBe('no error');
    expect(await refusal('object: asset\nfields: { source_id: a }\nnested:\n  services: { column: c, name: n }\n')).toBe('--mapping M: nested.services: a asset has no service to link');
    expect(await refusal('object: problem\nfields: { source_id: a }\nnested:\n  services: { column: c, name: n }\n')).toBe('no error');
    const msg = await refusal('fields: { source_id: a }\nvocab: { mine: { map: { a: b } } }\nnested:\n  updates: { column: c, time: t, status: s, vocab: theirs }\n');
    expect(msg).toMatch(/^--mapping M: nested\.updates: vocabulary 'theirs' is not defined under vocab \(defined: [^)]*\bmine\)$/);
  });
});

describe('checkMappingColumns and nearestColumn', () => {
  const m = (o: Partial<ObjectMapping>): ObjectMapping => ({ object: 'ticket', table: 'ticket', sourceTable: 't', fields: { source_id: 'Nope' }, ...o });
  const check = (mapping: ObjectMapping, columns: string[]) => {
    try {
      checkMappingColumns('f.csv', 'm.yaml', mapping, columns);
    } catch (e) {
      return (e as Error).message;
    }
    return 'ok';
  };

  it('names the rule, the column(s) it names, the nearest column and the file\'s columns', () => {
    expect(check(m({ fields: { source_id: 'id', opened_at: 'Opend' } }), ['id', 'Opened', 'State'])).toBe(
      "f.csv: --mapping m.yaml: fields.opened_at names the column 'Opend', which is not in the header (nearest: 'Opened'); the file's columns are 'id', 'Opened', 'State'",
    );
    expect(check(m({ fields: { source_id: 'id', status: ['Sts', 'Stat'] } }), ['id', 'xyz'])).toBe(
      "f.csv: --mapping m.yaml: fields.status names the columns 'Sts' or 'Stat', none of which is in the header; the file's columns are 'id', 'xyz'",
    );
    // source_id is requireIdColumns' to check; a constant names no column; one alternative present is enough
    expect(check(m({ fields: { source_id: 'gone', kind: { value: 'incident' }, status: ['Sts', 'State'] } }), ['State'])).toBe('ok');
  });

  it('checks the event log, activity log and nested columns too; shows 30 columns and the count', () => {
    const cols = Array.from({ length: 31 }, (_, i) => `c${i + 1}`);
    expect(check(m({ eventLog: { seq: 'c1', time: 'when' } }), cols)).toBe(
      `f.csv: --mapping m.yaml: event_log.time names the column 'when', which is not in the header; the file's columns are ${cols.slice(0, 30).map((c) => `'${c}'`).join(', ')}, … (31 in all)`,
    );
    expect(check(m({ activityLog: { activity: 'act', time: 'c2', resource: 'c3' } }), ['c2', 'c3'])).toMatch(/^f\.csv: --mapping m\.yaml: activity_log\.activity names the column 'act'/);
    expect(check(m({ activityLog: { activity: 'c1', time: 'c2', resource: 'who' } }), ['c1', 'c2'])).toMatch(/^f\.csv: --mapping m\.yaml: activity_log\.resource names/);
    expect(check(m({ nested: { services: { column: 'comps', name: 'n' } } }), ['c1'])).toMatch(/^f\.csv: --mapping m\.yaml: nested\.services\.column names the column 'comps'/);
    expect(check(m({ nested: { updates: { column: ['u1', 'u2'], id: 'id', time: ['t'], status: 's', vocab: 'v' } } }), ['c1'])).toMatch(/nested\.updates\.column names the columns 'u1' or 'u2', none of which/);
    // 30 columns exactly: all shown, no count
    expect(check(m({ fields: { source_id: 'x', title: 'zzz' } }), cols.slice(0, 30))).toMatch(/'c29', 'c30'$/);
  });

  it('the nearest column: at most 2 edits, or half the name; the closest wins', () => {
    // 'opend' → 'opened' 1 edit
    expect(nearestColumn(['Opend'], ['state', 'opened'])).toBe('opened');
    // 'ab' → 'xy': 2 edits ≤ max(2, 1) → taken
    expect(nearestColumn(['ab'], ['xy'])).toBe('xy');
    // 'abc' → 'xyz': 3 edits > max(2, 1)
    expect(nearestColumn(['abc'], ['xyz'])).toBeUndefined();
    // 'assignment' (10) → 'assignee_x': a s s i g n e e _ x … 4 edits ≤ 5 (half of 10)
    expect(nearestColumn(['assignment'], ['assigneexx'])).toBe('assigneexx');
    // two candidates: the closer (1 edit) beats the first (2 edits)
    expect(nearestColumn(['status'], ['statxx', 'statux'])).toBe('statux');
    // ties: the first found stays
    expect(nearestColumn(['status'], ['statu', 'tatus'])).toBe('statu');
    // several names: any of them
    expect(nearestColumn(['zzzz', 'Priorty'], ['priority'])).toBe('priority');
  });
});

describe('checkEnumValues', () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open(':memory:', { migrate: false });
  });
  afterAll(() => store.close());
  let n = 0;
  const view = async (cols: Record<string, string[]>) => {
    const name = `e${n++}`;
    const names = Object.keys(cols);
    const rows = cols[names[0]!]!.map((_, i) => `(${names.map((c) => lit(cols[c]![i]!)).join(', ')}, FALSE)`);
    await store.run(`CREATE TEMP TABLE ${name} AS SELECT * FROM (VALUES ${rows.join(', ')}) t(${names.map(ident).join(', ')}, __empty)`);
    return name;
  };
  const m = (fields: ObjectMapping['fields']): ObjectMapping => ({ object: 'ticket', table: 'ticket', sourceTable: 't', fields });
  const check = async (v: string, fields: ObjectMapping['fields'], columns: string[], nulls: string[] = []) => {
    try {
      await checkEnumValues(store, v, 'f.csv', 'm.yaml', m(fields), columns, nulls);
    } catch (e) {
      return (e as Error).message;
    }
    return 'ok';
  };

  it('refuses an enum read without a vocabulary whose values are not canonical: the counts, most frequent first', async () => {
    const v = await view({ id: ['1', '2', '3', '4', '5'], State: ['Open', 'Closed', 'Open', 'closed', ' '] });
    // Open ×2, Closed ×1 (canonical is 'closed', lower case); ' ' is empty → NULL
    expect(await check(v, { source_id: 'id', status: 'State' }, ['id', 'State'])).toBe(
      "f.csv: --mapping m.yaml: fields.status reads 'State' without a vocabulary, and 2 values are not canonical status values ('Open' ×2, 'Closed' ×1); " +
        "write one, e.g. status: { from: State, vocab: status } and vocab: { status: { map: { Open: … } } }, mapping to new | assigned | in_progress | pending | resolved | closed | cancelled | other",
    );
    // one value: singular
    const one = await view({ id: ['1', '2'], State: ['new', 'Gone'] });
    expect(await check(one, { source_id: 'id', status: 'State' }, ['id', 'State'])).toMatch(/and a value is not canonical status values \('Gone' ×1\)/);
    // canonical values only, or a vocabulary, or a parse, or no column: fine
    const ok = await view({ id: ['1', '2'], State: ['new', 'closed'] });
    expect(await check(ok, { source_id: 'id', status: 'State' }, ['id', 'State'])).toBe('ok');
    expect(await check(v, { source_id: 'id', status: { from: 'State', vocab: 'status' } }, ['id', 'State'])).toBe('ok');
    expect(await check(v, { source_id: 'id', status: { from: 'State', parse: 'present' } }, ['id', 'State'])).toBe('ok');
    expect(await check(v, { source_id: 'id', status: 'Missing' }, ['id', 'State'])).toBe('ok');
    // an object rule without a vocabulary is checked as a column name is
    expect(await check(v, { source_id: 'id', status: { from: 'State' } }, ['id', 'State'])).toMatch(/fields\.status reads 'State' without a vocabulary, and 2 values are not canonical/);
    // a text field is not an enum
    expect(await check(v, { source_id: 'id', title: 'State' }, ['id', 'State'])).toBe('ok');
  });

  it('null markers are no values; two columns are read together; more than five values are counted', async () => {
    const v = await view({ id: ['1', '2', '3', '4', '5', '6', '7'], A: ['-', 'a', 'b', 'c', 'd', 'e', 'f'], B: ['x', '', '', '', '', '', ''] });
    // coalesce(A, B) with '-' a null marker: x, a, b, c, d, e, f → 7 values, each once; the first five by value
    expect(await check(v, { source_id: 'id', channel: ['A', 'B'] }, ['id', 'A', 'B'], ['-'])).toBe(
      "f.csv: --mapping m.yaml: fields.channel reads 'A', 'B' without a vocabulary, and 7 values are not canonical channel values ('a' ×1, 'b' ×1, 'c' ×1, 'd' ×1, 'e' ×1, … (7 values in all)); " +
        'write one, e.g. channel: { from: A, vocab: channel } and vocab: { channel: { map: { a: … } } }, mapping to email | phone | portal | chat | walk_in | monitoring | api | other',
    );
  });
});

describe('mappingSchema', () => {
  it('is the schema written to schemas/mapping.schema.json', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'schemas', 'mapping.schema.json'), 'utf8'))).toEqual(mappingSchema());
  });
  it('offers each table its own fields, for the objects that fill it; a file without object: holds tickets', () => {
    const s = mappingSchema() as { allOf: Array<{ if: Record<string, unknown>; then: { properties: { fields: { properties: Record<string, { description: string }> } } } }> };
    expect(s.allOf).toHaveLength(4);
    const [ticket, change, , asset] = s.allOf;
    expect(ticket!.if).toEqual({ properties: { object: { enum: ['ticket', 'event_log'] } } });
    expect(change!.if).toEqual({ required: ['object'], properties: { object: { enum: ['change'] } } });
    expect(Object.keys(asset!.then.properties.fields.properties)).toEqual(FIELDS.asset.map((f) => f.name));
    expect(ticket!.then.properties.fields.properties.priority!.description).toBe('priority, 1 = most urgent (int)');
    expect(MAPPING_OBJECTS).toEqual({ ticket: 'ticket', event_log: 'ticket', change: 'change', problem: 'problem', asset: 'asset' });
  });
});
