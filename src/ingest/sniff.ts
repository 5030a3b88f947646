import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { UserError } from '../errors.js';
import { DEFAULT_LIMITS, maxExpansion, overLimit, type Limits } from './limits.js';
import { decodeWindows1252 } from './cp1252.js';

/** What the first bytes of a file say about how to read it. */
export interface FileHead {
  /** the file DuckDB reads (a temporary CSV for converted xlsx/JSON/XES inputs) */
  path: string;
  /** the file the user named: what messages, provenance and the sha256 refer to */
  source: string;
  /** how the source was converted to `path`, when it was (xlsx sheet, JSON, XES) */
  converted?: { format: string; sheet?: string };
  compressed: boolean;
  /** windows-1252 is latin-1 with € “ ” – … in 0x80–0x9F (Excel's "CSV" on Western Windows) */
  encoding: 'utf-8' | 'latin-1' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  bom: boolean;
  delimiter: string;
  /** UTF-8: the first megabyte holds well-formed multi-byte sequences (else a later invalid byte means Windows-1252) */
  utf8Multibyte?: boolean;
  /** lines before the header (a `sep=;` line written by Excel) */
  skipLines: number;
  /** line (xlsx: sheet row) of the header in the user's file, when it is not `skipLines + 1` (converted inputs) */
  headerLine?: number;
  header: string[];
  /** the first data rows, for detection (id prefixes, duplicate ids) */
  sample: string[][];
  /** resource limits for reading the file (`--limit`) */
  limits?: Limits;
}

const HEAD_BYTES = 1 << 20;
const DELIMITERS = [',', ';', '\t', '|'];

/** Reads up to 1 MB of the (decompressed) file. */
async function readHeadBytes(path: string, compressed: boolean): Promise<Buffer> {
  if (!compressed) {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const src = createReadStream(path);
    const gunzip = createGunzip();
    const done = () => {
      src.destroy();
      gunzip.destroy();
      resolve(Buffer.concat(chunks).subarray(0, HEAD_BYTES));
    };
    gunzip.on('data', (c: Buffer) => {
      chunks.push(c);
      total += c.length;
      if (total >= HEAD_BYTES) done();
    });
    gunzip.on('end', done);
    gunzip.on('error', (e) => (total > 0 ? done() : reject(new UserError(`${path}: not a readable gzip file (${e.message})`))));
    src.on('error', reject);
    src.pipe(gunzip);
  });
}

/** Decompresses the whole file once, so a truncated or corrupt gzip stops the ingest before anything is written. */
async function checkGzip(path: string, limits: Limits): Promise<void> {
  const src = createReadStream(path);
  const max = maxExpansion((await stat(path)).size, limits);
  let total = 0;
  try {
    await pipeline(
      src,
      createGunzip(),
      new Writable({
        write: (c: Buffer, _e, cb) => {
          total += c.length;
          cb(total > max ? overLimit(path, 'ratio', limits, `decompresses to more than ${Math.round(max / 2 ** 20)} MB`) : null);
        },
      }),
    );
  } catch (e) {
    if (e instanceof UserError) throw e;
    const msg = (e as Error).message;
    const truncated = /unexpected end/i.test(msg);
    throw new UserError(`${path}: ${truncated ? 'truncated gzip (the file ends before the compressed data does)' : `corrupt gzip (${msg})`}; copy or download it again`);
  }
}

export function detectEncoding(buf: Buffer): { encoding: FileHead['encoding']; bom: boolean; utf8Multibyte?: boolean } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  // UTF-16 without a BOM: ASCII text has a NUL in every other byte.
  const n = Math.min(buf.length, 4096);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) if (buf[i] === 0) (i % 2 === 0 ? evenNul++ : oddNul++);
  if (n > 8 && oddNul > n / 4 && evenNul === 0) return { encoding: 'utf-16le', bom: false };
  if (n > 8 && evenNul > n / 4 && oddNul === 0) return { encoding: 'utf-16be', bom: false };
  // Cut at the last newline so a multi-byte character split by the 1 MB cut does not count as invalid.
  const cut = buf.lastIndexOf(0x0a);
  const probe = cut > 0 && buf.length === HEAD_BYTES ? buf.subarray(0, cut) : buf;
  const { valid, invalid } = utf8Sequences(probe);
  // Mostly well-formed multi-byte sequences with a few broken ones: UTF-8 damaged in transit, read as UTF-8
  // so that the damaged records are rejected with their line, not the whole file turned into mojibake.
  if (invalid === 0 || valid > invalid) return { encoding: 'utf-8', bom: false, utf8Multibyte: valid > 0 };
  // Bytes 0x80–0x9F are control characters in latin-1 but € “ ” – … in Windows-1252.
  return { encoding: probe.some((b) => b >= 0x80 && b <= 0x9f) ? 'windows-1252' : 'latin-1', bom: false };
}

/** Counts well-formed and broken UTF-8 multi-byte sequences (only bytes ≥ 0x80 are looked at). */
function utf8Sequences(buf: Buffer): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = firstHigh(buf, 0); i < buf.length; i = firstHigh(buf, i)) {
    const b = buf[i]!;
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= buf.length;
    for (let k = 1; ok && k < len; k++) ok = (buf[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

function firstHigh(buf: Buffer, from: number): number {
  for (let i = from; i < buf.length; i++) if (buf[i]! >= 0x80) return i;
  return buf.length;
}

/** Binary content (a PNG, a zip, random bytes) under a text name: NULs or control characters in the head. */
function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > n / 20;
}

function decode(buf: Buffer, encoding: FileHead['encoding'], bom: boolean): string {
  const body = bom ? buf.subarray(encoding === 'utf-8' ? 3 : 2) : buf;
  if (encoding === 'utf-16be') {
    const swapped = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (encoding === 'utf-16le') return body.subarray(0, body.length - (body.length % 2)).toString('utf16le');
  if (encoding === 'latin-1') return body.toString('latin1');
  if (encoding === 'windows-1252') return decodeWindows1252(body);
  return body.toString('utf8');
}

/** Counts a delimiter outside double quotes in one line. */
function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

export function detectDelimiter(lines: string[], path: string): string {
  if (/\.tsv(\.gz)?$/i.test(path)) return '\t';
  const header = lines[0] ?? '';
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const h = countOutsideQuotes(header, d);
    if (h === 0) continue;
    // Prefer the delimiter whose count in the next lines agrees with the header's.
    const agree = lines.slice(1, 20).filter((l) => countOutsideQuotes(l, d) === h).length;
    const score = h + agree * 1000;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

export async function sniffFile(path: string, limits: Limits = DEFAULT_LIMITS): Promise<FileHead> {
  const compressed = /\.gz$/i.test(path);
  const buf = await readHeadBytes(path, compressed);
  if (buf.length === 0) throw new UserError(`${path}: the file is empty`);
  const { encoding, bom, utf8Multibyte } = detectEncoding(buf);
  if (!encoding.startsWith('utf-16') && looksBinary(buf)) {
    throw new UserError(`${path}: not a text export (binary content${compressed ? ' inside the gzip' : ''}); export it as CSV, xlsx, JSON or XES`);
  }
  if (compressed) await checkGzip(path, limits);
  let text = decode(buf, encoding, bom);
  if (buf.length >= HEAD_BYTES) {
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      // a header line longer than the head read here: count its fields on what there is
      const fields = Math.max(...DELIMITERS.map((d) => countOutsideQuotes(text, d))) + 1;
      if (fields > limits.columns) throw overLimit(path, 'columns', limits, `the header has more than ${fields.toLocaleString('en-US')} columns`);
      throw new UserError(`${path}: the header line is longer than ${HEAD_BYTES / 2 ** 20} MB; is this a delimited export?`);
    }
    text = text.slice(0, cut);
  }
  const lines = text.split(/\r?\n/);
  let skipLines = 0;
  let delimiter: string | undefined;
  const sep = /^"?sep=(.)"?\s*$/i.exec(lines[0] ?? '');
  if (sep) {
    delimiter = sep[1]!;
    skipLines = 1;
  }
  const body = lines.slice(skipLines);
  if (!body[0] || body[0].trim() === '') throw new UserError(`${path}: no header row (the first line is empty)`);
  delimiter ??= detectDelimiter(body, path);
  const rows = parse(body.slice(0, 200).join('\n'), {
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  }) as string[][];
  const header = rows[0] ?? [];
  if (header.length > limits.columns) throw overLimit(path, 'columns', limits, `the header has ${header.length.toLocaleString('en-US')} columns`);
  if (header.length < 2) {
    throw new UserError(`${path}: found ${header.length} column in the header row; expected a delimited export (csv, tsv, ;)`);
  }
  return { path, source: path, compressed, encoding, bom, ...(utf8Multibyte ? { utf8Multibyte } : {}), delimiter, skipLines, header, sample: rows.slice(1), limits };
}
