/**
 * The edges of src/ingest/sniff.ts that its first StrykerJS run (session 22) showed untested, on hand-made bytes
 * inside each test: a BOM's every byte, NUL counts exactly at their thresholds, the 4,096-byte windows, UTF-8
 * sequences at the buffer's end, a 1 MB head's cut, quotes deciding a delimiter, names that only contain .tsv or
 * .gz, a gzip header longer than one decompressed chunk, a small file's last line, Windows-1252 decoded.
 * test/ingest/sniff-values.test.ts has the main cases (kept apart so that a rerun reuses its results).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, sniffFile } from '../../src/ingest/sniff.js';
import { tempDir, userRefusal, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-sniff-edges-');
let n = 0;
const put = (content: string | Buffer, ext = 'csv') => writeFixture(dir, `f${n++}.${ext}`, content);

describe('detectEncoding: edges', () => {
  it('a BOM needs all its bytes; NUL counts at exactly a quarter or of exactly 8 bytes are not UTF-16', () => {
    // BB BF without EF, EF ? BF, EF BB ?; FE or FF without its pair: stray high bytes (no 0x80–0x9F) → latin-1
    for (const b of [[0x61, 0xbb, 0xbf], [0xef, 0x61, 0xbf], [0xef, 0xbb, 0x61], [0x61, 0xfe, 0x62], [0xff, 0x61, 0x62], [0x61, 0xff, 0x62], [0xfe, 0x61, 0x62]]) {
      expect(detectEncoding(Buffer.from([...b, 0x0a]))).toEqual({ encoding: 'latin-1', bom: false });
    }
    // 12 bytes, 3 NULs all at odd (LE) or all at even (BE) offsets: 3 is not more than 12 / 4 = 3
    expect(detectEncoding(Buffer.from([0x61, 0, 0x62, 0, 0x63, 0, 0x64, 0x65, 0x66, 0x67, 0x68, 0x0a])).encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0, 0x61, 0, 0x62, 0, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x0a])).encoding).toBe('utf-8');
    // 8 bytes of UTF-16BE 'abcd': too short to tell (more than 8 asked)
    expect(detectEncoding(Buffer.from([0, 0x61, 0, 0x62, 0, 0x63, 0, 0x64])).encoding).toBe('utf-8');
    // only the first 4,096 bytes are counted: UTF-16LE 'a' × 2,048 then 'Ā' (00 01), whose 00 is byte 4,096
    expect(detectEncoding(Buffer.from('a'.repeat(2048) + '\u0100', 'utf16le'))).toEqual({ encoding: 'utf-16le', bom: false });
  });

  it('UTF-8 sequences: a 4-byte one alone, one ending the buffer, continuation bytes that lead nothing', () => {
    // F0 9F 98 80 ('😀') alone: 1 well-formed, none broken (read as 3 bytes it would leave 80 broken)
    expect(detectEncoding(Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0x0a]))).toEqual({ encoding: 'utf-8', bom: false, utf8Multibyte: true });
    // 'é' (C3 A9) as the last two bytes
    expect(detectEncoding(Buffer.from('é'))).toEqual({ encoding: 'utf-8', bom: false, utf8Multibyte: true });
    // 80 80 80 80: four broken bytes, no lead among them; 0x80 → Windows-1252
    expect(detectEncoding(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x0a]))).toEqual({ encoding: 'windows-1252', bom: false });
    // a 1 MB head whose only line feed is its first byte: judged whole (E9 broken → latin-1)
    const head = Buffer.alloc(1 << 20, 'a');
    head[0] = 0x0a;
    head[100] = 0xe9;
    expect(detectEncoding(head).encoding).toBe('latin-1');
  });
});

describe('detectDelimiter: edges', () => {
  it('a quoted delimiter decides; .tsv only at the end of the name', () => {
    // header '"a,b";c': ',' is quoted (0), ';' once; both lines agree on one ';' → ';' (counted unquoted, ',' would
    // tie at 1 + 2 × 1000 and win by order)
    expect(detectDelimiter(['"a,b";c', '"x,y";1', '"z,w";2'], 'f.csv')).toBe(';');
    expect(detectDelimiter(['a,b', '1,2'], 'f.tsv.csv')).toBe(',');
  });
});

describe('sniffFile: edges', () => {
  it('a gzip head longer than the first decompressed chunk, a .gz only at the end of the name, a missing gzip', async () => {
    // a header of 3,000 columns 'column_0000' … (12 bytes each with the comma: 36,000 bytes, over one 16 KiB chunk)
    const cols = Array.from({ length: 3000 }, (_, i) => `column_${String(i).padStart(4, '0')}`);
    const head = await sniffFile(put([cols.join(','), cols.map((_, i) => i).join(',')].join('\n') + '\n', 'csv.gz'));
    expect(head.header).toHaveLength(3000);
    expect(head.header[2999]).toBe('column_2999');
    expect(head.sample[0]).toHaveLength(3000);
    // plain text under 'x.gz.csv': not compressed
    expect(await sniffFile(put('a,b\n1,2\n', 'gz.csv'))).toMatchObject({ compressed: false, header: ['a', 'b'] });
    await expect(sniffFile(join(dir, 'missing.csv.gz'))).rejects.toThrow(/ENOENT/);
  });

  it('a small file: the last line without a line feed is read; a file of one line is a header', async () => {
    expect(await sniffFile(put('a,b\n1,2'))).toMatchObject({ header: ['a', 'b'], sample: [['1', '2']] });
    expect(await sniffFile(put('a,b'))).toMatchObject({ header: ['a', 'b'], sample: [] });
    // a first line that is only a quote: no header parsed, 0 columns
    const quote = put('"\n');
    expect(await userRefusal(sniffFile(quote))).toBe(`${quote}: found 0 column in the header row; expected a delimited export (csv, tsv, ;)`);
    // 'sep=' followed by more than the delimiter: a header, not Excel's line
    expect(await sniffFile(put('sep=;a;b\n1;2;3\n'))).toMatchObject({ delimiter: ';', skipLines: 0, header: ['sep=', 'a', 'b'] });
  });

  it('Windows-1252 decoded: ü (FC) is the same in Windows-1252 and latin-1, and no UTF-8', async () => {
    const w = Buffer.concat([Buffer.from('nr;stadt\n1;Z'), Buffer.from([0xfc]), Buffer.from('rich '), Buffer.from([0x80]), Buffer.from('\n')]);
    const head = await sniffFile(put(w));
    expect(head.encoding).toBe('windows-1252');
    expect(head.sample[0]![1]).toMatch(/^Zürich /);
  });

  it('control characters: exactly 1 in 20 is text; only the first 4,096 bytes are looked at', async () => {
    // 'a,b\n' + 96 bytes with 5 × 0x01 = 100 bytes: 5 is not more than 100 / 20
    const body = Buffer.alloc(96, 0x61);
    for (const i of [3, 10, 20, 30, 40]) body[i] = 0x01;
    expect((await sniffFile(put(Buffer.concat([Buffer.from('a,b\n'), body])))).header).toEqual(['a', 'b']);
    // 204 control characters in the first 4,096 bytes (not more than 204.8), a 205th at byte 4,096
    const edge = Buffer.alloc(5000, 0x61);
    edge.write('a,b\n');
    for (let i = 0; i < 204; i++) edge[10 + i * 19] = 0x01;
    edge[4096] = 0x01;
    expect((await sniffFile(put(edge))).header).toEqual(['a', 'b']);
  });
});
