/**
 * read-raw.ts in process (issue 19.4): the raw read's fallbacks (a file that turns out not to be UTF-8 after its
 * first megabyte, a CRLF line in an LF file), the reader's rejects with their physical lines and reasons (a
 * record of too many columns, a quote never closed, a line over --limit line), skipped lines before the header,
 * and the line numbers of the records after each. Lines are counted by hand in each file (line 1 = header).
 */
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/index.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { openStore, tempDir, writeFixture } from '../helpers.js';

const HEADER = 'number,short_description,opened_at,made_sla';
const rec = (n: number, title = `t${n}`) => `INC000000${n},${title},2024-03-1${n} 08:00:00,true`;

interface Loaded {
  summary: Record<string, unknown>;
  tickets: { id: string; line: number; title: string }[];
  rejects: { line: number; reason: string }[];
}

async function load(content: string | Buffer, name = 'incident.csv', limits = DEFAULT_LIMITS): Promise<Loaded> {
  const dir = tempDir();
  const store = await openStore(dir);
  try {
    const [summary] = await ingestPaths(store, { paths: [writeFixture(dir, name, content)], limits });
    return {
      summary: summary as unknown as Record<string, unknown>,
      tickets: await store.all('SELECT source_id AS id, source_row AS line, title FROM ticket ORDER BY source_row'),
      rejects: await store.all('SELECT line, reason FROM rejects ORDER BY line'),
    };
  } finally {
    store.close();
  }
}

describe('the raw read', () => {
  it('reads a file that is plain ASCII for its first megabyte and Windows-1252 after it', async () => {
    // record 1's description is 1.1 MB of 'a' (the sniffed head sees ASCII only); record 2 holds 'Café' in
    // Windows-1252 (0xE9, not UTF-8): the file is read again transcoded, every record on its line
    const big = 'a'.repeat(1_100_000);
    const text = [HEADER, rec(1, big), rec(2, 'Caf\u00e9'), rec(3)].join('\n') + '\n';
    const bytes = Buffer.from(text, 'latin1'); // 'é' → 0xE9 (Windows-1252 and latin-1 agree on it)
    const { summary, tickets, rejects } = await load(bytes);
    expect(summary).toMatchObject({ encoding: 'windows-1252', rows_read: 3, rows_loaded: 3, rows_rejected: 0 });
    expect(tickets.map((t) => [t.id, t.line, t.title.length > 20 ? t.title.length : t.title])).toEqual([
      ['INC0000001', 2, 1_100_000],
      ['INC0000002', 3, 'Café'],
      ['INC0000003', 4, 't3'],
    ]);
    expect(rejects).toEqual([]);
  });

  it('reads an LF file with one CRLF line, every record on its line', async () => {
    // line 3 ends with CRLF, the others with LF
    const text = `${HEADER}\n${rec(1)}\n${rec(2)}\r\n${rec(3)}\n${rec(4)}\n`;
    const { summary, tickets } = await load(text);
    expect(summary).toMatchObject({ rows_read: 4, rows_loaded: 4 });
    expect(tickets.map((t) => [t.id, t.line, t.title])).toEqual([
      ['INC0000001', 2, 't1'], ['INC0000002', 3, 't2'], ['INC0000003', 4, 't3'], ['INC0000004', 5, 't4'],
    ]);
  });

  it('rejects a record of too many columns on its line, with the records after it on theirs', async () => {
    // line 2 INC1; line 3 INC2 with a surplus cell (rejected by the reader); line 4 INC3; line 5 INC4
    const text = [HEADER, rec(1), `${rec(2)},surplus`, rec(3), rec(4)].join('\n') + '\n';
    const { summary, tickets, rejects } = await load(text);
    expect(summary).toMatchObject({ rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
    expect(tickets.map((t) => [t.id, t.line])).toEqual([['INC0000001', 2], ['INC0000003', 4], ['INC0000004', 5]]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.line).toBe(3);
    expect(rejects[0]!.reason).toMatch(/^too many columns: /);
  });

  it('two rejected records and quoted line breaks: each record and reject on its own physical line', async () => {
    // line 2-3 INC1 (a line break in its title); line 4 bad (surplus); line 5 INC2; line 6 bad; line 7-9 INC3
    // (two line breaks); line 10 INC4
    const text = [HEADER, rec(1, '"one\ntwo"'), 'X1,a,b,c,d', rec(2), 'X2,a,b,c,d', rec(3, '"a\nb\nc"'), rec(4)].join('\n') + '\n';
    const { summary, tickets, rejects } = await load(text);
    expect(summary).toMatchObject({ rows_read: 6, rows_loaded: 4, rows_rejected: 2 });
    expect(tickets.map((t) => [t.id, t.line])).toEqual([['INC0000001', 2], ['INC0000002', 5], ['INC0000003', 7], ['INC0000004', 10]]);
    expect(rejects.map((r) => r.line)).toEqual([4, 6]);
  });

  it('a quote never closed: one reject saying which lines it swallowed', async () => {
    // line 2 INC1; line 3 INC2 opens a quote that never closes, so lines 3-5 are one record
    const text = [HEADER, rec(1), 'INC0000002,"open,2024-03-12 08:00:00,true', rec(3), rec(4)].join('\n') + '\n';
    const { tickets, rejects } = await load(text);
    expect(tickets.map((t) => [t.id, t.line])).toEqual([['INC0000001', 2]]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.line).toBe(3);
    expect(rejects[0]!.reason).toMatch(/ \(this record runs from line 3 to line 5: a quote opened in it is never closed\)$/);
  });

  it('a line over --limit line: rejected with its size and the flag, the rest loaded', async () => {
    // 1 MiB limit; line 3's title is 1,100,000 bytes: the line is 1,100,000 + 'INC0000002,' (11) +
    // ',2024-03-12 08:00:00,true' (25) = 1,100,036 bytes
    const text = [HEADER, rec(1), rec(2, 'x'.repeat(1_100_000)), rec(3)].join('\n') + '\n';
    const { summary, tickets, rejects } = await load(text, 'incident.csv', { ...DEFAULT_LIMITS, line: 1_048_576 });
    expect(summary).toMatchObject({ rows_read: 3, rows_loaded: 2, rows_rejected: 1 });
    expect(tickets.map((t) => [t.id, t.line])).toEqual([['INC0000001', 2], ['INC0000003', 4]]);
    expect(rejects).toEqual([
      { line: 3, reason: expect.stringMatching(/: the line is 1,100,03\d bytes, over the line limit of 1 MB; raise it with --limit line=4MB$/) },
    ]);
  });

  it("counts lines after Excel's sep= line, with a line break inside a value (no line map)", async () => {
    // line 1 'sep=,', line 2 the header; INC1 lines 3-4 (a line break in its title); INC2 line 5
    const text = ['sep=,', HEADER, rec(1, '"x\ny"'), rec(2)].join('\n') + '\n';
    const { summary, tickets } = await load(text);
    expect(summary).toMatchObject({ rows_read: 2, rows_loaded: 2 });
    expect(tickets.map((t) => [t.id, t.line, t.title])).toEqual([['INC0000001', 3, 'x\ny'], ['INC0000002', 5, 't2']]);
  });

  it('reads a gzipped file with a blank line and a line break inside a value on the same lines', async () => {
    // INC1 line 2; line 3 blank; INC2 lines 4-5; INC3 line 6
    const text = [HEADER, rec(1), '', rec(2, '"x\ny"'), rec(3)].join('\n') + '\n';
    const { summary, tickets } = await load(text, 'incident.csv.gz');
    expect(summary).toMatchObject({ rows_read: 3, rows_loaded: 3 });
    expect(tickets.map((t) => [t.id, t.line])).toEqual([['INC0000001', 2], ['INC0000002', 4], ['INC0000003', 6]]);
  });

  it('a lone CR inside a value: the records keep their lines', async () => {
    // INC1 line 2 with a CR (no LF) inside its quoted title; INC2 line 3
    const text = [HEADER, rec(1, '"a\rb"'), rec(2)].join('\n') + '\n';
    const { summary, tickets } = await load(text);
    expect(summary).toMatchObject({ rows_read: 2, rows_loaded: 2 });
    expect(tickets.map((t) => [t.id, t.line, t.title])).toEqual([['INC0000001', 2, 'a\rb'], ['INC0000002', 3, 't2']]);
  });
});
