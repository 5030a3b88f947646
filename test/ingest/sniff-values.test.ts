/**
 * What the first megabyte of a file says (src/ingest/sniff.ts), checked on hand-made bytes inside each test
 * (StrykerJS counts a mutant only while a test runs): the encoding from BOMs, NUL patterns and UTF-8 sequences,
 * the delimiter, the header and sample, and every message a file is refused with. test/ingest/sniff.test.ts has
 * the basic cases.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, sniffFile } from '../../src/ingest/sniff.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { tempDir, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-sniff-values-');
let n = 0;
const put = (content: string | Buffer, ext = 'csv') => writeFixture(dir, `f${n++}.${ext}`, content);
/** bytes written as they are under a .csv.gz name (writeFixture would gzip them) */
const raw = (bytes: Buffer) => {
  const path = join(dir, `r${n++}.csv.gz`);
  writeFileSync(path, bytes);
  return path;
};
const refusal = async (path: string, limits = DEFAULT_LIMITS) => {
  try {
    await sniffFile(path, limits);
  } catch (e) {
    return (e as Error).message.replace(path, 'F');
  }
  return 'no error';
};

describe('detectEncoding', () => {
  it('UTF-16 without a BOM: a NUL in every other byte, more than a quarter of the bytes, only on one side', () => {
    // 'ab,c\n' in UTF-16BE: 00 61 00 62 00 2c 00 63 00 0a → 5 NULs at even offsets of 10 bytes
    expect(detectEncoding(Buffer.from('ab,cd\nx,y\n', 'utf16le').swap16())).toEqual({ encoding: 'utf-16be', bom: false });
    expect(detectEncoding(Buffer.from('ab,cd\nx,y\n', 'utf16le'))).toEqual({ encoding: 'utf-16le', bom: false });
    // 8 bytes or fewer: too short to tell, read as UTF-8
    expect(detectEncoding(Buffer.from('ab,c', 'utf16le')).encoding).toBe('utf-8');
    // NULs on both sides: not UTF-16 (binary, which sniffFile refuses)
    expect(detectEncoding(Buffer.from([0, 0, 0x61, 0, 0, 0, 0x62, 0, 0, 0x63])).encoding).not.toMatch(/utf-16/);
    // one NUL in 12 bytes (≤ a quarter): not UTF-16
    expect(detectEncoding(Buffer.from('abcdefghijk\0', 'latin1')).encoding).toBe('utf-8');
  });

  it('UTF-8 with multi-byte sequences, damaged UTF-8, latin-1 and Windows-1252', () => {
    // 'é' = C3 A9, '€' = E2 82 AC, '😀' = F0 9F 98 80: well-formed
    expect(detectEncoding(Buffer.from('a;é;€;😀\n', 'utf8'))).toEqual({ encoding: 'utf-8', bom: false, utf8Multibyte: true });
    // plain ASCII: UTF-8 without multi-byte sequences
    expect(detectEncoding(Buffer.from('a;b\n'))).toEqual({ encoding: 'utf-8', bom: false, utf8Multibyte: false });
    // two good sequences, one broken byte (0xE9 alone): more valid than invalid → UTF-8
    expect(detectEncoding(Buffer.concat([Buffer.from('é;é;'), Buffer.from([0xe9, 0x0a])])).encoding).toBe('utf-8');
    // one good, one broken: not more valid → latin-1 (no byte in 0x80–0x9F)
    expect(detectEncoding(Buffer.concat([Buffer.from('é;'), Buffer.from([0xe9, 0x0a])])).encoding).toBe('latin-1');
    // latin-1 'Zürich' (FC) and 'é' (E9), and 0x80 (€ in Windows-1252)
    expect(detectEncoding(Buffer.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x3b, 0xe9, 0x0a]))).toEqual({ encoding: 'latin-1', bom: false });
    expect(detectEncoding(Buffer.from([0x80, 0x3b, 0x31, 0x30, 0x0a]))).toEqual({ encoding: 'windows-1252', bom: false });
    expect(detectEncoding(Buffer.from([0x9f, 0x3b, 0x31, 0x30, 0x0a])).encoding).toBe('windows-1252');
    expect(detectEncoding(Buffer.from([0xa0, 0x3b, 0x31, 0x30, 0x0a])).encoding).toBe('latin-1');
    // C0/C1 and F5+ never start a sequence; a lead byte cut by the end of the buffer is broken
    expect(detectEncoding(Buffer.from([0xc1, 0xa9, 0x0a])).encoding).toBe('latin-1');
    expect(detectEncoding(Buffer.from([0xf5, 0x80, 0x80, 0x80])).encoding).toBe('windows-1252');
    expect(detectEncoding(Buffer.from([0x61, 0xe2, 0xa2])).encoding).toBe('latin-1');
    // a continuation byte that is not 10xxxxxx breaks the sequence
    expect(detectEncoding(Buffer.from([0xc3, 0x41, 0x0a])).encoding).toBe('latin-1');
    // DF BF and EF BF BF and F4 8F BF BF: the highest lead bytes of each length are well-formed
    expect(detectEncoding(Buffer.from([0xdf, 0xbf, 0xef, 0xbf, 0xbf, 0xf4, 0x8f, 0xbf, 0xbf, 0x0a])).utf8Multibyte).toBe(true);
    expect(detectEncoding(Buffer.from([0xc2, 0xa0, 0xe0, 0xa0, 0x80, 0xf0, 0x90, 0x80, 0x80, 0x0a])).utf8Multibyte).toBe(true);
  });

  it('a head of exactly 1 MB is judged up to its last line break: a character cut by the 1 MB read is not broken', () => {
    // 1,048,575 bytes of ASCII lines, then C3 (the first byte of 'é') as byte 1,048,576: cut at the last LF, no
    // sequence is left, well-formed or broken → UTF-8. Without the cut: 0 valid, 1 broken → latin-1.
    const head = Buffer.alloc(1 << 20, 'ab,c\n');
    head[head.length - 1] = 0xc3;
    expect(detectEncoding(head)).toEqual({ encoding: 'utf-8', bom: false, utf8Multibyte: false });
    // a buffer shorter than 1 MB is the whole file: the same C3 at its end is broken
    expect(detectEncoding(head.subarray(1)).encoding).toBe('latin-1');
    // a single line of 1 MB (no LF to cut at): judged whole
    const line = Buffer.alloc(1 << 20, 'a');
    line[line.length - 1] = 0xc3;
    expect(detectEncoding(line).encoding).toBe('latin-1');
  });
});

describe('detectDelimiter', () => {
  it('the count in the header, then agreement of the next lines', () => {
    // header: 2 commas, 1 semicolon; lines agree with ';' only → ';' (1 + 2·1000 > 2 + 0)
    expect(detectDelimiter(['a,b;c,d', '1;2', '3;4'], 'f.csv')).toBe(';');
    // no agreement anywhere: the most in the header
    expect(detectDelimiter(['a,b,c;d', 'x', 'y'], 'f.csv')).toBe(',');
    expect(detectDelimiter(['a;b;c,d', 'x', 'y'], 'f.csv')).toBe(';');
    // equal scores: the first in , ; tab | order keeps it
    expect(detectDelimiter(['a|b;c', 'x', 'y'], 'f.csv')).toBe(';');
    // none: a comma
    expect(detectDelimiter(['abc', 'def'], 'f.csv')).toBe(',');
    expect(detectDelimiter([], 'f.csv')).toBe(',');
    // a tab file by name; gzipped too, any case
    expect(detectDelimiter(['a,b', '1,2'], 'F.TSV.GZ')).toBe('\t');
    expect(detectDelimiter(['a\tb', '1\t2'], 'f.txt')).toBe('\t');
    // only the first 19 lines after the header are compared: 25 lines of '|' after a header with one ',' and one '|'
    const lines = ['a,b|c', ...Array.from({ length: 19 }, () => 'x|y'), ...Array.from({ length: 30 }, () => 'x,y')];
    expect(detectDelimiter(lines, 'f.csv')).toBe('|');
    // a quoted delimiter is text; quotes toggle
    expect(detectDelimiter(['"a;b",c', '"x;y;z",1'], 'f.csv')).toBe(',');
  });
});

describe('sniffFile', () => {
  it('reads the header and up to 199 sample rows, skipping empty lines and rows it cannot parse', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `INC${i},v${i}`);
    const head = await sniffFile(put(['number,state', '', ...rows].join('\r\n') + '\r\n'));
    expect(head.header).toEqual(['number', 'state']);
    // body.slice(0, 200): the header, the empty line and 198 rows
    expect(head.sample).toHaveLength(198);
    expect(head.sample[0]).toEqual(['INC0', 'v0']);
    expect(head).toMatchObject({ compressed: false, encoding: 'utf-8', bom: false, delimiter: ',', skipLines: 0 });
    expect(head.utf8Multibyte).toBeUndefined();
    expect(head.limits).toEqual(DEFAULT_LIMITS);
    expect(head.path).toBe(head.source);
    const multi = await sniffFile(put('Nummer;Zustand\nINC1;Geschlossen ü\n'));
    expect(multi).toMatchObject({ delimiter: ';', utf8Multibyte: true, sample: [['INC1', 'Geschlossen ü']] });
    // the sample (csv-parse, relaxed): a short row kept as it is, stray quotes inside and after a value kept
    const loose = await sniffFile(put('a,b\n1\n2,x"y\n"3"z,4\n5,6\n'));
    expect(loose.sample).toEqual([['1'], ['2', 'x"y'], ['"3"z', '4'], ['5', '6']]);
    // a quote never closed swallows the rest of the head: no sample, but no refusal either
    expect(await sniffFile(put('a,b\n1,"x\n2,3\n'))).toMatchObject({ header: ['a', 'b'], sample: [] });
    // sep= with blanks after it, any case
    expect(await sniffFile(put('SEP=; \na;b\n1;2\n'))).toMatchObject({ delimiter: ';', skipLines: 1, header: ['a', 'b'] });
    // a header whose last name ends in 'sep=;': a header, not Excel's line
    expect(await sniffFile(put('id,sep=;\n1,2\n'))).toMatchObject({ delimiter: ',', skipLines: 0, header: ['id', 'sep=;'] });
    // a quoted sep= line as Excel writes it
    const sep = await sniffFile(put('"sep=|"\na|b\n1|2\n'));
    expect(sep).toMatchObject({ delimiter: '|', skipLines: 1, header: ['a', 'b'] });
  });

  it('decodes UTF-16BE, latin-1 and Windows-1252', async () => {
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('nr\tzustand\nA1\tneu\n', 'utf16le').swap16()]);
    expect(await sniffFile(put(be, 'tsv'))).toMatchObject({ encoding: 'utf-16be', bom: true, header: ['nr', 'zustand'], sample: [['A1', 'neu']] });
    // an odd last byte (a UTF-16 file cut short) is dropped, BE and LE
    const odd = (b: Buffer) => Buffer.concat([b, Buffer.from([0x41])]);
    expect(await sniffFile(put(odd(be), 'tsv'))).toMatchObject({ header: ['nr', 'zustand'], sample: [['A1', 'neu']] });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('nr\tzustand\nA1\tneu\n', 'utf16le')]);
    expect(await sniffFile(put(odd(le), 'tsv'))).toMatchObject({ encoding: 'utf-16le', header: ['nr', 'zustand'], sample: [['A1', 'neu']] });
    const l1 = Buffer.from('nr;stadt\n1;Zürich\n', 'latin1');
    expect(await sniffFile(put(l1))).toMatchObject({ encoding: 'latin-1', sample: [['1', 'Zürich']] });
    // 0x80 is € in Windows-1252, 0x93/0x94 “ ” (what the header and sample decode them to is Node's: v20's
    // TextDecoder gives U+0080…, not € “ ”; the load reads the file itself)
    const w = Buffer.concat([Buffer.from('nr;preis\n1;'), Buffer.from([0x80, 0x93, 0x78, 0x94]), Buffer.from('\n')]);
    const head = await sniffFile(put(w));
    expect(head).toMatchObject({ encoding: 'windows-1252', header: ['nr', 'preis'] });
    expect(head.sample[0]![1]).toMatch(/x/);
  });

  it('refuses an empty file, binary content, a header of one column, an empty first line', async () => {
    expect(await refusal(put(''))).toBe('F: the file is empty');
    // 100 bytes with 6 control characters: more than 1 in 20
    const bin = Buffer.alloc(100, 0x61);
    for (const i of [3, 10, 20, 30, 40, 50]) bin[i] = 0x01;
    expect(await refusal(put(bin))).toBe('F: not a text export (binary content); export it as CSV, xlsx, JSON or XES');
    expect(await refusal(put(bin, 'csv.gz'))).toBe('F: not a text export (binary content inside the gzip); export it as CSV, xlsx, JSON or XES');
    // 5 in 100: not more than 1 in 20 → text (tab, LF, CR and form feed never count)
    const five = Buffer.from(bin);
    five[50] = 0x09;
    for (const i of [60, 61]) five[i] = 0x0a;
    expect(await refusal(put(Buffer.concat([Buffer.from('a,b\n'), five])))).toBe('no error');
    // 'a,b\n' + 100 bytes: 5 × 0x01, and a tab, a CR, a form feed and 10 spaces that do not count: 5 of 104 is not
    // more than 104 / 20 = 5.2; any one of them counted makes 6
    const mixed = Buffer.alloc(100, 0x61);
    for (const i of [3, 10, 20, 30, 40]) mixed[i] = 0x01;
    mixed[50] = 0x09;
    mixed[55] = 0x0d;
    mixed[60] = 0x0c;
    for (let i = 70; i < 80; i++) mixed[i] = 0x20;
    expect(await refusal(put(Buffer.concat([Buffer.from('a,b\n'), mixed])))).toBe('no error');
    // a sixth 0x01, or 0x1F (the last control character): 6 > 5.2
    for (const b of [0x01, 0x1f]) {
      const six = Buffer.from(mixed);
      six[90] = b;
      expect(await refusal(put(Buffer.concat([Buffer.from('a,b\n'), six])))).toMatch(/^F: not a text export/);
    }
    expect(await refusal(put('number\nINC1\n'))).toBe('F: found 1 column in the header row; expected a delimited export (csv, tsv, ;)');
    expect(await refusal(put('\nnumber,state\n'))).toBe('F: no header row (the first line is empty)');
    expect(await refusal(put('  \nnumber,state\n'))).toBe('F: no header row (the first line is empty)');
    expect(await refusal(put('sep=;\n'))).toBe('F: no header row (the first line is empty)');
  });

  it('refuses a header over the column limit', async () => {
    const limits = { ...DEFAULT_LIMITS, columns: 3 };
    expect(await refusal(put('a,b,c\n1,2,3\n'), limits)).toBe('no error');
    expect(await refusal(put('a,b,c,d\n1,2,3,4\n'), limits)).toBe('F: the header has 4 columns, over the columns limit of 3; if the file is genuine, raise it with --limit columns=12');
  });

  it('a head of 1 MB without a line break: the columns counted, or the line called too long', async () => {
    const mb = 1 << 20;
    // 1 MB of 'a,' pairs: 524,288 commas → 524,289 fields, over the default limit
    const wide = Buffer.alloc(mb + 10, 'a,');
    expect(await refusal(put(wide))).toMatch(/^F: the header has more than 524,289 columns, over the columns limit of [\d,]+; /);
    // exactly at the limit (524,289 columns allowed): not over it, so the line is called too long
    expect(await refusal(put(wide), { ...DEFAULT_LIMITS, columns: 524_289 })).toBe('F: the header line is longer than 1 MB; is this a delimited export?');
    expect(await refusal(put(wide), { ...DEFAULT_LIMITS, columns: 524_288 })).toMatch(/^F: the header has more than 524,289 columns, over the columns limit of 524,288; /);
    const long = Buffer.alloc(mb + 10, 'a');
    expect(await refusal(put(long))).toBe('F: the header line is longer than 1 MB; is this a delimited export?');
    // a line break inside the first megabyte: the text is cut there, the rest of the head not parsed
    const cut = Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.alloc(mb, 'x')]);
    const head = await sniffFile(put(cut));
    expect(head.header).toEqual(['a', 'b']);
    expect(head.sample).toEqual([['1', '2']]);
  });

  it('gzip: reads the head, and refuses a truncated or corrupt file or one that expands too far', async () => {
    const gz = gzipSync(Buffer.from('number,state\nINC1,New\n'));
    expect(await sniffFile(put(Buffer.from('number,state\nINC1,New\n'), 'csv.gz'))).toMatchObject({ compressed: true, header: ['number', 'state'] });
    expect(await refusal(raw(gz.subarray(0, gz.length - 12)))).toBe('F: truncated gzip (the file ends before the compressed data does); copy or download it again');
    // a wrong CRC at the end of 200 KB: the head reads (the first chunks come before the error), the check fails
    const long = gzipSync(Buffer.from(['number,state', ...Array.from({ length: 20_000 }, (_, i) => `INC${i},New`)].join('\n')));
    const bad = Buffer.from(long);
    bad[long.length - 6] = bad[long.length - 6]! ^ 0xff;
    expect(await refusal(raw(bad))).toMatch(/^F: corrupt gzip \(.+\); copy or download it again$/);
    expect(await refusal(raw(Buffer.from('not gzip at all')))).toMatch(/^F: not a readable gzip file \(.+\)$/);
    // one line repeated, as gzip members of 1 MB each (a gzip file may hold several, read in turn; 70 copies of
    // one member cost no 70 MB compression per run): 70 MB is over 64 MB (the floor) at ratio 1, exactly 64 MB is not
    const member = gzipSync(Buffer.alloc(2 ** 20, 'a,b\n'));
    const ratio1 = { ...DEFAULT_LIMITS, ratio: 1 };
    expect(await refusal(raw(Buffer.concat(Array.from({ length: 70 }, () => member))), ratio1)).toBe('F: decompresses to more than 64 MB, over the ratio limit of 1; if the file is genuine, raise it with --limit ratio=4');
    expect(await refusal(raw(Buffer.concat(Array.from({ length: 64 }, () => member))), ratio1)).toBe('no error');
  });
});
