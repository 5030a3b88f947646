import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Store } from '../store/db.js';
import { ident, lit, memoryLimit, memoryLimitBytes, pathLit } from '../store/db.js';
import { UserError } from '../errors.js';
import { transcode } from './files.js';
import { uniqueColumnNames } from './headers.js';
import type { FileHead } from './sniff.js';
import { DEFAULT_LIMITS, overLimit } from './limits.js';
import { wideQueries } from './convert/duck.js';
import { loadSqlFile, sqlFragment, sqlOf } from '../store/sql-file.js';

/** The raw read's statements (read-raw.sql). */
const SQL = loadSqlFile('ingest/read-raw.sql');

/** A file read by DuckDB into a temporary all-VARCHAR table, with each record's line number. */
export interface RawFile {
  /** view over the raw rows: `__line`, `__empty`, then one VARCHAR column per header */
  view: string;
  columns: string[];
  /** the reader's own rejects (records that do not split into the header's columns); `line + lineOffset` is the user's line */
  rejectTable: string;
  lineOffset: number;
  readerRejects: number;
  /** records read, blank ones included */
  total: number;
  /** records whose every cell is empty (HPSM exports end with hundreds of `;;;;` lines) */
  empty: number;
  /** columns with a value in at least one record */
  nonEmptyColumns: Set<string>;
  /** the file's sha256, when asked for (readRaw's `sha256`) and the first line-count stream read the file itself to its end (a later read of a copy keeps it) */
  sha256?: string;
  drop: () => Promise<void>;
}

/** The encodings DuckDB does not read itself (it reads UTF-8 and latin-1): read from a transcoded copy. */
const transcoded = (e: FileHead['encoding']): e is 'utf-16le' | 'utf-16be' | 'windows-1252' => e === 'utf-16le' || e === 'utf-16be' || e === 'windows-1252';

/**
 * The file's own bytes are what the line count reads (no conversion, no gzip, no transcoding first): its sha256
 * can be taken in the same stream. The caller's guess (it starts no hash of its own); readRaw decides from the
 * stream's file, and a disagreement costs a separate hash, never a wrong digest.
 */
export const hashedInRead = (head: FileHead): boolean =>
  !head.converted && !head.compressed && head.path === head.source && !transcoded(head.encoding);

let seq = 0;

/**
 * The reader's line limit (--limit line) and buffer. DuckDB sizes its buffer at 16 × max_line_size, 256 MiB
 * per scan for 16 MB lines, which fails at once under --memory-limit 500MB ("could not allocate block")
 * instead of spilling. Under a memory limit the buffer is an eighth of the limit (at least two lines).
 * DuckDB drops a record longer than its buffer without a word, so a smaller buffer is paired with a check
 * that every record the file holds was read or rejected (`vanishedRecords`).
 */
function csvBuffer(maxLine: number): number {
  // (the default limit too: on a small machine it is below DuckDB's 16 × max_line_size)
  const limit = memoryLimitBytes(memoryLimit());
  return limit === undefined ? 16 * maxLine : Math.max(2 * maxLine, Math.min(16 * maxLine, Math.floor(limit / 8)));
}
const csvBuffers = (maxLine: number) => `max_line_size = ${maxLine}, buffer_size = ${csvBuffer(maxLine)}`;

/** `sha256`: take the file's sha256 in the line count's stream when it reads the file itself (hashedInRead). */
export async function readRaw(store: Store, head: FileHead, opts: { sha256?: boolean } = {}): Promise<RawFile> {
  const n = ++seq;
  const raw = `raw_${n}`;
  const view = `lined_${n}`;
  const rejectTable = `reader_rejects_${n}`;
  const rejectScan = `reader_scans_${n}`;
  let path = head.path;
  let tempFile: string | undefined;
  if (transcoded(head.encoding)) {
    // UTF-16 and Windows-1252 are transcoded as a stream first.
    tempFile = await transcode(head.path, head.compressed, head.encoding);
    path = tempFile;
  }
  const limits = head.limits ?? DEFAULT_LIMITS;
  const columns = uniqueColumnNames(head.header);
  const colSpec = `{${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
  // Accepted record k is the raw table's row k - 1 (`rowid`): DuckDB keeps the scan's order in the table
  // (preserve_insertion_order). The read keeps, per record, the line breaks inside its values (`__nl`): when
  // every line of the file is a record's (no blank line, no reader reject), record k sits on line headerLine + k
  // + the line breaks of the records before it, and no line map is needed (see `linesOfFile`). Only the columns
  // whose values in the file's head hold a line break are counted in the read; the others only when the file's
  // lines say that some line break is still unaccounted for (see `breaksElsewhere`). (The read joined every
  // row's cells into one string to count its line breaks and look for a NUL: 1.7 of its 4.5 CPU-s at 1M
  // incidents. The line count in Node now looks for a NUL byte.)
  const nlColumns = columns.filter((_, i) => head.sample.some((row) => row[i]?.includes('\n')));
  const read = (encoding: string) =>
    store.run(
      sqlOf(SQL, 'read', {
        raw,
        first: ident(columns[0]!),
        columns: columns.map(ident).join(', '),
        nl: nlColumns.length ? `, ${breaksOf(nlColumns)} AS __nl` : '',
        path: pathLit(path),
        column_types: colSpec,
        delimiter: lit(head.delimiter),
        skip: head.skipLines,
        encoding: lit(encoding),
        reject_table: lit(rejectTable),
        reject_scan: lit(rejectScan),
        buffers: csvBuffers(limits.line),
      }),
    );
  // the file's lines, counted in Node while DuckDB reads it (undefined when the count failed)
  let fileLines: Promise<FileLines | undefined> | undefined;
  const countLines = (hash?: Hash) => (fileLines = linesOfFile(path, head.compressed && !tempFile, hash).catch(() => undefined));
  // the file's sha256 in the same stream: one read of it in Node instead of two (a 448 MB export: 0.46-0.55 CPU-s
  // for both, 0.69-0.80 in two streams); a second read (another encoding, CRLF) counts the lines of a copy
  // (decided from the stream's own file, not from hashedInRead: a new transcoded encoding cannot hash a copy)
  const hash = opts.sha256 && !tempFile && !head.compressed && !head.converted && path === head.source ? createHash('sha256') : undefined;
  if (!head.converted) countLines(hash);
  const hashedLines = fileLines;
  // The first megabyte was plain ASCII but a later byte is not UTF-8: the file is Windows-1252 (Excel's
  // default), read again transcoded. (UTF-8 with multi-byte text before a broken byte stays UTF-8: the
  // damaged records are rejected.)
  const asWindows1252 = async () => {
    head.encoding = 'windows-1252';
    await store.run(`DROP TABLE IF EXISTS ${rejectTable}; DROP TABLE IF EXISTS ${rejectScan}`);
    tempFile = await transcode(head.path, head.compressed, head.encoding);
    path = tempFile;
    await read('utf-8');
    if (!head.converted) countLines();
  };
  // DuckDB's reader cannot switch line endings inside a file: one CRLF line in an LF file stops it with
  // "state machine reached an invalid state". Such a file is read again from a copy with CRLF → LF (the
  // lines stay the lines of the file; a CR inside a quoted value of such a file becomes a plain LF).
  const asLf = async () => {
    await store.run(`DROP TABLE IF EXISTS ${rejectTable}; DROP TABLE IF EXISTS ${rejectScan}`);
    const copy = await crlfToLf(path, head.compressed && !tempFile);
    if (tempFile) await rm(dirname(tempFile), { recursive: true, force: true });
    tempFile = copy;
    path = copy;
    await read(head.encoding === 'latin-1' ? 'latin-1' : 'utf-8');
    if (!head.converted) countLines();
  };
  const plainUtf8 = head.encoding === 'utf-8' && !head.bom && !head.utf8Multibyte;
  // Latin-1 by its first megabyte (accents, no byte in 0x80–0x9F), but a later € “ ” – in that block: DuckDB
  // refuses the file as not latin-1, and it is Windows-1252, read again transcoded (as browsers read latin-1).
  const latin1 = head.encoding === 'latin-1';
  // Wide files: DuckDB's common-subexpression pass is quadratic in the columns (turned back on in drop()).
  const wide = await wideQueries(store, columns.length);
  try {
    try {
      await read(head.encoding === 'latin-1' ? 'latin-1' : 'utf-8');
    } catch (e) {
      if (/state machine reached an invalid state/i.test(firstLine(e))) await asLf();
      else if (latin1 && /latin-?1/i.test(firstLine(e))) await asWindows1252();
      else if (head.encoding !== 'utf-8' || !/unicode|utf-?8/i.test(firstLine(e))) throw e;
      else await asWindows1252();
    }
    if ((plainUtf8 || (latin1 && head.encoding === 'latin-1')) && (await store.one<{ n: number }>(sqlOf(SQL, 'encoding_rejects', { reject_table: rejectTable })))!.n > 0) {
      await asWindows1252();
    }
  } catch (e) {
    if (tempFile) await rm(dirname(tempFile), { recursive: true, force: true });
    if (wide) await store.run(`RESET disabled_optimizers`);
    throw new UserError(`${head.source}: could not be read as ${describeDialect(head)}: ${firstLine(e)}`);
  }
  // the file's lines (and whether it holds a NUL byte), counted in Node while DuckDB read it
  const lines = await fileLines;
  // (undefined when the first stream, over the user's file, failed; a read again from a copy keeps its digest)
  const sha256 = hash && (await hashedLines) ? hash.digest('hex') : undefined;
  // One scan for the record count, the empty records, the columns with a value (`nonEmptyColumns`) and the line
  // breaks counted by the read.
  const scan = (await store.one<Record<string, number | null>>(
    sqlOf(SQL, 'scan', { raw, nl: nlColumns.length ? 'sum(__nl)' : '0', counts: columns.map((c, i) => `count(${ident(c)}) AS c${i}`).join(', ') }),
  ))!;
  // NUL characters (mail gateways and broken exports leave them) break every consumer downstream. They are
  // rare: a file without a NUL byte (the line count looked) has none in its cells; otherwise they are looked for
  // in the cells, and the columns rewritten only when some cell has one, instead of a replace() on every cell.
  const nul =
    (lines?.nul ?? true) &&
    (await store.one<{ nul: boolean }>(`SELECT count(*) FILTER (WHERE strpos(concat(${columns.map(ident).join(', ')}), chr(0)) > 0) > 0 AS nul FROM ${raw}`))!.nul;
  if (nul) {
    await store.run(`CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT __empty, ${nlColumns.length ? '__nl, ' : ''}${columns.map((c) => `replace(${ident(c)}, chr(0), '') AS ${ident(c)}`).join(', ')} FROM ${raw}`);
  }
  // A line over the limit: DuckDB's reject has no column (so no reason survived the per-record pick) and
  // does not say how to read it.
  await store.run(
    sqlOf(SQL, 'line_limit_rejects', {
      reject_table: rejectTable,
      advice: lit(`, over the line limit of ${limits.line / 2 ** 20} MB; raise it with --limit line=${Math.ceil((limits.line * 4) / 2 ** 20)}MB`),
    }),
  );
  // DuckDB may log several errors for one record (one per surplus column): one record, one reject.
  const readerRejects = (await store.one<{ n: number }>(`SELECT count(DISTINCT line) AS n FROM ${rejectTable}`))!.n;
  const total = scan.n!;
  // A file refused after it was read leaves no temp table, temp file or setting behind.
  // (the temp file goes whatever the SQL does: after Ctrl-C every statement fails, and the CLI says it is removed)
  const abandon = async (e: Error): Promise<never> => {
    try {
      await store.run(`DROP TABLE IF EXISTS ${raw}; DROP TABLE IF EXISTS ${rejectTable}; DROP TABLE IF EXISTS ${rejectScan}`);
      if (wide) await store.run(`RESET disabled_optimizers`);
    } finally {
      if (tempFile) await rm(dirname(tempFile), { recursive: true, force: true });
    }
    throw e;
  };
  if (total > limits.rows) await abandon(overLimit(head.source, 'rows', limits, `${total.toLocaleString('en-US')} records`));
  const headerLine = head.skipLines + 1;
  // converted workbooks: CSV line → sheet row
  const lineOffset = head.headerLine ? head.headerLine - headerLine : 0;
  // Record r (1 = first after the header) sits on line `headerLine + r` unless blank lines or line breaks
  // inside quoted values come before it: then a map from records to physical lines is built (one more scan).
  if (csvBuffer(limits.line) < 16 * limits.line) {
    // a smaller buffer than DuckDB's own: a line over the limit may be dropped without a reject (DuckDB reports
    // it only when its buffer holds it), so such a file is refused
    const lost = await linesLongerThan(path, head.compressed && !tempFile, limits.line);
    if (lost > 0) {
      await abandon(
        new UserError(
          `${head.source}: ${lost} line(s) are longer than the line limit of ${limits.line / 2 ** 20} MB, which under ${Store.settings.memory_limit ? `--memory-limit ${Store.settings.memory_limit}` : `the default memory limit of ${memoryLimit()}`} cannot be rejected one by one; ingest it without --memory-limit (or with a higher one), or raise --limit line`,
        ),
      );
    }
  }
  // Every line is a record's line (the file's lines = header and skipped lines + records + the line breaks in
  // their values) and no lone CR (which DuckDB's line split counts): record k's line is known without a map.
  // The line breaks are those the read counted, plus, when the file has more lines than that accounts for, those
  // of the other columns (`breaksElsewhere`): a file's lines are never fewer than header and skipped lines +
  // records + the line breaks in their values (each line break in a value is one of the file's), so when the
  // read's count already makes them equal, no other column holds a line break.
  let nlTotal = Number(scan.nl ?? 0);
  let nlExpr = nlColumns.length ? '__nl' : '0';
  const countable = !head.converted && readerRejects === 0 && lines !== undefined && !lines.loneCr;
  if (countable && lines.lines > headerLine + total + nlTotal) {
    const more = await breaksElsewhere(store, raw, columns.filter((c) => !nlColumns.includes(c)));
    if (more.count > 0 && lines.lines === headerLine + total + nlTotal + more.count) {
      nlTotal += more.count;
      nlExpr = nlColumns.length ? `__nl + ${breaksOf(more.columns)}` : breaksOf(more.columns);
    }
  }
  const byCount = countable && lines.lines === headerLine + total + nlTotal;
  const phys = head.converted || byCount ? undefined : await physicalLines(store, path, n, head, headerLine + total + readerRejects, limits.line);
  if (phys) {
    // DuckDB's reject lines count newlines outside quotes; make them the physical line of the record.
    await store.run(sqlOf(SQL, 'reject_lines_from_map', { reject_table: rejectTable, map: phys }));
  }
  const recOf = (line: string) => (phys ? `(SELECT rec FROM ${phys} WHERE pl = ${line})` : `${line} - ${headerLine}`);
  // (accepted record k is the raw table's row k - 1, see `read`)
  const k = '(raw.rowid + 1)';
  const recExpr = readerRejects === 0 ? k : `${k} + coalesce(j.before, 0)`;
  // Accepted record k is record k + (rejected records before it), found with an ASOF join on
  // g = accepted records before reject i (skipped when there is none).
  const rejJoin =
    readerRejects === 0
      ? ''
      : sqlFragment(SQL, 'reject_join', { record_of_line: recOf('line'), reject_table: rejectTable, k });
  const lineExpr = phys ? 'm.pl' : `${headerLine + lineOffset} + ${recExpr}`;
  const physJoin = phys ? `LEFT JOIN ${phys} m ON m.rec = ${recExpr}` : '';
  // With a line map and every record accepted, or lines known by count with line breaks inside values, each raw
  // row takes its line in place (an UPDATE joined on the record number, 0.07 s at 1M rows): the view stays a
  // plain scan, which DuckDB runs in parallel. (A positional join as the view ran the mapping single-threaded; a
  // joined copy of the rows cost 2.2 s and their memory.) By count, record k's line is headerLine + k + the line
  // breaks of the records before it: a running sum over the narrow (rowid, __nl), not over the whole rows.
  let lineInRaw = false;
  const lineAdded = (Boolean(phys) && readerRejects === 0) || (byCount && nlTotal > 0);
  if (lineAdded) {
    await store.run(`ALTER TABLE ${raw} ADD COLUMN __line BIGINT`);
    await store.run(phys ? sqlOf(SQL, 'line_from_map', { raw, map: phys }) : sqlOf(SQL, 'line_by_count', { raw, first_line: headerLine + lineOffset + 1, nl: nlExpr }));
    lineInRaw = (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${raw} WHERE __line IS NULL`))!.n === 0;
  }
  // Otherwise the line takes a join: done once into a table (the later steps read the rows several times;
  // as a view the join ran each time, which doubled the ingest of a 1M-row export).
  const joined = !lineInRaw && (Boolean(phys) || readerRejects > 0);
  const internal = [...(nlColumns.length ? ['__nl'] : []), ...(lineAdded ? ['__line'] : [])];
  const rawCols = internal.length ? `raw.* EXCLUDE (${internal.join(', ')})` : 'raw.*';
  await store.run(
    lineInRaw
      ? `CREATE TEMP VIEW ${view} AS SELECT __line, ${rawCols} FROM ${raw} AS raw`
      : `CREATE TEMP ${joined ? 'TABLE' : 'VIEW'} ${view} AS
    SELECT ${lineExpr} AS __line, ${rawCols} FROM ${raw} AS raw ${rejJoin} ${physJoin}`,
  );
  if (joined) await store.run(`DROP TABLE ${raw}`);
  return {
    view,
    columns,
    rejectTable,
    lineOffset,
    readerRejects,
    total,
    empty: scan.empty!,
    nonEmptyColumns: new Set(columns.filter((_, i) => (scan[`c${i}`] ?? 0) > 0)),
    ...(sha256 ? { sha256 } : {}),
    drop: async () => {
      try {
        await store.run(`DROP ${joined ? 'TABLE' : 'VIEW'} IF EXISTS ${view}`);
        for (const t of [raw, rejectTable, rejectScan, `phys_${n}`]) await store.run(`DROP TABLE IF EXISTS ${t}`);
        if (wide) await store.run(`RESET disabled_optimizers`);
      } finally {
        // (whatever the SQL does: after Ctrl-C every statement fails, and the CLI says the temporary files are removed)
        if (tempFile) await rm(dirname(tempFile), { recursive: true, force: true });
      }
    },
  };
}

/** A copy of the file (gunzipped) with every CRLF turned into LF; returns its path in a new temp folder. */
async function crlfToLf(path: string, gzip: boolean): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'itsm-lens-'));
  const out = join(dir, 'lf.csv');
  let cr = false; // the previous chunk ended with CR
  const fix = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const parts: Buffer[] = [];
      let from = 0;
      if (cr && chunk[0] !== 0x0a) parts.push(Buffer.from([0x0d]));
      for (let i = chunk.indexOf(0x0d); i >= 0 && i < chunk.length; i = chunk.indexOf(0x0d, i + 1)) {
        if (i === chunk.length - 1) break;
        if (chunk[i + 1] === 0x0a) {
          parts.push(chunk.subarray(from, i));
          from = i + 1;
        }
      }
      cr = chunk[chunk.length - 1] === 0x0d;
      parts.push(chunk.subarray(from, cr ? chunk.length - 1 : chunk.length));
      cb(null, Buffer.concat(parts));
    },
    flush(cb) {
      cb(null, cr ? Buffer.from([0x0d]) : null);
    },
  });
  try {
    if (gzip) await pipeline(createReadStream(path), createGunzip(), fix, createWriteStream(out));
    else await pipeline(createReadStream(path), fix, createWriteStream(out));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return out;
}

interface FileLines {
  /** lines as DuckDB's line split counts them when the file has no lone CR (a last line without LF counts) */
  lines: number;
  /** a CR not followed by LF: DuckDB's line split ends a line there too, so the count above is not its count */
  loneCr: boolean;
  /** a NUL byte somewhere in the file (without one, no cell holds a NUL character) */
  nul: boolean;
}

/** The file's LF-ended lines, counted in a stream (Buffer.indexOf is memchr): no scan by DuckDB. `hash` takes every byte read. */
async function linesOfFile(path: string, gzip: boolean, hash?: Hash): Promise<FileLines> {
  let lf = 0;
  let loneCr = false;
  let nul = false;
  let last = -1; // the previous chunk's last byte
  // (4 MiB chunks: the hash's cost per chunk, see sha256File)
  const src = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path, { highWaterMark: 4 << 20 });
  for await (const chunk of src as AsyncIterable<Buffer>) {
    if (!chunk.length) continue;
    hash?.update(chunk);
    if (last === 0x0d && chunk[0] !== 0x0a) loneCr = true;
    if (!nul && chunk.indexOf(0) >= 0) nul = true;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lf++;
    if (!loneCr) {
      for (let i = chunk.indexOf(0x0d); i >= 0 && i < chunk.length - 1; i = chunk.indexOf(0x0d, i + 1)) {
        if (chunk[i + 1] !== 0x0a) {
          loneCr = true;
          break;
        }
      }
    }
    last = chunk[chunk.length - 1]!;
  }
  return { lines: lf + (last !== -1 && last !== 0x0a ? 1 : 0), loneCr: loneCr || last === 0x0d, nul };
}

/**
 * SQL for the line breaks in a row's values of `cols`: a sum of the cells' counts, or over many columns one lambda
 * over the list of them (a sum of a thousand terms is past DuckDB's expression depth of 1,000, and each term is
 * bound on its own: a 3,000-column file with line breaks in 430 of them failed to load).
 */
function breaksOf(cols: string[]): string {
  if (cols.length > 8) return `list_sum(list_transform([${cols.map(ident).join(', ')}], __c -> ${sqlFragment(SQL, 'breaks', { col: '__c' })}))`;
  return cols.map((c) => sqlFragment(SQL, 'breaks', { col: ident(c) })).join(' + ');
}

/** The line breaks in the values of `cols` over the whole raw table, and the columns that hold them. */
async function breaksElsewhere(store: Store, raw: string, cols: string[]): Promise<{ count: number; columns: string[] }> {
  if (!cols.length) return { count: 0, columns: [] };
  const rows = await store.all<{ i: number | bigint; b: number | bigint }>(
    sqlOf(SQL, 'breaks_elsewhere', { raw, cells: `[${cols.map(ident).join(', ')}]`, breaks: sqlFragment(SQL, 'breaks', { col: '__c' }) }),
  );
  // (in the columns' order: the rows come ordered by their index)
  return { count: rows.reduce((a, r) => a + Number(r.b), 0), columns: rows.map((r) => cols[Number(r.i)]!) };
}

/** The file as DuckDB splits it into physical lines: one VARCHAR column `l`, a row per line. */
const linesReader = (path: string, head: FileHead, maxLine: number) =>
  `read_csv(${pathLit(path)}, columns = {'l': 'VARCHAR'}, header = false, auto_detect = false, quote = '', escape = '',
    delim = chr(0) || chr(1) || chr(0) || chr(2), encoding = ${lit(head.encoding === 'latin-1' ? 'latin-1' : 'utf-8')}, ${csvBuffers(maxLine)})`;

/**
 * Lines longer than `bytes`, found in a stream over the file without DuckDB: DuckDB's reader drops a line
 * longer than its buffer without a reject, and its own line scan fails on such a file under a memory limit.
 */
async function linesLongerThan(path: string, gzip: boolean, bytes: number): Promise<number> {
  let long = 0;
  let run = 0; // bytes of the current line so far
  const src = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  for await (const chunk of src as AsyncIterable<Buffer>) {
    let from = 0;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, from)) {
      if (run + i - from > bytes) long++;
      run = 0;
      from = i + 1;
    }
    run += chunk.length - from;
  }
  return long + (run > bytes ? 1 : 0);
}

/**
 * When the file has more lines than header + records (blank lines, line breaks inside quoted values), a
 * table `phys_<n>` mapping each record (`rec`, 0 = the header) and each of DuckDB's reject lines
 * (`duck_line`: DuckDB counts newlines outside quotes) to its physical line `pl`; else undefined.
 * A line starts a record when the quotes before it are balanced and it is not blank.
 */
async function physicalLines(store: Store, path: string, n: number, head: FileHead, records: number, maxLine: number): Promise<string | undefined> {
  const lines = linesReader(path, head, maxLine);
  // On its own connection: a file DuckDB reads with rejects but cannot split into lines (invalid UTF-8,
  // CRLF inside a quoted value of a LF file) keeps record numbering instead of aborting the transaction.
  const count = (await store.probe<{ n: number }>(`SELECT count(*) AS n FROM ${lines}`))?.[0]?.n ?? 0;
  // equal: one line per record; fewer: a line ending DuckDB splits and we do not (a lone CR)
  if (count <= records) return undefined;
  const table = `phys_${n}`;
  // Streaming windows over the scan order (no ORDER BY): one sequential pass each, no sort.
  await store.run(sqlOf(SQL, 'physical_lines', { map: table, lines, skip: head.skipLines }));
  return table;
}

function describeDialect(h: FileHead): string {
  return `${h.encoding} text with ${h.delimiter === '\t' ? 'tab' : `'${h.delimiter}'`} delimiter`;
}

export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
