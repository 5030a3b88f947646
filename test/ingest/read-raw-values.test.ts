/**
 * readRaw (src/ingest/read-raw.ts) called directly, inside each test (StrykerJS counts a mutant only while a test
 * runs), on hand-made files: what it returns (records, empty records, the columns with a value, the reader's
 * rejects, the line offset of a converted input), each record's physical line (counted by hand in each file;
 * line 1 = the header), the encodings it transcodes, the CRLF rewrite at the edges of its read chunks, the NUL
 * rewrite, the rows limit, the message of a file that cannot be read, and that drop() leaves nothing behind.
 * test/ingest/raw-lines.test.ts and lines.test.ts check the same through a whole ingest.
 */
import { unlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRaw, type RawFile } from '../../src/ingest/read-raw.js';
import { sniffFile, type FileHead } from '../../src/ingest/sniff.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/ingest/limits.js';
import { Store } from '../../src/store/db.js';
import { tempDir, userRefusal, writeFixture } from '../helpers.js';

const dir = tempDir('itsm-lens-read-raw-values-');
let files = 0;
const put = (content: string | Buffer, ext = 'csv') => writeFixture(dir, `f${files++}.${ext}`, content);

/** The temporary tables and views of a database (readRaw's and nothing else in these tests). */
const leftOver = (store: Store) =>
  store.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE temporary UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal ORDER BY 1`);

interface Read {
  raw: RawFile;
  head: FileHead;
  /** [__line, __empty, ...cells] in line order */
  rows: unknown[][];
  /** the reader's rejects: [line, message] */
  rejects: [number, string][];
  /** temporary tables and views after drop() */
  left: string[];
}

async function read(path: string, opts: { limits?: Limits; head?: (h: FileHead) => void } = {}): Promise<Read> {
  const head = await sniffFile(path, opts.limits ?? DEFAULT_LIMITS);
  opts.head?.(head);
  const store = await Store.open(':memory:', { migrate: false });
  try {
    const raw = await readRaw(store, head);
    const rows = (await store.all<Record<string, unknown>>(`SELECT * FROM ${raw.view} ORDER BY __line`)).map((r) => [Number(r.__line), r.__empty, ...raw.columns.map((c) => r[c])]);
    const rejects = (await store.all<{ line: number; m: string }>(`SELECT DISTINCT line, error_message AS m FROM ${raw.rejectTable} ORDER BY line`)).map((r): [number, string] => [Number(r.line), r.m]);
    await raw.drop();
    return { raw, head, rows, rejects, left: (await leftOver(store)).map((r) => r.name) };
  } finally {
    store.close();
  }
}

describe('readRaw: what it returns', () => {
  it('counts records, empty ones and the columns with a value; each record on its line; drop() leaves nothing', async () => {
    // line 1 header; 2 A1; 3 ';;;' (every cell empty); 4 blanks only (empty too); 5 a first cell empty but a name;
    // 6 A2. 'unused' is empty on every line (a last empty field reads as NULL)
    const { raw, rows, rejects, left } = await read(put('id;name;note;unused\nA1;x;;\n;;;\n ; ;  ;\n;y;;\nA2;;n;\n'));
    expect(raw).toMatchObject({ columns: ['id', 'name', 'note', 'unused'], total: 5, empty: 2, readerRejects: 0, lineOffset: 0 });
    expect([...raw.nonEmptyColumns].sort()).toEqual(['id', 'name', 'note']);
    expect(rows).toEqual([
      [2, false, 'A1', 'x', null, null],
      [3, true, null, null, null, null],
      [4, true, ' ', ' ', '  ', null],
      [5, false, null, 'y', null, null],
      [6, false, 'A2', null, 'n', null],
    ]);
    expect(rejects).toEqual([]);
    expect(left).toEqual([]);
  });

  it('repeated and empty header names made unique (headers.ts: the second "id" is "id (2)", the third empty one "column 3")', async () => {
    const { raw, rows } = await read(put('id,id,,x\n1,2,3,4\n'));
    expect(raw.columns).toEqual(['id', 'id (2)', 'column 3', 'x']);
    expect(rows).toEqual([[2, false, '1', '2', '3', '4']]);
  });

  it('a converted input: lines offset to its header row, rejects joined to the records after them', async () => {
    // the CSV a converter wrote of a sheet whose header is row 4: lineOffset = 4 - 1 = 3; A1 row 5, A2 row 6
    const csv = put('id,name\nA1,x\nA2,y\n');
    const conv = (h: FileHead) => Object.assign(h, { converted: { format: 'xlsx', sheet: 'S' }, headerLine: 4 });
    const a = await read(csv, { head: conv });
    expect(a.raw.lineOffset).toBe(3);
    expect(a.rows).toEqual([[5, false, 'A1', 'x'], [6, false, 'A2', 'y']]);
    // CSV line 3 has a surplus cell (rejected): record 2 → row 1 + 3 + 2 = 6 (not loaded); A3 is record 3 → row 7.
    // No line map for a converted file: a reject's record is its line − 1 (3 − 1 = 2), one reject before A3.
    const b = await read(put('id,name\nA1,x\nA2,y,z\nA3,w\n'), { head: conv });
    expect(b.raw).toMatchObject({ readerRejects: 1, total: 2, lineOffset: 3 });
    expect(b.rows).toEqual([[5, false, 'A1', 'x'], [7, false, 'A3', 'w']]);
    expect(b.rejects.map((r) => r[0])).toEqual([3]);
    expect(b.left).toEqual([]);
    // a NUL in a converted file (no line count of the file, so the cells are looked at): removed (29 bytes, one
    // control character: not more than 1 in 20, so not binary)
    const nul = await read(put('id,name\nA1,x\u0000y\nA2,zzzzzzzzzz\n'), { head: conv });
    expect(nul.rows).toEqual([[5, false, 'A1', 'xy'], [6, false, 'A2', 'zzzzzzzzzz']]);
    // the same file as a CSV export: the line map, A3 on line 4, the reject on line 3
    const c = await read(put('id,name\nA1,x\nA2,y,z\nA3,w\n'));
    expect(c.rows).toEqual([[2, false, 'A1', 'x'], [4, false, 'A3', 'w']]);
    expect(c.rejects.map((r) => r[0])).toEqual([3]);
    expect(c.left).toEqual([]);
  });
});

describe('readRaw: line breaks inside values that the head did not show', () => {
  // 210 records R1 … R210; R205's b holds a line break (past the 200 lines the sniffed head parses)
  const records = (k: number, first = false) => `R${k},${first && k === 1 ? '"p\nq"' : `a${k}`},${k === 205 ? '"x\ny"' : `b${k}`}`;
  const file = (first: boolean, blankAfter?: number) =>
    ['id,a,b', ...Array.from({ length: 210 }, (_, i) => records(i + 1, first) + (i + 1 === blankAfter ? '\n' : ''))].join('\n') + '\n';
  const lineOf = (rows: unknown[][], id: string) => rows.find((r) => r[2] === id)?.[0];

  it('counted in the other columns when the file has more lines than the records', async () => {
    // no break in the head: R204 line 1 + 204 = 205, R205 line 206 (to 207), R206 line 208, R210 line 212
    const { rows } = await read(put(file(false)));
    expect(['R1', 'R204', 'R205', 'R206', 'R210'].map((id) => lineOf(rows, id))).toEqual([2, 205, 206, 208, 212]);
    expect(rows.find((r) => r[2] === 'R205')![4]).toBe('x\ny');
  });

  it('added to those the read counted in a column of the head', async () => {
    // R1's a spans lines 2-3: R2 line 4, R204 line 206, R205 line 207 (to 208), R206 line 209, R210 line 213
    const { rows } = await read(put(file(true)));
    expect(['R1', 'R2', 'R204', 'R205', 'R206', 'R210'].map((id) => lineOf(rows, id))).toEqual([2, 4, 206, 207, 209, 213]);
  });

  it('with a blank line too: the line map', async () => {
    // a blank line after R100 (line 101): R101 line 103, R205 line 207 (to 208), R206 line 209, R210 line 213
    const { raw, rows } = await read(put(file(false, 100)));
    expect(raw.total).toBe(210);
    expect(['R100', 'R101', 'R205', 'R206', 'R210'].map((id) => lineOf(rows, id))).toEqual([101, 103, 207, 209, 213]);
  });
});

describe('readRaw: NUL characters', () => {
  it('removed from the cells, the line breaks of the head still counted', async () => {
    // R1 lines 2-3 (a line break in a), its b 'x<NUL>y'; R2 line 4
    const { rows } = await read(put('id,a,b\nR1,"p\nq",x\u0000y\nR2,s,t\n'));
    expect(rows).toEqual([[2, false, 'R1', 'p\nq', 'xy'], [4, false, 'R2', 's', 't']]);
  });
});

describe('readRaw: encodings it transcodes or reads as they are', () => {
  const text = 'id;stadt\n1;Zürich\n2;€ 5\n';
  it('UTF-16 LE and BE with a BOM, Windows-1252, latin-1', async () => {
    const expected = [[2, false, '1', 'Zürich'], [3, false, '2', '€ 5']];
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await read(put(le))).rows).toEqual(expected);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    expect((await read(put(be))).rows).toEqual(expected);
    // Windows-1252: ü = 0xFC, € = 0x80 (a byte in 0x80–0x9F: the sniff says Windows-1252)
    const w = Buffer.from([...Buffer.from('id;stadt\n1;Z'), 0xfc, ...Buffer.from('rich\n2;'), 0x80, ...Buffer.from(' 5\n')]);
    const win = await read(put(w));
    expect(win.head.encoding).toBe('windows-1252');
    expect(win.rows).toEqual(expected);
    // latin-1 (no byte in 0x80–0x9F): DuckDB reads it itself
    const l1 = await read(put(Buffer.from('id;stadt\n1;Zürich\n2;5 ¤\n', 'latin1')));
    expect(l1.head.encoding).toBe('latin-1');
    expect(l1.rows).toEqual([[2, false, '1', 'Zürich'], [3, false, '2', '5 ¤']]);
  });
});

describe('readRaw: UTF-8 with a broken byte', () => {
  it('multi-byte text or a BOM in the head: the damaged record rejected, the others read as UTF-8', async () => {
    // 'é' = C3 A9 (twice) and a lone E9 on line 3: more well-formed sequences than broken ones → UTF-8
    const multi = Buffer.concat([Buffer.from('id;name\n1;Café\n2;Caf'), Buffer.from([0xe9]), Buffer.from('\n3;Thé\n')]);
    const m = await read(put(multi));
    expect(m.head).toMatchObject({ encoding: 'utf-8', utf8Multibyte: true });
    expect(m.rows).toEqual([[2, false, '1', 'Café'], [4, false, '3', 'Thé']]);
    expect(m.rejects.map((r) => r[0])).toEqual([3]);
    // a UTF-8 BOM and the same lone E9
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id;name\n1;Cafe\n2;Caf'), Buffer.from([0xe9]), Buffer.from('\n3;The\n')]);
    const b = await read(put(bom));
    expect(b.head).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(b.rows).toEqual([[2, false, '1', 'Cafe'], [4, false, '3', 'The']]);
    expect(b.rejects.map((r) => r[0])).toEqual([3]);
  });

  it('plain ASCII for the first megabyte, then well-formed UTF-8: read as UTF-8', async () => {
    // R1's a is 1,100,000 'a' (the head sees ASCII only); R2's 'Café' is C3 A9: nothing for the reader to reject
    const { head, rows } = await read(put(`id,a\nR1,${'a'.repeat(1_100_000)}\nR2,Café\n`));
    expect(head.utf8Multibyte).toBeUndefined();
    expect(rows.map((r) => [r[0], r[2], (r[3] as string).length > 9 ? (r[3] as string).length : r[3]])).toEqual([[2, 'R1', 1_100_000], [3, 'R2', 'Café']]);
  });
});

describe('readRaw: a CRLF line in an LF file, read again from an LF copy', () => {
  it('a CRLF cut by the 64 KiB read chunk, and a lone CR at the next chunk edge, kept', async () => {
    // bytes 0-7 'id,text\n'; R1's line 'R1,' + 65,519 'a' + LF ends at byte 8 + 3 + 65,519 = 65,530; 'R2,b' at
    // 65,531-65,534; CR at 65,535 (the first chunk's last byte) and LF at 65,536 (the second's first)
    const r1 = `R1,${'a'.repeat(65_519)}\n`;
    const head = `id,text\n${r1}R2,b\r\n`;
    expect(Buffer.byteLength(head)).toBe(65_537);
    // R3 quoted: '"' + 'c' × (131,071 − 65,537 − 4) + CR at 131,071 (the second chunk's last byte) + 'd"' + LF;
    // '"c…' starts at 65,537 + 3 = 65,540, so 'c' × 65,530 fills 65,541-131,070
    const r3 = `R3,"${'c'.repeat(65_530)}\rd"\n`;
    expect(Buffer.byteLength(head + r3.slice(0, r3.indexOf('\r')))).toBe(131_071);
    const { rows, rejects } = await read(put(head + r3 + 'R4,e\n'));
    expect(rejects).toEqual([]);
    expect(rows.map((r) => [r[0], r[2], (r[3] as string).length > 9 ? (r[3] as string).length : r[3]])).toEqual([
      [2, 'R1', 65_519],
      [3, 'R2', 'b'],
      [4, 'R3', 65_532],
      [5, 'R4', 'e'],
    ]);
    expect((rows[2]![3] as string).slice(-3)).toBe('c\rd');
  });

  it('gzipped, latin-1, and Windows-1252', async () => {
    // line 2 R1; line 3 R2 ends with CRLF; line 4 R3
    const lines = 'id,stadt\nR1,Zürich\nR2,Köln\r\nR3,Genève\n';
    const expected = [[2, false, 'R1', 'Zürich'], [3, false, 'R2', 'Köln'], [4, false, 'R3', 'Genève']];
    expect((await read(put(lines, 'csv.gz'))).rows).toEqual(expected);
    const l1 = await read(put(Buffer.from(lines, 'latin1')));
    expect(l1.head.encoding).toBe('latin-1');
    expect(l1.rows).toEqual(expected);
    // 0x80 (€) in R3: Windows-1252, transcoded first, then the LF copy of the transcoded file
    const w = await read(put(Buffer.from(lines.replace('Genève', 'Genève \u20ac').replace('\u20ac', '\u0080'), 'latin1')));
    expect(w.head.encoding).toBe('windows-1252');
    expect(w.rows).toEqual([...expected.slice(0, 2), [4, false, 'R3', 'Genève €']]);
    const wgz = await read(put(Buffer.from(lines.replace('Genève', 'Genève \u0080'), 'latin1'), 'csv.gz'));
    expect(wgz.rows).toEqual([...expected.slice(0, 2), [4, false, 'R3', 'Genève €']]);
  });
});

describe('readRaw: a wide file', () => {
  it('turns DuckDB\'s common-subexpression pass off over 512 columns, and back on when dropped or refused', async () => {
    // 513 columns c0 … c512, two records
    const header = Array.from({ length: 513 }, (_, i) => `c${i}`).join(',');
    const row = (r: number) => Array.from({ length: 513 }, (_, i) => `${r}-${i}`).join(',');
    const path = put(`${header}\n${row(1)}\n${row(2)}\n`);
    const setting = async (store: Store) => (await store.one<{ v: string }>(`SELECT current_setting('disabled_optimizers') AS v`))!.v;
    const store = await Store.open(':memory:', { migrate: false });
    try {
      const raw = await readRaw(store, await sniffFile(path));
      expect(raw.total).toBe(2);
      expect(await setting(store)).toMatch(/common_subexpressions/);
      await raw.drop();
      expect(await setting(store)).toBe('');
      // refused for its rows (2 > 1): back on
      await userRefusal(readRaw(store, await sniffFile(path, { ...DEFAULT_LIMITS, rows: 1 })));
      expect(await setting(store)).toBe('');
      // a file gone before its read: back on
      const gone = put(`${header}\n${row(1)}\n`);
      const head = await sniffFile(gone);
      unlinkSync(gone);
      await userRefusal(readRaw(store, head));
      expect(await setting(store)).toBe('');
    } finally {
      store.close();
    }
  });
});

describe('readRaw: refusals', () => {
  it('more records than the rows limit, leaving no table behind; exactly the limit is read', async () => {
    const path = put('id,a\n1,x\n2,y\n3,z\n4,w\n');
    const head = await sniffFile(path, { ...DEFAULT_LIMITS, rows: 3 });
    const store = await Store.open(':memory:', { migrate: false });
    try {
      expect(await userRefusal(readRaw(store, head))).toBe(`${path}: 4 records, over the rows limit of 3; if the file is genuine, raise it with --limit rows=12`);
      expect(await leftOver(store)).toEqual([]);
    } finally {
      store.close();
    }
    expect((await read(path, { limits: { ...DEFAULT_LIMITS, rows: 4 } })).raw.total).toBe(4);
  });

  it('a file that cannot be read: the dialect and the reader\'s first line', async () => {
    for (const [content, ext, dialect] of [
      ['id\tname\n1\tx\n', 'tsv', 'utf-8 text with tab delimiter'],
      ['id;name\n1;x\n', 'csv', "utf-8 text with ';' delimiter"],
      [Buffer.from('id;name\n1;Zürich\n', 'latin1'), 'csv', "latin-1 text with ';' delimiter"],
    ] as const) {
      const path = put(content, ext);
      const head = await sniffFile(path);
      unlinkSync(path); // gone between the sniff and the read
      const store = await Store.open(':memory:', { migrate: false });
      try {
        const msg = await userRefusal(readRaw(store, head));
        expect(msg.startsWith(`${path}: could not be read as ${dialect}: `)).toBe(true);
        expect(msg).not.toContain('\n');
        expect(msg.length).toBeGreaterThan(`${path}: could not be read as ${dialect}: `.length);
      } finally {
        store.close();
      }
    }
  });
});
