import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertInput } from '../../src/ingest/convert/index.js';
import { trackedConverter } from './tracked.js';
import { UserError } from '../../src/errors.js';
import { tempDir, writeFixture } from '../helpers.js';
import { readCsv } from './read-csv.js';

const convert = trackedConverter(afterEach);

// A hand-written log in the shape ProM / pm4py / OpenXES write: extensions, globals, classifiers,
// log attributes, traces with their attributes first, events, a meta-attribute and a list.
const XES = `<?xml version="1.0" encoding="UTF-8" ?>
<!-- exported by hand -->
<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <global scope="trace"><string key="concept:name" value="__INVALID__"/></global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <string key="concept:name" value="helpdesk log"/>
  <trace>
    <string key="concept:name" value="INC0001"/>
    <string key="priority" value="1 - Critical"/>
    <event>
      <string key="concept:name" value="Open"/>
      <date key="time:timestamp" value="2024-03-01T08:00:00.000+01:00"/>
      <string key="org:resource" value="Ana &amp; Bo"/>
      <string key="lifecycle:transition" value="complete"/>
    </event>
    <event>
      <date key="time:timestamp" value="2024-03-01T09:30:00.000+01:00"/>
      <string key="concept:name" value="Assign"/>
      <string key="org:group" value="Network, EMEA">
        <string key="meta:note" value="nested meta attribute, not a column"/>
      </string>
      <int key="reassignments" value="2"/>
      <float key="cost" value="12.5"/>
      <boolean key="sla:breached" value="false"/>
      <list key="tags"><values><string key="t" value="vpn"/></values></list>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="INC0002"/>
    <event>
      <string key="concept:name" value="Open"/>
      <date key="time:timestamp" value="2024-03-02T10:00:00Z"/>
      <string key="comment" value="first line&#10;second line, &quot;quoted&quot;"/>
    </event>
    <string key="channel" value="email"/>
    <event>
      <string key="concept:name" value="Close"/>
      <date key="time:timestamp" value="2024-03-02T11:00:00Z"/>
    </event>
  </trace>
</log>
`;

const HEADER = ['case:concept:name', 'concept:name', 'time:timestamp', 'org:resource', 'lifecycle:transition', 'org:group', 'reassignments', 'cost', 'sla:breached', 'comment', 'case:priority', 'case:channel'];

describe('xes → csv', () => {
  it.each(['log.xes', 'log.xes.gz'])('writes one row per event with case columns (%s)', async (name) => {
    const dir = tempDir();
    const c = await convert(writeFixture(dir, name, XES));
    expect(c).toMatchObject({ format: 'xes', rows: 4 });
    const { header, rows } = await readCsv(c.csvPath);
    expect(header).toEqual(HEADER);
    expect(rows.map((r) => HEADER.map((h) => r[h]))).toEqual([
      ['INC0001', 'Open', '2024-03-01T08:00:00.000+01:00', 'Ana & Bo', 'complete', null, null, null, null, null, '1 - Critical', null],
      ['INC0001', 'Assign', '2024-03-01T09:30:00.000+01:00', null, null, 'Network, EMEA', '2', '12.5', 'false', null, '1 - Critical', null],
      ['INC0002', 'Open', '2024-03-02T10:00:00Z', null, null, null, null, null, null, 'first line\nsecond line, "quoted"', null, null],
      ['INC0002', 'Close', '2024-03-02T11:00:00Z', null, null, null, null, null, null, null, null, 'email'],
    ]);
  });

  it('streams a log in small pieces across chunk boundaries (10,000 events)', async () => {
    const dir = tempDir();
    const traces: string[] = [];
    for (let t = 0; t < 1000; t++) {
      const events = Array.from({ length: 10 }, (_, e) =>
        `<event><string key="concept:name" value="step ${e} &lt;${t}&gt;"/><date key="time:timestamp" value="2024-01-01T00:00:${String(e).padStart(2, '0')}Z"/></event>`,
      ).join('\n');
      traces.push(`<trace><string key="concept:name" value="case ${t}"/>${events}</trace>`);
    }
    const c = await convert(writeFixture(dir, 'big.xes.gz', `<?xml version="1.0"?><log>${traces.join('\n')}</log>`));
    expect(c.rows).toBe(10_000);
    const { rows } = await readCsv(c.csvPath);
    expect(rows).toHaveLength(10_000);
    expect(rows[9_999]).toEqual({ 'case:concept:name': 'case 999', 'concept:name': 'step 9 <999>', 'time:timestamp': '2024-01-01T00:00:09Z' });
  });

  it('refuses malformed logs with one line naming the file', async () => {
    const dir = tempDir();
    const cases: [string, string | Buffer, RegExp][] = [
      ['cut.xes', XES.slice(0, XES.indexOf('<event>', 1200)), /cut\.xes: malformed XES: the document ends before <\/trace> \(truncated\?\)/],
      ['mismatch.xes', '<log><trace><event></trace></log>', /mismatch\.xes: malformed XES: an end tag does not match <event> \(line 1, column 27\)/],
      ['attr.xes', '<log><trace><string key="a" value=x/></trace></log>', /attr\.xes: malformed XES: in <string>: attribute a|unquoted/],
      ['notxes.xes', '<html><body/></html>', /notxes\.xes: malformed XES: no <log> element/],
      ['empty-log.xes', '<log></log>', /empty-log\.xes: the XES log holds no events/],
      ['junk.xes.gz', Buffer.from('not gzip at all'), /junk\.xes\.gz: not a readable gzip file/],
    ];
    for (const [name, text, re] of cases) {
      // writeFixture gzips .gz names; the junk one is written as is.
      const path = Buffer.isBuffer(text) ? join(dir, name) : writeFixture(dir, name, text);
      if (Buffer.isBuffer(text)) writeFileSync(path, text);
      const e = await convertInput(path).catch((x: unknown) => x);
      expect(e, name).toBeInstanceOf(UserError);
      expect((e as Error).message, name).toMatch(re);
      expect((e as Error).message).not.toMatch(/\n/);
    }
  });
});
