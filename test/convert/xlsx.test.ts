import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertInput, type Converted } from '../../src/ingest/convert/index.js';
import { formatKind, serialToText } from '../../src/ingest/convert/xlsx.js';
import { UserError } from '../../src/errors.js';
import { tempDir, writeFixture } from '../helpers.js';
import { readCsv } from './read-csv.js';
import { workbook, writeXlsx } from './xlsx-builder.js';

const done: Converted[] = [];
afterEach(async () => {
  for (const c of done.splice(0)) await c.cleanup();
});
async function convert(path: string, sheet?: string): Promise<Converted> {
  const c = await convertInput(path, { sheet });
  if (!c) throw new Error('no conversion');
  done.push(c);
  return c;
}

// styles: 0 General, 1 builtin 22 (m/d/yy h:mm), 2 custom yyyy-mm-dd, 3 builtin 14, 4 time (21), 5 [h]:mm:ss, 6 number with a quoted "days"
const XFS = [0, 22, 164, 14, 21, 46, 165];
const NUMFMTS = { 164: 'yyyy\\-mm\\-dd;@', 165: '0.0 "days"' };

describe('xlsx → csv', () => {
  it('reads strings, numbers, booleans, dates, _x000D_ escapes, empty cells and inline strings', async () => {
    const dir = tempDir();
    const strings = ['Number', 'Opened', 'Description', 'Active', 'Count', 'Due', 'INC001', 'line one_x000D_\nline two', 'INC002', 'say "hi", then _x005F_x000D_ stays'];
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>6</v></c><c r="B2" s="1"><v>45352.5</v></c><c r="C2" t="s"><v>7</v></c><c r="D2" t="b"><v>1</v></c><c r="E2"><v>3</v></c><c r="F2" s="2"><v>45353</v></c></row>' +
      // C3 empty (absent), E3 a styled but empty cell, an inline rich string, a formula string
      '<row r="3"><c r="A3" t="s"><v>8</v></c><c r="B3" s="1"><v>45352.999999</v></c><c r="D3" t="b"><v>0</v></c><c r="E3" s="6"/><c r="F3" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve">line &amp; run</t></r></is></c></row>' +
      '<row r="4"><c r="A4" t="str"><f>A2&amp;"x"</f><v>INC001x</v></c><c r="B4" s="3"><v>1</v></c><c r="C4" t="s"><v>9</v></c><c r="E4" s="6"><v>2.5</v></c><c r="F4" t="e"><v>#N/A</v></c></row>';
    const path = writeXlsx(join(dir, 'export.xlsx'), { sheets: [{ name: 'Page 1', rows }], strings, xfs: XFS, numFmts: NUMFMTS });
    const c = await convert(path);
    expect(c).toMatchObject({ format: 'xlsx', sheet: 'Page 1', rows: 3, headerRow: 1 });
    const { header, rows: out } = await readCsv(c.csvPath);
    expect(header).toEqual(['Number', 'Opened', 'Description', 'Active', 'Count', 'Due']);
    expect(out).toEqual([
      { Number: 'INC001', Opened: '2024-03-01 12:00:00', Description: 'line one\r\nline two', Active: 'TRUE', Count: '3', Due: '2024-03-02 00:00:00' },
      { Number: 'INC002', Opened: '2024-03-02 00:00:00', Description: null, Active: 'FALSE', Count: null, Due: 'inline & run' },
      { Number: 'INC001x', Opened: '1900-01-01 00:00:00', Description: 'say "hi", then _x000D_ stays', Active: null, Count: '2.5', Due: '#N/A' },
    ]);
  });

  it('picks the sheet named by --sheet, else the first visible one; an unknown name lists the sheets', async () => {
    const dir = tempDir();
    const row = (a: string, b: string, r: number) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${a}</t></is></c><c r="B${r}" t="inlineStr"><is><t>${b}</t></is></c></row>`;
    const path = writeXlsx(join(dir, 'two.xlsx'), {
      sheets: [
        { name: 'Hidden', rows: row('h1', 'h2', 1) + row('x', 'y', 2), state: 'hidden' },
        { name: 'Summary', rows: row('k', 'v', 1) + row('total', '3', 2) },
        { name: 'Page 1', rows: row('number', 'state', 1) + row('INC1', 'New', 2) + row('INC2', 'Closed', 3) },
      ],
    });
    const first = await convert(path);
    expect(first.sheet).toBe('Summary');
    expect((await readCsv(first.csvPath)).rows).toEqual([{ k: 'total', v: '3' }]);
    const page = await convert(path, 'Page 1');
    expect(page.sheet).toBe('Page 1');
    expect((await readCsv(page.csvPath)).rows).toEqual([
      { number: 'INC1', state: 'New' },
      { number: 'INC2', state: 'Closed' },
    ]);
    expect((await convert(path, 'page 1')).sheet).toBe('Page 1');
    await expect(convertInput(path, { sheet: 'Incidents' })).rejects.toThrow(UserError);
    await expect(convertInput(path, { sheet: 'Incidents' })).rejects.toThrow(/no sheet named 'Incidents'; the workbook has 'Hidden', 'Summary', 'Page 1'/);
  });

  it('finds the header below blank rows, keeps row positions, widens for values beyond the header', async () => {
    const dir = tempDir();
    const cell = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
    const rows =
      '<row r="1"/>' +
      `<row r="3">${cell('B3', 'id')}${cell('C3', 'name')}</row>` +
      `<row r="4">${cell('B4', '1')}${cell('C4', 'a')}</row>` +
      `<row r="6">${cell('B6', '2')}${cell('D6', 'stray')}</row>`;
    const c = await convert(writeXlsx(join(dir, 'gaps.xlsx'), { sheets: [{ name: 'S', rows }], store: true }));
    expect(c.headerRow).toBe(3);
    expect(c.rows).toBe(3);
    const { header, rows: out } = await readCsv(c.csvPath);
    expect(header).toEqual(['id', 'name', '']);
    expect(out.map((r) => Object.values(r))).toEqual([
      ['1', 'a', null],
      [null, null, null], // sheet row 5 is absent: an empty record keeps record k = sheet row 3 + k
      ['2', null, 'stray'],
    ]);
  });

  it('reads cells without r attributes and prefixed (x:) element names', async () => {
    const dir = tempDir();
    const rows = '<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row><x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row>';
    const path = writeXlsx(join(dir, 'prefixed.xlsx'), { sheets: [{ name: 'S', rows }] });
    const c = await convert(path);
    expect((await readCsv(c.csvPath)).rows).toEqual([{ a: '1', b: '2' }]);
  });

  it('reads parts in UTF-16 (either byte order) and UTF-8 with a byte-order mark', async () => {
    const dir = tempDir();
    const strings = ['id', 'text', 'café € 😀', 'tab\tand\nnewline'];
    const rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>2</v></c></row><row r="3"><c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t>Zoë &amp; Ana</t></is></c></row>' +
      '<row r="4"><c r="A4"><v>3</v></c><c r="B4" t="s"><v>3</v></c></row>';
    const expected = [{ id: '1', text: 'café € 😀' }, { id: '2', text: 'Zoë & Ana' }, { id: '3', text: 'tab\tand\nnewline' }];
    for (const [sst, sheet] of [['utf-16le', 'utf-8-bom'], ['utf-16be', 'utf-16le'], ['utf-8-bom', 'utf-16be']] as const) {
      const path = writeXlsx(join(dir, `${sst}-${sheet}.xlsx`), {
        sheets: [{ name: 'S', rows }], strings, encodings: { 'xl/sharedStrings.xml': sst, 'xl/worksheets/sheet1.xml': sheet, 'xl/workbook.xml': sheet },
      });
      const c = await convert(path);
      expect((await readCsv(c.csvPath)).rows, `${sst} strings, ${sheet} sheet`).toEqual(expected);
    }
  });

  it('uses the 1904 date system when the workbook says so', async () => {
    const dir = tempDir();
    const rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c><c r="B1" t="inlineStr"><is><t>n</t></is></c></row><row r="2"><c r="A2" s="1"><v>0</v></c><c r="B2"><v>0</v></c></row>';
    const c = await convert(writeXlsx(join(dir, 'mac.xlsx'), { sheets: [{ name: 'S', rows }], xfs: [0, 22], date1904: true }));
    expect((await readCsv(c.csvPath)).rows).toEqual([{ d: '1904-01-01 00:00:00', n: '0' }]);
  });

  it('classifies number formats and converts serials like Excel', () => {
    expect(formatKind('yyyy-mm-dd hh:mm:ss')).toBe('datetime');
    expect(formatKind('dd/mm/yyyy')).toBe('date');
    expect(formatKind('[$-409]mmm d, yyyy;@')).toBe('date');
    expect(formatKind('h:mm AM/PM')).toBe('time');
    expect(formatKind('[h]:mm:ss')).toBe('elapsed');
    expect(formatKind('0.0 "days"')).toBeUndefined();
    expect(formatKind('[Red]#,##0.00;[Blue]-#,##0.00')).toBeUndefined();
    expect(formatKind('0.00E+00')).toBeUndefined();
    expect(formatKind('General')).toBeUndefined();
    expect(formatKind('\\d0')).toBeUndefined();
    expect(serialToText('59', 'date', false)).toBe('1900-02-28 00:00:00');
    expect(serialToText('60', 'date', false)).toBe('1900-02-29 00:00:00'); // Lotus's phantom day
    expect(serialToText('61', 'date', false)).toBe('1900-03-01 00:00:00');
    expect(serialToText('45352.75', 'datetime', false)).toBe('2024-03-01 18:00:00');
    expect(serialToText('0.5', 'time', false)).toBe('12:00:00');
    expect(serialToText('1.5', 'elapsed', false)).toBe('36:00:00');
    expect(serialToText('1462', 'date', true)).toBe('1908-01-02 00:00:00');
  });

  it('refuses malformed workbooks with one line naming the file', async () => {
    const dir = tempDir();
    const good = workbook({ sheets: [{ name: 'S', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>' }] });
    const cut = writeFixture(dir, 'cut.xlsx', good.subarray(0, Math.floor(good.length * 0.6)));
    await expect(convertInput(cut)).rejects.toThrow(/cut\.xlsx: cannot read as an xlsx workbook: the zip directory is missing \(truncated file\?\)/);
    const text = writeFixture(dir, 'text.xlsx', 'number,state\nINC1,New\n');
    await expect(convertInput(text)).rejects.toThrow(/text\.xlsx: not an xlsx workbook \(not a zip file\)/);
    const xls = writeFixture(dir, 'old.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await expect(convertInput(xls)).rejects.toThrow(/Excel 97-2003/);
    const broken = writeXlsx(join(dir, 'broken.xlsx'), { sheets: [{ name: 'S', rows: '<row r="1"><c r="A1"><v>1</v></row>' }] });
    await expect(convertInput(broken)).rejects.toThrow(/broken\.xlsx \(sheet 'S'\): malformed workbook XML: an end tag does not match <c> \(line 2, column \d+\)/);
    const notBook = writeFixture(dir, 'other.xlsx', (await import('./xlsx-builder.js')).zip([{ name: 'readme.txt', data: 'hi' }]));
    await expect(convertInput(notBook)).rejects.toThrow(/other\.xlsx: cannot read as an xlsx workbook: no xl\/workbook\.xml/);
    // a corrupted deflate stream
    const bad = Buffer.from(good);
    const at = bad.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length;
    bad.fill(0xff, at, at + 20);
    const corrupt = writeFixture(dir, 'corrupt.xlsx', bad);
    await expect(convertInput(corrupt)).rejects.toThrow(/corrupt\.xlsx \(sheet 'S'\): corrupt or truncated xlsx/);
    for (const p of [cut, text, xls, broken, notBook, corrupt]) {
      const e = await convertInput(p).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect(String((e as Error).message)).not.toMatch(/\n/);
    }
  });

  it('reads an xlsx saved under a .csv name, and returns null for real CSV', async () => {
    const dir = tempDir();
    const rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>';
    const path = join(dir, 'export.csv');
    writeFileSync(path, workbook({ sheets: [{ name: 'S', rows }] }));
    expect((await convert(path)).format).toBe('xlsx');
    expect(await convertInput(writeFixture(dir, 'plain.csv', 'a,b\n1,2\n'))).toBeNull();
    expect(await convertInput(writeFixture(dir, 'plain.csv.gz', 'a,b\n1,2\n'))).toBeNull();
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });
});
