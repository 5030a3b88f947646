/**
 * xlsx → CSV. Reads the zip with yauzl (zip.ts, with our bomb guards) and the XML parts with saxes, a streaming
 * parser (xml.ts): the sheet is inflated, decoded and parsed chunk by chunk, and rows are written
 * as they close, so a 100 MB sheet is never one string. Shared strings are held in memory (an array),
 * as every reader must: cells refer to them by index.
 *
 * Cell values as text:
 * - shared and inline strings (rich-text runs joined, phonetic runs dropped), formula strings: the text,
 *   with OOXML escapes `_xHHHH_` decoded (`_x000D_` → `\r`; `_x005F_` → `_`, so `_x005F_x000D_` stays literal);
 * - booleans: `TRUE` / `FALSE`; errors: their code (`#N/A`);
 * - numbers: the stored text (`3`, `0.25`, `1E-3`), unless the cell's number format is a date/time one
 *   (built-in ids 14–22, 27–36, 45, 47, 50–58; a custom format with d/m/y/h/s outside quotes and brackets):
 *   then the Excel serial (1900 system with Lotus's phantom 1900-02-29, or `date1904`) becomes
 *   `YYYY-MM-DD HH:MM:SS` (rounded to the second), a pure time format with a value below 1 becomes
 *   `HH:MM:SS`, and an elapsed-time format (`[h]:mm:ss`, id 46) becomes `H:MM:SS` with total hours;
 * - empty cells: empty fields. Merged cells: OOXML stores the value in the top-left cell only, and so do we
 *   (the other cells of the range stay empty; we do not fill them).
 *
 * The header is the first row with two values or more (a single value above it is a report title); its columns (from its first to its last non-empty cell) set
 * the width. Rows after it keep their position: a missing row becomes an empty record, so CSV record k
 * is sheet row `headerRow + k` (the CSV line numbers the ingest reports map back to Excel rows). A value
 * left of or beyond the header's columns widens the table (named `column N` by the ingest).
 */
import { rm, rename } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { UserError } from '../../errors.js';
import { CsvWriter, csvField, csvLine } from './csv.js';
import { padCsv } from './duck.js';
import { XmlReader, XmlError, XmlLimitError, type XmlBounds, type XmlHandler } from './xml.js';
import { DEFAULT_LIMITS, EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS, LimitError, MAX_SHARED_STRINGS, maxExpansion, overLimit, type Limits } from '../limits.js';
import { ZipFile, ZipDataError, ZipError, xmlDecoder, type ZipEntry } from './zip.js';

/** A workbook Excel cannot have written (past its sheet size, more strings than held in memory). */
class SheetError extends Error {}

export interface SheetInfo {
  name: string;
  /** zip entry path of the worksheet part */
  part: string;
  state: 'visible' | 'hidden' | 'veryHidden';
}

export interface XlsxResult {
  csvPath: string;
  sheet: string;
  /** sheet row of the header (CSV record k is sheet row headerRow + k) */
  headerRow: number;
  rows: number;
  columns: number;
}

type DateKind = 'date' | 'time' | 'datetime' | 'elapsed';

/** Parses a whole (small) XML part with a handler. */
async function parsePart(zip: ZipFile, entry: ZipEntry, h: XmlHandler, limits: Limits): Promise<void> {
  const tok = new XmlReader(h, xmlBounds(limits));
  let decoder: TextDecoder | undefined;
  for await (const chunk of await zip.stream(entry)) {
    const b = chunk as Buffer;
    decoder ??= xmlDecoder(b);
    tok.write(decoder.decode(b, { stream: true }));
  }
  if (decoder) tok.write(decoder.decode());
  tok.end();
}

export function xmlBounds(limits: Limits): XmlBounds {
  return { token: limits.line, depth: limits.depth };
}

function handler(open: XmlHandler['open'], close: XmlHandler['close'] = () => {}, text: XmlHandler['text'] = () => {}): XmlHandler {
  return { open, close, text, wantText: false };
}

// ---- workbook ---------------------------------------------------------------------------------------

export interface Workbook {
  zip: ZipFile;
  sheets: SheetInfo[];
  date1904: boolean;
  limits: Limits;
}

/** The workbook's sheets and settings; the caller closes `zip` when done. */
export async function openWorkbook(path: string, limits: Limits = DEFAULT_LIMITS): Promise<Workbook> {
  const zip = await ZipFile.open(path, (e) => maxExpansion(e.compressedSize, limits));
  try {
    return await readWorkbook(zip, limits);
  } catch (e) {
    zip.close();
    throw e;
  }
}

async function readWorkbook(zip: ZipFile, limits: Limits): Promise<Workbook> {
  const wbEntry = zip.entry('xl/workbook.xml') ?? findMainPart(zip);
  if (!wbEntry) throw new ZipError('no xl/workbook.xml: a zip file, but not an Excel workbook');
  const wbDir = posix.dirname(wbEntry.name);
  const raw: { name: string; rid: string; state: string }[] = [];
  let date1904 = false;
  await parsePart(
    zip,
    wbEntry,
    handler((name, a) => {
      if (name === 'sheet') {
        const rid = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1] ?? '';
        raw.push({ name: a.name ?? '', rid, state: a.state ?? 'visible' });
      } else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    }),
    limits,
  );
  const rels = new Map<string, string>();
  const relsEntry = zip.entry(posix.join(wbDir, '_rels', posix.basename(wbEntry.name) + '.rels'));
  if (relsEntry) {
    await parsePart(
      zip,
      relsEntry,
      handler((name, a) => {
        if (name === 'Relationship' && a.Id && a.Target) rels.set(a.Id, a.Target);
      }),
      limits,
    );
  }
  const sheets: SheetInfo[] = raw.map((s, i) => {
    const target = rels.get(s.rid);
    const part = target
      ? target.startsWith('/')
        ? target.slice(1)
        : posix.normalize(posix.join(wbDir, target))
      : posix.join(wbDir, `worksheets/sheet${i + 1}.xml`);
    return { name: s.name, part, state: s.state as SheetInfo['state'] };
  });
  return { zip, sheets, date1904, limits };
}

function findMainPart(zip: ZipFile): ZipEntry | undefined {
  const name = zip.names().find((n) => /(^|\/)workbook\.xml$/i.test(n));
  return name ? zip.entry(name) : undefined;
}

// ---- styles: which cell styles are date formats -------------------------------------------------------

const BUILTIN_KIND: Record<number, DateKind> = {};
for (const id of [14, 15, 16, 17, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]) BUILTIN_KIND[id] = 'date';
for (const id of [18, 19, 20, 21, 32, 33, 45, 47, 55, 56]) BUILTIN_KIND[id] = 'time';
BUILTIN_KIND[22] = 'datetime';
BUILTIN_KIND[46] = 'elapsed';

/** Classifies a number format code: a date/time format, an elapsed-time one, or not a date (undefined). */
export function formatKind(code: string): DateKind | undefined {
  // Only the first section (positive numbers) matters; strip literals, escapes, padding and fill.
  const section = code.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)[0] ?? '';
  let s = section.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/[_*]./g, '');
  const elapsed = /\[(h+|m+|s+)\]/i.test(s);
  s = s.replace(/\[[^\]]*\]/g, '');
  if (/^general$/i.test(s.trim())) return undefined;
  if (elapsed) return 'elapsed';
  const hasTime = /[hs]/i.test(s);
  const hasDate = /[dy]/i.test(s) || (/m/i.test(s.replace(/am\/pm|a\/p/gi, '')) && !hasTime);
  if (hasDate && hasTime) return 'datetime';
  if (hasDate) return 'date';
  if (hasTime) return 'time';
  return undefined;
}

async function readStyles(wb: Workbook): Promise<(DateKind | undefined)[]> {
  const entry = wb.zip.entry('xl/styles.xml');
  if (!entry) return [];
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let inCellXfs = false;
  await parsePart(
    wb.zip,
    entry,
    handler(
      (name, a) => {
        if (name === 'numFmt' && a.numFmtId !== undefined) custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) xfIds.push(Number(a.numFmtId ?? 0));
      },
      (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
    ),
    wb.limits,
  );
  return xfIds.map((id) => (custom.has(id) ? formatKind(custom.get(id)!) : BUILTIN_KIND[id]));
}

// ---- shared strings -----------------------------------------------------------------------------------

const X_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
/** Decodes OOXML's `_xHHHH_` escapes (ECMA-376 ST_Xstring). */
export function decodeXEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(X_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

async function readSharedStrings(wb: Workbook): Promise<string[]> {
  const rel = wb.zip.entry('xl/sharedStrings.xml');
  if (!rel) return [];
  const out: string[] = [];
  let parts: string[] = [];
  let phonetic = 0;
  const h: XmlHandler = {
    wantText: false,
    open(name) {
      if (name === 'si') (parts = []), (size = 0);
      else if (name === 't' && phonetic === 0) h.wantText = true;
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 't') h.wantText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        // V8 aborts the whole process (not an exception) on an array near 134M elements
        if (out.length >= MAX_SHARED_STRINGS) {
          throw new SheetError(`more than ${MAX_SHARED_STRINGS.toLocaleString('en-US')} shared strings, more than this reader holds in memory; save the sheet as CSV UTF-8 and ingest that`);
        }
        out.push(decodeXEscapes(parts.length === 1 ? parts[0]! : parts.join('')));
      }
    },
    text(t) {
      parts.push(t);
      size += t.length;
      if (size > wb.limits.line) throw new LimitError('line', `a shared string of more than ${wb.limits.line.toLocaleString('en-US')} characters`);
    },
  };
  let size = 0;
  await parsePart(wb.zip, rel, h, wb.limits);
  return out;
}

// ---- dates ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30); // serial 61 = 1900-03-01 counts from here
const EPOCH_1900_EARLY = Date.UTC(1899, 11, 31); // serials 1–59 (before Lotus's phantom 1900-02-29)
const EPOCH_1904 = Date.UTC(1904, 0, 1);

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** Excel serial → `YYYY-MM-DD HH:MM:SS` (or `HH:MM:SS` / `H:MM:SS` for time and elapsed formats). */
export function serialToText(raw: string, kind: DateKind, date1904: boolean): string {
  const v = Number(raw);
  if (!Number.isFinite(v)) return raw;
  const total = Math.round(v * 86400);
  if (kind === 'elapsed') {
    const sign = total < 0 ? '-' : '';
    const t = Math.abs(total);
    return `${sign}${Math.floor(t / 3600)}:${pad2(Math.floor(t / 60) % 60)}:${pad2(t % 60)}`;
  }
  if (v < 0) return raw;
  const days = Math.floor(total / 86400);
  const secs = total - days * 86400;
  const time = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`;
  if (kind === 'time' && days === 0) return time;
  let date: string;
  if (date1904) date = new Date(EPOCH_1904 + days * DAY_MS).toISOString().slice(0, 10);
  else if (days === 60) date = '1900-02-29'; // Lotus 1-2-3's leap-year bug, kept by Excel: the day does not exist
  else date = new Date((days < 60 ? EPOCH_1900_EARLY : EPOCH_1900) + days * DAY_MS).toISOString().slice(0, 10);
  return `${date} ${time}`;
}

// ---- the sheet ----------------------------------------------------------------------------------------

/** `AB12` → 28 (1-based column), 0 when the reference has no letters. */
function colOf(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const k = ref.charCodeAt(i);
    if (k >= 65 && k <= 90) c = c * 26 + (k - 64);
    else if (k >= 97 && k <= 122) c = c * 26 + (k - 96);
    else break;
    if (c > EXCEL_MAX_COLUMNS) return Infinity; // past XFD: refused by the caller, whatever the letters
  }
  return c;
}

function rowOf(ref: string): number {
  const m = /\d+$/.exec(ref);
  return m ? Number(m[0]) : 0;
}

export function pickSheet(path: string, wb: Workbook, wanted?: string): SheetInfo {
  if (wb.sheets.length === 0) throw new UserError(`${path}: the workbook has no sheets`);
  const list = wb.sheets.map((s) => `'${s.name}'`).join(', ');
  if (wanted !== undefined) {
    const exact = wb.sheets.find((s) => s.name === wanted);
    const loose = exact ?? wb.sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!loose) throw new UserError(`${path}: no sheet named '${wanted}'; the workbook has ${list}`);
    return loose;
  }
  return wb.sheets.find((s) => s.state === 'visible') ?? wb.sheets[0]!;
}

export async function convertXlsx(path: string, outDir: string, opts: { sheet?: string; limits?: Limits }): Promise<XlsxResult> {
  let wb: Workbook;
  try {
    wb = await openWorkbook(path, opts.limits);
  } catch (e) {
    throw asUserError(path, e, opts.limits ?? DEFAULT_LIMITS);
  }
  const csvPath = join(outDir, 'sheet.csv');
  let sheet: SheetInfo | undefined;
  try {
    sheet = pickSheet(path, wb, opts.sheet);
    const entry = wb.zip.entry(sheet.part);
    if (!entry) throw new ZipError(`sheet '${sheet.name}' points to ${sheet.part}, which the file does not hold`);
    const [kinds, sst] = await Promise.all([readStyles(wb), readSharedStrings(wb)]);
    const r = await writeSheet(wb, entry, kinds, sst, csvPath);
    if (r.headerRow === 0) throw new UserError(`${path}: sheet '${sheet.name}' is empty`);
    return { csvPath, sheet: sheet.name, ...r };
  } catch (e) {
    throw asUserError(path, e, wb.limits, sheet?.name);
  } finally {
    wb.zip.close();
  }
}

function asUserError(path: string, e: unknown, limits: Limits, sheet?: string): Error {
  if (e instanceof UserError) return e;
  const where = sheet ? ` (sheet '${sheet}')` : '';
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof SheetError) return new UserError(`${path}${where}: ${msg}`);
  if (e instanceof LimitError) return overLimit(`${path}${where}`, e.limit, limits, e.what);
  if (e instanceof XmlLimitError) return overLimit(`${path}${where}`, e.bound === 'depth' ? 'depth' : 'line', limits, msg);
  if (e instanceof ZipError) return new UserError(`${path}: cannot read as an xlsx workbook: ${msg}`);
  if (e instanceof XmlError) return new UserError(`${path}${where}: malformed workbook XML: ${msg}`);
  const code = (e as { code?: string }).code;
  if (e instanceof ZipDataError || (code && /^Z_/.test(code))) return new UserError(`${path}${where}: corrupt or truncated xlsx (${msg})`);
  if (code === 'ENOENT' || code === 'EACCES') return new UserError(`${path}: ${msg}`);
  return e instanceof Error ? e : new Error(msg);
}

async function writeSheet(
  wb: Workbook,
  entry: ZipEntry,
  kinds: (DateKind | undefined)[],
  sst: string[],
  csvPath: string,
): Promise<{ headerRow: number; rows: number; columns: number }> {
  const date1904 = wb.date1904;
  const limits = wb.limits;
  const w = new CsvWriter(csvPath, maxExpansion(wb.zip.size, limits));
  // Excel's own bounds first (a row or column past them is no Excel file), then the limits.
  const maxRow = Math.min(EXCEL_MAX_ROWS, limits.rows + 1);
  const maxCol = Math.min(EXCEL_MAX_COLUMNS, limits.columns);
  const checkRow = (r: number) => {
    if (!(r <= maxRow)) {
      if (r > EXCEL_MAX_ROWS || !Number.isFinite(r)) throw new SheetError(`row ${a2s(r)} is past Excel's last row ${EXCEL_MAX_ROWS.toLocaleString('en-US')}: a corrupt or hand-made workbook`);
      throw new LimitError('rows', `row ${r.toLocaleString('en-US')}`);
    }
  };
  const checkCol = (c: number, ref: string) => {
    if (c > maxCol) {
      if (c > EXCEL_MAX_COLUMNS) throw new SheetError(`cell ${ref.slice(0, 20)} is past Excel's last column XFD (${EXCEL_MAX_COLUMNS.toLocaleString('en-US')}): a corrupt or hand-made workbook`);
      throw new LimitError('columns', `cell ${ref} is in column ${c.toLocaleString('en-US')}`);
    }
  };

  let headerRow = 0;
  let first = 0; // first and last column of the table (1-based)
  let last = 0;
  let minSeen = Infinity; // widest extent of any value, to notice values outside the header's columns
  let maxSeen = 0;
  let lastRow = 0;
  let headerNames: string[] = [];
  let emptyRecord = '\n';

  // Row state
  let rowNum = 0;
  let vals: (string | undefined)[] = [];
  let rowMin = Infinity;
  let rowMax = 0;
  // Cell state
  let col = 0;
  let nextCol = 1;
  let type = '';
  let style = 0;
  let text = '';
  let inIs = false;
  let phonetic = 0;

  const value = (): string => {
    switch (type) {
      case 's': {
        const i = Number(text);
        return sst[i] ?? '';
      }
      case 'inlineStr':
      case 'str':
        return decodeXEscapes(text);
      case 'b':
        return text === '' ? '' : text.trim() === '1' || text.trim() === 'true' ? 'TRUE' : 'FALSE';
      case 'e':
        return text;
      case 'd':
        return text.replace('T', ' ').replace(/(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/, '');
      default: {
        if (text === '') return '';
        const k = kinds[style];
        return k ? serialToText(text, k, date1904) : text;
      }
    }
  };

  const emitRow = () => {
    if (headerRow === 0) {
      if (rowMax === 0) return; // still before the header
      // A row with one value above the table is a title ("Incident report March 2024", often merged
      // across the columns), not a one-column header.
      if (vals.filter((v) => v !== undefined && v !== '').length < 2) return;
      headerRow = rowNum;
      first = rowMin;
      last = rowMax;
      headerNames = [];
      for (let c = first; c <= last; c++) headerNames.push(vals[c] ?? '');
      w.line(csvLine(headerNames));
      emptyRecord = ','.repeat(last - first) + '\n';
      lastRow = rowNum;
      return;
    }
    if (rowNum <= lastRow) rowNum = lastRow + 1; // rows out of order: keep file order
    // rows absent from the sheet: empty records keep record k = sheet row headerRow + k
    w.repeat(emptyRecord, rowNum - lastRow - 1);
    lastRow = rowNum;
    if (rowMax === 0) {
      w.line(emptyRecord);
      return;
    }
    if (rowMin < minSeen) minSeen = rowMin;
    if (rowMax > maxSeen) maxSeen = rowMax;
    const from = Math.min(first, rowMin);
    const to = Math.max(last, rowMax);
    let line = '';
    // Values left of the header's first column are written after the table's own columns (rare).
    for (let c = first; c <= to; c++) line += (c > first ? ',' : '') + csvField(vals[c]);
    for (let c = from; c < first; c++) line += ',' + csvField(vals[c]);
    w.line(line + '\n');
  };

  const h: XmlHandler = {
    wantText: false,
    open(name, a) {
      switch (name) {
        case 'row':
          rowNum = a.r ? Number(a.r) : rowNum + 1;
          checkRow(rowNum);
          vals = [];
          rowMin = Infinity;
          rowMax = 0;
          nextCol = 1;
          break;
        case 'c':
          col = a.r ? colOf(a.r) || nextCol : nextCol;
          checkCol(col, a.r ?? `column ${col}`);
          if (a.r && !rowNum) checkRow((rowNum = rowOf(a.r)));
          type = a.t ?? 'n';
          style = a.s ? Number(a.s) : 0;
          text = '';
          break;
        case 'v':
          text = '';
          h.wantText = true;
          break;
        case 'is':
          inIs = true;
          break;
        case 't':
          if (inIs && phonetic === 0) h.wantText = true;
          break;
        case 'rPh':
          phonetic++;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          h.wantText = false;
          break;
        case 'is':
          inIs = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c': {
          const v = value();
          if (v !== '') {
            vals[col] = v;
            if (col < rowMin) rowMin = col;
            if (col > rowMax) rowMax = col;
          }
          nextCol = col + 1;
          break;
        }
        case 'row':
          emitRow();
          break;
      }
    },
    text(t) {
      text += t;
      if (text.length > limits.line) throw new LimitError('line', `a cell of more than ${limits.line.toLocaleString('en-US')} characters in row ${rowNum}`);
    },
  };

  const tok = new XmlReader(h, xmlBounds(limits));
  let decoder: TextDecoder | undefined;
  try {
    for await (const chunk of await wb.zip.stream(entry)) {
      const b = chunk as Buffer;
      decoder ??= xmlDecoder(b);
      tok.write(decoder.decode(b, { stream: true }));
      await w.flush();
    }
    if (decoder) tok.write(decoder.decode());
    tok.end();
    await w.close();
  } catch (e) {
    w.destroy();
    throw e;
  }

  const rows = lastRow - headerRow;
  const extraRight = Math.max(0, maxSeen - last);
  const extraLeft = minSeen < first ? first - minSeen : 0;
  const width = last - first + 1 + extraRight + extraLeft;
  if (extraRight + extraLeft > 0) {
    // each record grows by one comma per added column
    if (w.bytes + (rows + 1) * (extraRight + extraLeft) > maxExpansion(wb.zip.size, limits)) {
      throw new LimitError('ratio', `values beyond the header's ${last - first + 1} columns would widen the converted CSV past ${Math.round(maxExpansion(wb.zip.size, limits) / 2 ** 20)} MB`);
    }
    // Values outside the header's columns: rewrite with a wider header and every record padded to it.
    const header = [...headerNames, ...Array<string>(extraRight + extraLeft).fill('')];
    const narrow = csvPath + '.narrow';
    await rename(csvPath, narrow);
    await padCsv(narrow, csvPath, header, { width, skip: 1 });
    await rm(narrow, { force: true });
  }
  return { headerRow, rows, columns: width };
}

/** A row number for a message: an absurd attribute is shown cut short. */
function a2s(r: number): string {
  return Number.isFinite(r) ? r.toLocaleString('en-US') : 'number';
}
