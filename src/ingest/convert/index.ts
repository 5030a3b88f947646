/**
 * Inputs that are not delimited text (xlsx, JSON, XES) are converted to a temporary CSV — UTF-8, comma,
 * RFC 4180 quoting, a header row — that the CSV ingest path reads like any export. The caller sniffs and
 * ingests `csvPath` and calls `cleanup()` afterwards (also on failure).
 *
 * Formats by file name (src/ingest/formats.ts: `.xlsx`/`.xlsm`; `.json`, `.jsonl`, `.ndjson`, `.xes` and their `.gz`),
 * and by content for other names: a zip (`PK\3\4`) is read as xlsx; an old binary `.xls` (OLE2) is refused
 * with a hint. Plain csv/tsv/txt(.gz) need no conversion: `convertInput` returns null.
 */
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { convertJson } from './json.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';
import { formatOf } from '../formats.js';

export type ConvertedFormat = 'xlsx' | 'json' | 'xes';

export interface Converted {
  /** the temporary CSV to ingest in place of the input */
  csvPath: string;
  /** xlsx: the sheet that was read */
  sheet?: string;
  format: ConvertedFormat;
  /** records written (events for XES, data rows below the header for xlsx, empty ones included) */
  rows: number;
  /** xlsx: the sheet row of the header; CSV record k is sheet row `headerRow + k` */
  headerRow?: number;
  /** removes the temporary files */
  cleanup(): Promise<void>;
}

async function magic(path: string): Promise<Buffer> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new UserError(`${path}: ${(e as Error).message}`);
  }
  try {
    const buf = Buffer.alloc(8);
    const { bytesRead } = await fh.read(buf, 0, 8, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function convertInput(path: string, opts: { sheet?: string; limits?: Limits } = {}): Promise<Converted | null> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  let fmt = formatOf(path);
  const head = await magic(path);
  if (head.length >= 8 && head.equals(OLE2)) {
    throw new UserError(
      `${path}: an Excel 97-2003 (.xls) or password-protected workbook; save it as .xlsx (or CSV UTF-8) and ingest that`,
    );
  }
  const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  if (fmt === 'csv' && !isZip) return null;
  if (isZip && fmt !== 'xlsx') fmt = 'xlsx'; // an xlsx saved under another name (ServiceNow's "export.csv" that is not)
  if (fmt === undefined) return null; // unknown extension: let the CSV path sniff it
  if (fmt === 'xlsx' && !isZip && head.length > 0) throw new UserError(`${path}: not an xlsx workbook (not a zip file)`);
  if (head.length === 0) throw new UserError(`${path}: the file is empty`);

  const dir = await mkdtemp(join(tmpdir(), 'itsm-lens-convert-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    // The xlsx and XES readers are loaded when a file needs them: their XML parser (saxes) takes ~50 ms of CPU
    // to load, which a CSV ingest should not pay.
    if (fmt === 'xlsx') {
      const { convertXlsx } = await import('./xlsx.js');
      const r = await convertXlsx(path, dir, { sheet: opts.sheet, limits });
      return { csvPath: r.csvPath, sheet: r.sheet, format: 'xlsx', rows: r.rows, headerRow: r.headerRow, cleanup };
    }
    if (fmt === 'json' || fmt === 'ndjson') {
      const r = await convertJson(path, dir, { ndjson: fmt === 'ndjson', limits });
      return { csvPath: r.csvPath, format: 'json', rows: r.rows, cleanup };
    }
    const { convertXes } = await import('./xes.js');
    const r = await convertXes(path, dir, { gzip: /\.gz$/i.test(path), limits });
    return { csvPath: r.csvPath, format: 'xes', rows: r.events, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
