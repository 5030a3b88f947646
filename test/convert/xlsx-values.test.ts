/**
 * xlsx.ts edges (issue 19.4): serials at the edges of their kinds, the sheet choice's refusals, and the limits a
 * workbook is refused at (rows, columns, a cell or shared string past --limit line, Excel's own last row and
 * column). Expected text written out by hand (Excel serial 1 = 1900-01-01; 0.25 day = 6 h).
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { convertInput, type Converted } from '../../src/ingest/convert/index.js';
import { pickSheet, serialToText, type Workbook } from '../../src/ingest/convert/xlsx.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/ingest/limits.js';
import { tempDir, userRefusal } from '../helpers.js';
import { writeXlsx } from './xlsx-builder.js';

const done: Converted[] = [];
afterEach(async () => {
  for (const c of done.splice(0)) await c.cleanup();
});
const cell = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
const row = (r: number, ...cells: [string, string][]) => `<row r="${r}">${cells.map(([c, v]) => cell(`${c}${r}`, v)).join('')}</row>`;

async function csvOf(rows: string, opts: { strings?: string[]; limits?: Limits } = {}): Promise<string> {
  const path = writeXlsx(join(tempDir(), 'w.xlsx'), { sheets: [{ name: 'S', rows }], strings: opts.strings });
  const c = await convertInput(path, { limits: opts.limits });
  done.push(c!);
  return readFileSync(c!.csvPath, 'utf8');
}

async function refusal(rows: string, limits: Limits = DEFAULT_LIMITS, strings?: string[]): Promise<string> {
  const path = writeXlsx(join(tempDir(), 'w.xlsx'), { sheets: [{ name: 'S', rows }], strings });
  return (await userRefusal(convertInput(path, { limits }))).replace(path, 'PATH');
}

describe('Excel serials', () => {
  it('convert at the edges of each kind', () => {
    expect(serialToText('1', 'date', false)).toBe('1900-01-01 00:00:00');
    expect(serialToText('1.25', 'datetime', false)).toBe('1900-01-01 06:00:00');
    expect(serialToText('60.5', 'datetime', false)).toBe('1900-02-29 12:00:00');
    expect(serialToText('0', 'date', true)).toBe('1904-01-01 00:00:00');
    expect(serialToText('0.0000115741', 'time', false)).toBe('00:00:01'); // 1 s = 1/86,400 day
    expect(serialToText('0.999988426', 'time', false)).toBe('23:59:59'); // 86,398.99999 s rounds to 86,399
    expect(serialToText('0.999994213', 'time', false)).toBe('1900-01-01 00:00:00'); // 86,399.5 s rounds to a whole day
    expect(serialToText('1.5', 'time', false)).toBe('1900-01-01 12:00:00'); // a time with days is a date and time
    expect(serialToText('-0.5', 'elapsed', false)).toBe('-12:00:00');
    expect(serialToText('0.0423611', 'elapsed', false)).toBe('1:01:00'); // 3,660 s
    expect(serialToText('-1', 'date', false)).toBe('-1');
    expect(serialToText('abc', 'date', false)).toBe('abc');
    expect(serialToText('Infinity', 'elapsed', false)).toBe('Infinity');
  });
});

describe('sheet choice', () => {
  const wb = (sheets: { name: string; state: string }[]) => ({ sheets: sheets.map((s, i) => ({ ...s, part: `xl/worksheets/sheet${i + 1}.xml` })) }) as unknown as Workbook;

  it('picks the exact name before a loose one, else the first visible sheet, else the first', () => {
    const two = wb([{ name: 'page 1', state: 'visible' }, { name: 'Page 1', state: 'visible' }]);
    expect(pickSheet('p', two, 'Page 1').name).toBe('Page 1');
    expect(pickSheet('p', two, ' PAGE 1 ').name).toBe('page 1');
    expect(pickSheet('p', wb([{ name: 'H', state: 'hidden' }, { name: 'V', state: 'visible' }])).name).toBe('V');
    expect(pickSheet('p', wb([{ name: 'H', state: 'hidden' }, { name: 'V', state: 'veryHidden' }])).name).toBe('H');
    expect(() => pickSheet('p.xlsx', wb([]))).toThrow('p.xlsx: the workbook has no sheets');
    expect(() => pickSheet('p.xlsx', two, 'x')).toThrow("p.xlsx: no sheet named 'x'; the workbook has 'page 1', 'Page 1'");
  });

  it('refuses a sheet without any cell', async () => {
    expect(await refusal('<row r="1"/><row r="2"/>')).toBe("PATH: sheet 'S' is empty");
  });
});

describe('xlsx limits', () => {
  it('refuse a row past --limit rows (the header row aside) and past Excel last row', async () => {
    // (the header is the first row with two values or more)
    const r = (n: number, a: string) => row(n, ['A', a], ['B', a]);
    const three = r(1, 'h') + r(2, 'a') + r(3, 'b') + r(4, 'c');
    expect(await refusal(three, { ...DEFAULT_LIMITS, rows: 2 })).toBe(
      "PATH (sheet 'S'): row 4, over the rows limit of 2; if the file is genuine, raise it with --limit rows=8",
    );
    expect(await csvOf(three, { limits: { ...DEFAULT_LIMITS, rows: 3 } })).toBe('h,h\na,a\nb,b\nc,c\n');
    expect(await refusal(r(1, 'h') + r(1_048_577, 'x'))).toBe(
      "PATH (sheet 'S'): row 1,048,577 is past Excel's last row 1,048,576: a corrupt or hand-made workbook",
    );
  });

  it('refuse a column past --limit columns and past XFD', async () => {
    expect(await refusal(row(1, ['A', 'a'], ['B', 'b'], ['C', 'c']), { ...DEFAULT_LIMITS, columns: 2 })).toBe(
      "PATH (sheet 'S'): cell C1 is in column 3, over the columns limit of 2; if the file is genuine, raise it with --limit columns=8",
    );
    expect(await csvOf(row(1, ['A', 'a'], ['B', 'b']), { limits: { ...DEFAULT_LIMITS, columns: 2 } })).toBe('a,b\n');
    // XFD is column 16,384; XFE 16,385
    expect(await refusal(row(1, ['A', 'a'], ['B', 'b']) + row(2, ['A', 'a'], ['XFE', 'x']))).toBe(
      "PATH (sheet 'S'): cell XFE2 is past Excel's last column XFD (16,384): a corrupt or hand-made workbook",
    );
    // a value in AB (column 28) beyond the header's A:B widens every record to 28 fields
    expect(await csvOf(row(1, ['A', 'a'], ['B', 'b']) + row(2, ['A', '1'], ['AB', 'z']))).toBe(`a,b${','.repeat(26)}\n1${','.repeat(27)}z\n`);
  });

  it('refuse a cell or a shared string longer than --limit line', async () => {
    const limits = { ...DEFAULT_LIMITS, line: 10 };
    expect(await refusal(row(1, ['A', 'h'], ['B', 'i']) + row(2, ['A', 'x'.repeat(11)]), limits)).toBe(
      "PATH (sheet 'S'): a cell of more than 10 characters in row 2, over the line limit of 10; if the file is genuine, raise it with --limit line=1MB",
    );
    expect(await csvOf(row(1, ['A', 'h'], ['B', 'i']) + row(2, ['A', 'x'.repeat(10)]), { limits })).toBe('h,i\nxxxxxxxxxx,\n');
    const sst = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c></row>';
    expect(await refusal(sst, limits, ['y'.repeat(11)])).toBe(
      "PATH (sheet 'S'): a shared string of more than 10 characters, over the line limit of 10; if the file is genuine, raise it with --limit line=1MB",
    );
  });
});
