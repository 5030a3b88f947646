import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertInput } from '../../src/ingest/convert/index.js';
import { trackedConverter } from './tracked.js';
import { UserError } from '../../src/errors.js';
import { tempDir, writeFixture } from '../helpers.js';
import { readCsv } from './read-csv.js';

const convert = trackedConverter(afterEach);
const json = (v: unknown) => JSON.stringify(v);

describe('json → csv', () => {
  it('reads a top-level array of records; nested objects become dotted columns, arrays JSON text', async () => {
    const dir = tempDir();
    const recs = [
      { key: 'SD-1', fields: { summary: 'VPN down', priority: { name: 'High' }, labels: ['vpn', 'net'] }, n: 1, ok: true },
      { key: 'SD-2', fields: { summary: 'Line 1\nLine 2, "quoted"', priority: null }, n: 2.5, ok: false, extra: 'x' },
    ];
    const c = await convert(writeFixture(dir, 'issues.json', json(recs)));
    expect(c).toMatchObject({ format: 'json', rows: 2 });
    const { header, rows } = await readCsv(c.csvPath);
    expect(header).toEqual(['key', 'fields.summary', 'fields.priority.name', 'fields.labels', 'n', 'ok', 'extra']);
    expect(rows).toEqual([
      { key: 'SD-1', 'fields.summary': 'VPN down', 'fields.priority.name': 'High', 'fields.labels': '["vpn","net"]', n: '1', ok: 'true', extra: null },
      { key: 'SD-2', 'fields.summary': 'Line 1\nLine 2, "quoted"', 'fields.priority.name': null, 'fields.labels': null, n: '2.5', ok: 'false', extra: 'x' },
    ]);
  });

  it.each([
    ['result', 'ServiceNow'],
    ['records', 'generic'],
    ['entries', 'BMC'],
    ['value', 'OData / Ivanti'],
    ['tickets', 'Zendesk'],
  ])('unwraps the {"%s": [...]} envelope (%s)', async (key) => {
    const dir = tempDir();
    const body = { [key]: [{ id: 1, subject: 'a' }, { id: 2, subject: 'b' }], count: 2, next_page: null };
    const c = await convert(writeFixture(dir, `${key}.json`, json(body)));
    expect((await readCsv(c.csvPath)).rows).toEqual([
      { id: '1', subject: 'a' },
      { id: '2', subject: 'b' },
    ]);
  });

  it('finds an unknown envelope key one level down, but reads a lone record with a list inside as one record', async () => {
    const dir = tempDir();
    const env = await convert(writeFixture(dir, 'env.json', json({ meta: { total: 1 }, incidentList: [{ id: 'A', state: 'New' }] })));
    expect((await readCsv(env.csvPath)).rows).toEqual([{ id: 'A', state: 'New' }]);
    const one: Record<string, unknown> = { id: 7, name: 'one ticket', links: [{ rel: 'User', href: 'u/1' }] };
    for (let i = 0; i < 10; i++) one[`f${i}`] = i;
    const rec = await convert(writeFixture(dir, 'one.json', json(one)));
    const r = await readCsv(rec.csvPath);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ id: '7', name: 'one ticket', links: '[{"rel":"User","href":"u/1"}]' });
  });

  it('flattens ServiceNow display_value/value pairs to the display value, keeping .value where it differs', async () => {
    const dir = tempDir();
    const result = [
      {
        number: { display_value: 'INC001', value: 'INC001' },
        state: { display_value: 'Resolved', value: '6' },
        assigned_to: { display_value: 'Beth Anglin', value: '46d44a', link: 'https://x/api/now/table/sys_user/46d44a' },
        caller_id: { link: 'https://x/api/now/table/sys_user/5137', value: '5137' },
        short_description: 'Mail down',
      },
      { number: { display_value: 'INC002', value: 'INC002' }, state: 'New', assigned_to: { display_value: '', value: '' }, short_description: 'VPN' },
    ];
    const c = await convert(writeFixture(dir, 'sn.json', json({ result })));
    const { header, rows } = await readCsv(c.csvPath);
    expect(header).toEqual(['number', 'state', 'state.value', 'assigned_to', 'assigned_to.value', 'caller_id', 'short_description']);
    expect(rows[0]).toEqual({
      number: 'INC001', state: 'Resolved', 'state.value': '6', assigned_to: 'Beth Anglin', 'assigned_to.value': '46d44a', caller_id: '5137', short_description: 'Mail down',
    });
    expect(rows[1]).toMatchObject({ number: 'INC002', state: 'New', 'state.value': null, caller_id: null });
  });

  it('unwraps BMC {"entries": [{"values": {...}, "_links": {...}}]}', async () => {
    const dir = tempDir();
    const body = { entries: [{ values: { 'Incident Number': 'INC1', Status: 'Assigned' }, _links: { self: [{ href: 'h' }] } }], _links: {} };
    const c = await convert(writeFixture(dir, 'bmc.json', json(body)));
    expect((await readCsv(c.csvPath)).rows).toEqual([{ 'Incident Number': 'INC1', Status: 'Assigned' }]);
  });

  it('reads newline-delimited JSON (.jsonl, .ndjson.gz) and keeps column names with odd characters', async () => {
    const dir = tempDir();
    const lines = [json({ 'a/b': 1, 'c~d': 'x', 'Ünïcode ключ': 'значение' }), json({ 'a/b': 2, e: { f: [1] } })].join('\n') + '\n';
    for (const name of ['events.jsonl', 'events.ndjson.gz']) {
      const c = await convert(writeFixture(dir, name, lines));
      const { header, rows } = await readCsv(c.csvPath);
      expect(header).toEqual(['a/b', 'c~d', 'Ünïcode ключ', 'e.f']);
      expect(rows.map((r) => Object.values(r))).toEqual([
        ['1', 'x', 'значение', null],
        ['2', null, null, '[1]'],
      ]);
    }
  });

  it('refuses malformed JSON, empty arrays and non-records with one line naming the file', async () => {
    const dir = tempDir();
    const cases: [string, string, RegExp][] = [
      ['bad.json', '[{"a": 1}, {"a": 2,]', /bad\.json: malformed JSON/],
      ['cut.json', '{"result": [{"a": 1}, {"a"', /cut\.json: malformed JSON/],
      ['empty.json', '[]', /empty\.json: holds no JSON records/],
      ['scalars.json', '[1, 2, 3]', /scalars\.json: the records are not JSON objects/],
      ['str.json', '"hello"', /str\.json: holds a single JSON varchar/],
      ['zero.json', '', /zero\.json: the file is empty/],
    ];
    for (const [name, text, re] of cases) {
      const e = await convertInput(writeFixture(dir, name, text)).catch((x: unknown) => x);
      expect(e, name).toBeInstanceOf(UserError);
      expect((e as Error).message, name).toMatch(re);
      expect((e as Error).message).not.toMatch(/\n/);
    }
    void join;
  });
});
