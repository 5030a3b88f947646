/**
 * The converters' shared parts in process (issue 19.4): RFC 4180 fields and lines, the buffered CSV writer and
 * its size bound, padding a CSV to its header, the choice of reader by name and magic bytes, and the zip
 * container's refusals. Expected text is written out by hand from the inputs built here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvWriter, csvField, csvLine, prependHeader } from '../../src/ingest/convert/csv.js';
import { firstLine, padCsv, scratchStore, wideQueries, WIDE } from '../../src/ingest/convert/duck.js';
import { convertInput } from '../../src/ingest/convert/index.js';
import { ZipFile, xmlDecoder } from '../../src/ingest/convert/zip.js';
import { LimitError } from '../../src/ingest/limits.js';
import { UserError } from '../../src/errors.js';
import { tempDir, writeFixture, rejection } from '../helpers.js';
import { zip } from './xlsx-builder.js';

const refusal = rejection;

describe('CSV fields and lines', () => {
  it('quote only what needs it, doubling quotes; empty, null and undefined are empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('semi;colon')).toBe('semi;colon');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvLine(['a', null, 'b,c', undefined, ''])).toBe('a,,"b,c",,\n');
    expect(csvLine([])).toBe('\n');
    expect(csvLine(['x'])).toBe('x\n');
  });

  it('are written in order, repeated lines as many times as asked, and counted', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.csv');
    const w = new CsvWriter(path);
    w.line('h\n');
    w.repeat(',\n', 3);
    w.repeat('never\n', 0);
    w.repeat('never\n', -1);
    w.line('last\n');
    expect([w.rows, w.bytes]).toEqual([5, 2 + 6 + 5]); // 'h\n' 2 + 3 × ',\n' 6 + 'last\n' 5
    await w.flush(); // under 1 MB pending: nothing written yet, nothing lost
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe('h\n,\n,\n,\nlast\n');
  });

  it('write a repeat larger than a block in whole copies', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.csv');
    const w = new CsvWriter(path);
    const line = 'x'.repeat(99) + '\n'; // 100 bytes; 1 MB blocks hold 10,485 copies
    w.repeat(line, 25_000);
    w.line('end\n');
    await w.flush(); // 2.5 MB pending: written now
    await w.close();
    const out = readFileSync(path, 'utf8');
    expect(out.length).toBe(2_500_004);
    expect(out.endsWith(line + 'end\n')).toBe(true);
    expect(out.split('\n').length).toBe(25_002); // 25,000 + 'end' + the empty piece after the last newline
  });

  it('stop at the size bound with the ratio limit, naming the bound in MB', () => {
    const dir = tempDir();
    const w = new CsvWriter(join(dir, 'x.csv'), 3 * 2 ** 20);
    w.line('a'.repeat(2 ** 20));
    w.repeat('b'.repeat(2 ** 20), 2); // exactly 3 MB: allowed
    let e: unknown;
    try {
      w.line('c');
    } catch (x) {
      e = x;
    }
    w.destroy();
    expect(e).toBeInstanceOf(LimitError);
    expect([(e as LimitError).limit, (e as LimitError).what]).toEqual(['ratio', 'the converted CSV would exceed 3 MB']);
  });

  it('get their header put in front of a body, and a short body padded to the header', async () => {
    const dir = tempDir();
    const body = writeFixture(dir, 'body.csv', '1,2\n"x,y",4\n');
    await prependHeader(join(dir, 'full.csv'), ['a', 'b c', 'd"e'], body);
    expect(readFileSync(join(dir, 'full.csv'), 'utf8')).toBe('a,b c,"d""e"\n1,2\n"x,y",4\n');
    // records of 1, 3 and 2 fields padded to 3; the first line skipped; columns reordered 2, 0, 1
    const ragged = writeFixture(dir, 'ragged.csv', 'skip me\n1\n1,2,3\n"a,b",c\n');
    await padCsv(ragged, join(dir, 'padded.csv'), ['C', 'A', 'B'], { width: 3, order: [2, 0, 1], skip: 1 });
    expect(readFileSync(join(dir, 'padded.csv'), 'utf8')).toBe('C,A,B\n,1,\n3,1,2\n,"a,b",c\n');
    await padCsv(writeFixture(dir, 'r2.csv', '1\n1,2\n'), join(dir, 'p2.csv'), ['A', 'B'], { width: 2 });
    expect(readFileSync(join(dir, 'p2.csv'), 'utf8')).toBe('A,B\n1,\n1,2\n');
    await expect(padCsv(writeFixture(dir, 'r3.csv', '1\n'), join(dir, 'p3.csv'), [], { width: 1 })).rejects.toThrow('no columns');
  });
});

describe('DuckDB helpers of the converters', () => {
  it('turn the common-subexpression pass off above 512 columns only', async () => {
    const store = await scratchStore();
    try {
      const setting = async () => (await store.one<{ v: string }>("SELECT current_setting('disabled_optimizers') AS v"))!.v;
      expect(WIDE).toBe(512);
      expect(await wideQueries(store, 512)).toBe(false);
      expect(await setting()).toBe('');
      expect(await wideQueries(store, 513)).toBe(true);
      expect(await setting()).toMatch(/common_subexpressions/);
    } finally {
      store.close();
    }
  });

  it("keep an error's first line without its class name", () => {
    expect(firstLine(new Error('Invalid Input Error: bad thing\nLINE 1: ...'))).toBe('bad thing');
    expect(firstLine('IO Error: gone')).toBe('gone');
    expect(firstLine(new Error('plain: words'))).toBe('plain: words');
    expect(firstLine(new Error('at 3: Parser Error: x'))).toBe('at 3: Parser Error: x'); // only a leading class name goes
  });
});

describe('the choice of converter', () => {
  it('by name and magic bytes: CSV and unknown names pass through, xls and empty files are refused', async () => {
    const dir = tempDir();
    expect(await convertInput(writeFixture(dir, 'a.csv', 'x,y\n1,2\n'))).toBeNull();
    expect(await convertInput(writeFixture(dir, 'a.tsv', 'x\ty\n'))).toBeNull();
    expect(await convertInput(writeFixture(dir, 'a.dat', 'x,y\n1,2\n'))).toBeNull();
    expect(await convertInput(writeFixture(dir, 'empty.csv', ''))).toBeNull();
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    for (const name of ['old.xls.csv', 'old.xlsx', 'old.dat']) {
      const p = writeFixture(dir, name, ole);
      const e = await refusal(convertInput(p));
      expect(e).toBeInstanceOf(UserError);
      expect(e.message).toBe(`${p}: an Excel 97-2003 (.xls) or password-protected workbook; save it as .xlsx (or CSV UTF-8) and ingest that`);
    }
    // the 4 bytes of a zip's local header and nothing else: read as a (too short) workbook, whatever its name
    const pk = writeFixture(dir, 'pk.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect((await refusal(convertInput(pk))).message).toBe(`${pk}: cannot read as an xlsx workbook: not a zip file (too short)`);
    // seven of the eight OLE2 bytes: not refused as xls
    expect(await convertInput(writeFixture(dir, 'seven.csv', ole.subarray(0, 7)))).toBeNull();
    for (const name of ['e.xlsx', 'e.json', 'e.xes', 'e.jsonl']) {
      const p = writeFixture(dir, name, Buffer.alloc(0));
      expect((await refusal(convertInput(p))).message).toBe(`${p}: the file is empty`);
    }
    const txt = writeFixture(dir, 'text.xlsm', 'a,b\n');
    expect((await refusal(convertInput(txt))).message).toBe(`${txt}: not an xlsx workbook (not a zip file)`);
    const missing = join(dir, 'missing.csv');
    expect((await refusal(convertInput(missing))).message).toMatch(new RegExp(`^${missing}: ENOENT`));
  });

  it('reads JSON and NDJSON by name, and cleans up its temporary CSV', async () => {
    const dir = tempDir();
    const json = await convertInput(writeFixture(dir, 'a.json', '[{"id":"1","t":"x"},{"id":"2","t":"y,z"}]'));
    expect(json).toMatchObject({ format: 'json', rows: 2 });
    expect(readFileSync(json!.csvPath, 'utf8')).toBe('id,t\n1,x\n2,"y,z"\n');
    await json!.cleanup();
    expect(() => readFileSync(json!.csvPath)).toThrow();
    const nd = await convertInput(writeFixture(dir, 'a.ndjson.gz', '{"id":"1"}\n{"id":"2"}\n'));
    expect(nd).toMatchObject({ format: 'json', rows: 2 });
    expect(readFileSync(nd!.csvPath, 'utf8')).toBe('id\n1\n2\n');
    await nd!.cleanup();
  });
});

describe('the zip container', () => {
  it('refuses what is no zip, names its parts and reads them case-insensitively', async () => {
    const dir = tempDir();
    const short = writeFixture(dir, 'short.zip', Buffer.alloc(21, 1));
    expect((await refusal(ZipFile.open(short))).message).toBe('not a zip file (too short)');
    // 22 bytes (the least a zip can be) starting as a zip: no directory at its end
    const bare = writeFixture(dir, 'bare.zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(18)]));
    expect((await refusal(ZipFile.open(bare))).message).toBe('the zip directory is missing (truncated file?)');
    const text = writeFixture(dir, 'text.zip', 'x'.repeat(40));
    expect((await refusal(ZipFile.open(text))).message).toBe('not a zip file');
    const parts = [{ name: 'Docs/A.xml', data: '<a>hé</a>' }, { name: 'b.txt', data: 'b'.repeat(1000) }];
    const z = zip(parts);
    const cut = writeFixture(dir, 'cut.zip', z.subarray(0, z.length - 10));
    expect((await refusal(ZipFile.open(cut))).message).toBe('the zip directory is missing (truncated file?)');
    const zf = await ZipFile.open(writeFixture(dir, 'ok.zip', z));
    try {
      expect(zf.names()).toEqual(['Docs/A.xml', 'b.txt']);
      expect(zf.entry('docs/a.XML')?.name).toBe('Docs/A.xml');
      expect(zf.entry('/b.txt')?.size).toBe(1000);
      expect(zf.entry('//b.txt')?.size).toBe(1000);
      expect(zf.entry('c.txt')).toBeUndefined();
      expect((await zf.read(zf.entry('docs/a.xml')!)).toString('utf8')).toBe('<a>hé</a>');
    } finally {
      zf.close();
    }
    // a part may inflate to `maxInflated` bytes and not one more
    const capped = await ZipFile.open(join(dir, 'ok.zip'), () => 999);
    try {
      const e = await refusal(capped.read(capped.entry('b.txt')!));
      expect(e).toBeInstanceOf(LimitError);
      expect((e as LimitError).limit).toBe('ratio');
      expect((e as LimitError).what).toMatch(/^b\.txt inflates to more than 0 MB from \d+ compressed bytes \(a zip bomb\?\)$/);
    } finally {
      capped.close();
    }
    const exact = await ZipFile.open(join(dir, 'ok.zip'), () => 1000);
    try {
      expect((await exact.read(exact.entry('b.txt')!)).length).toBe(1000);
    } finally {
      exact.close();
    }
  });

  it("turns yauzl's complaints into one line each: directory, local header, bounds, encryption, method", async () => {
    const dir = tempDir();
    const parts = [{ name: 'a.xml', data: '<a/>' }, { name: 'b.txt', data: 'b'.repeat(100) }];
    const good = zip(parts);
    const central = good.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); // the first central directory header
    const secondLocal = good.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4);
    const patched = (name: string, f: (b: Buffer) => void) => {
      const b = Buffer.from(good);
      f(b);
      return writeFixture(dir, name, b);
    };
    // a central header whose signature is broken
    const badDir = patched('dir.zip', (b) => b.writeUInt32LE(0x02014b51, central));
    expect((await refusal(ZipFile.open(badDir))).message).toMatch(/^corrupt zip directory \(invalid central directory file header signature: 0x2014b51\)$/);
    // the second entry's local header broken: found when that entry is read
    const badLocal = await ZipFile.open(patched('local.zip', (b) => b.writeUInt32LE(0x04034b51, secondLocal)));
    try {
      expect((await refusal(badLocal.read(badLocal.entry('b.txt')!))).message).toBe('local header missing (corrupt zip)');
    } finally {
      badLocal.close();
    }
    // the first entry's compressed size (central header, offset 20) past the file's end
    const far = await ZipFile.open(patched('far.zip', (b) => b.writeUInt32LE(1_000_000, central + 20)));
    try {
      expect((await refusal(far.read(far.entry('a.xml')!))).message).toBe('an entry points past the end of the file (truncated?)');
    } finally {
      far.close();
    }
    // encrypted (general purpose bit 0, central offset 8) and method 12 (bzip2; central offset 10)
    const enc = await ZipFile.open(patched('enc.zip', (b) => b.writeUInt16LE(0x801, central + 8)));
    try {
      expect((await refusal(enc.stream(enc.entry('a.xml')!))).message).toBe('a.xml is encrypted (password-protected workbook)');
    } finally {
      enc.close();
    }
    const bz = await ZipFile.open(patched('bz.zip', (b) => b.writeUInt16LE(12, central + 10)));
    try {
      expect((await refusal(bz.stream(bz.entry('a.xml')!))).message).toBe('a.xml uses unsupported compression method 12');
    } finally {
      bz.close();
    }
    // a name written with backslashes (Windows zip tools) is read with slashes
    const win = await ZipFile.open(writeFixture(dir, 'win.zip', zip([{ name: 'xl\\sheet.xml', data: '<s/>' }])));
    try {
      expect(win.names()).toEqual(['xl/sheet.xml']);
      expect((await win.read(win.entry('xl/sheet.xml')!)).toString()).toBe('<s/>');
    } finally {
      win.close();
    }
    // stored (method 0) entries read as they are
    const stored = await ZipFile.open(writeFixture(dir, 'stored.zip', zip(parts, { store: true })));
    try {
      expect((await stored.read(stored.entry('a.xml')!)).toString()).toBe('<a/>');
    } finally {
      stored.close();
    }
  });

  it('decodes XML parts by their byte-order mark', () => {
    expect(xmlDecoder(Buffer.from([0xff, 0xfe, 0x3c, 0])).encoding).toBe('utf-16le');
    expect(xmlDecoder(Buffer.from([0xfe, 0xff, 0, 0x3c])).encoding).toBe('utf-16be');
    expect(xmlDecoder(Buffer.from([0xff, 0xff])).encoding).toBe('utf-8');
    expect(xmlDecoder(Buffer.from([0xfe, 0xfe])).encoding).toBe('utf-8');
    expect(xmlDecoder(Buffer.from('<a/>')).encoding).toBe('utf-8');
  });
});
