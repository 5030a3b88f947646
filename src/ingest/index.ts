import { Store, TRACE, trace } from '../store/db.js';
import { UserError } from '../errors.js';
import { ADAPTERS } from '../sources/index.js';
import type { ObjectKind } from '../sources/types.js';
import { detect, chooseObject, type Detection } from './detect.js';
import { expandPaths, sha256File, type OnSkippedLink } from './files.js';
import { ingestFile, type FileSummary } from './ingest-file.js';
import { loadMappingFile } from './mapping-file.js';
import { fitMapping } from './header-match.js';
import { uniqueColumnNames } from './headers.js';
import { sniffFile, type FileHead } from './sniff.js';
import { hashedInRead, readRaw, type RawFile } from './read-raw.js';
import { stat } from 'node:fs/promises';
import { convertInput, type Converted } from './convert/index.js';
import type { RedactionPolicy } from '../privacy/policy.js';
import { checkRedactionMode } from '../privacy/redact.js';
import type { Limits } from './limits.js';
import { checkMappingColumns } from './check-mapping.js';
import { backfillRowsHashes } from './replace.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** the file already ingested with the same bytes, or the same size (replace.sql) */
const SOURCE_SQL = loadSqlFile('ingest/replace.sql');

export interface IngestRequest {
  paths: string[];
  source?: string;
  kind?: ObjectKind;
  mapping?: string;
  timezone?: string;
  dateFormat?: string;
  /** xlsx: the sheet to read (default: the first visible one) */
  sheet?: string;
  /** resource limits per file (`--limit`, limits.ts); default: the documented defaults */
  limits?: Limits;
  /** redact people and personal data in free text as the rows are loaded (`--redact`) */
  redact?: RedactionPolicy;
  /** called once per file as soon as it is recognised, and again when it is loaded */
  onDetected?: (path: string, d: Detection) => void;
  onLoaded?: (s: FileSummary) => void;
  /** called for each symbolic link in a folder that is not read (outside the folder, broken, looping, a folder) */
  onSkippedLink?: OnSkippedLink;
  /** aborted (Ctrl-C): stop before the next file */
  signal?: AbortSignal;
  /** a file already ingested (same sha256) is loaded again: its earlier load is removed in the same transaction */
  replace?: boolean;
  /** a file whose records equal those of a file already loaded (another format of one export) is loaded too */
  force?: boolean;
}

/** Files recognised and ready to load: the result of looking at every file before writing anything. */
export interface IngestPlan {
  /** mappingFile: the --mapping file the detection comes from, checked against the file's values before loading */
  files: { head: FileHead; detection: Detection; mappingFile?: string }[];
  timezone: string;
  dateFormat?: string;
  redact?: RedactionPolicy;
  signal?: AbortSignal;
  replace?: boolean;
  force?: boolean;
  /** removes the temporary CSVs of converted inputs; runIngest and dryRun call it when done */
  dispose: () => Promise<void>;
}

/**
 * Expands files, folders and globs and recognises every file, without touching the database: an unknown
 * export stops the run before anything is written.
 */
export async function planIngest(req: IngestRequest): Promise<IngestPlan> {
  const timezone = req.timezone ?? 'UTC';
  // DuckDB for checks that need it (a time zone other than UTC, a glob), opened on first use: a file refused
  // while it is read and recognised (most refusals) then costs no DuckDB start (~0.1 CPU-s a run)
  let scratch: Store | undefined;
  const duck = async () => (scratch ??= await Store.open(':memory:', { migrate: false }));
  const conversions: Converted[] = [];
  const dispose = async () => {
    for (const c of conversions) await c.cleanup();
  };
  try {
    await checkTimezone(duck, timezone);
    const paths = await expandPaths(duck, req.paths, req.onSkippedLink);
    const custom = req.mapping ? await loadMappingFile(req.mapping) : undefined;
    const files: IngestPlan['files'] = [];
    for (const path of paths) {
      req.signal?.throwIfAborted();
      // xlsx, JSON and XES become a temporary CSV that the same path reads; the user's file stays the source.
      const converted = await convertInput(path, { sheet: req.sheet, limits: req.limits });
      if (converted) conversions.push(converted);
      const head = await sniffFile(converted?.csvPath ?? path, req.limits);
      if (converted) {
        head.source = path;
        head.converted = { format: converted.format, ...(converted.sheet ? { sheet: converted.sheet } : {}) };
        // Lines in rejects and source_row are sheet rows for a workbook (the header need not be row 1).
        if (converted.headerRow) head.headerLine = converted.headerRow;
      }
      const columns = uniqueColumnNames(head.header);
      let detection: Detection;
      if (custom) {
        const mapping = chooseObject(custom, head.header, head.sample, req.kind) ?? custom.objects[0]!;
        detection = { adapter: custom, mapping, score: 0, confidence: 1, matched: [], candidates: [], forced: true };
        checkMappingColumns(path, req.mapping!, mapping, columns);
      } else {
        detection = detect(path, head.header, head.sample, ADAPTERS, { source: req.source, kind: req.kind });
      }
      // Headers that drift: aliases, localised labels and close variants, each reported with its reason.
      const fit = fitMapping(detection.adapter, detection.mapping, head.header, columns, head.sample, !custom);
      detection = { ...detection, mapping: fit.mapping, headerMatches: fit.matches, headerWarnings: fit.warnings };
      req.onDetected?.(path, detection);
      files.push({ head, detection, ...(custom ? { mappingFile: req.mapping } : {}) });
    }
    return { files, timezone, dateFormat: req.dateFormat, redact: req.redact, signal: req.signal, replace: req.replace, force: req.force, dispose };
  } catch (e) {
    await dispose();
    throw e;
  } finally {
    scratch?.close();
  }
}

/** Loads a plan's files, each in its own transaction; a file already ingested (same sha256) is skipped. */
export async function runIngest(store: Store, plan: IngestPlan, onLoaded?: (s: FileSummary) => void): Promise<FileSummary[]> {
  const out: FileSummary[] = [];
  try {
    // checked before any file is skipped as already ingested: a file seen unredacted is not redacted now
    await checkRedactionMode(store, plan.redact, false);
    await backfillRowsHashes(store);
    for (const { head, detection, mappingFile } of plan.files) {
      plan.signal?.throwIfAborted();
      const { fileId, raw } = await hashAndRead(store, head, Boolean(plan.replace), plan.signal);
      let seen: Record<string, unknown> | undefined;
      try {
        plan.signal?.throwIfAborted(); // hashing a large file takes a while
        seen = await store.one<Record<string, unknown>>(sqlOf(SOURCE_SQL, 'seen'), { id: fileId });
      } catch (e) {
        await raw?.drop();
        throw e;
      }
      const sameRows = plan.replace ? 'replace' : plan.force ? 'force' : 'skip';
      const opts = { timezone: plan.timezone, dateFormat: plan.dateFormat, redact: plan.redact, mappingFile, sameRows } as const;
      if (seen && !plan.replace) await raw?.drop();
      const s = !seen
        ? await ingestFile(store, head, detection, fileId, opts, raw)
        : plan.replace
          ? await ingestFile(store, head, detection, fileId, { ...opts, replace: { ingestedAtUs: Number(seen.ingested_us) } }, raw)
          : unchangedSummary(head.source, fileId, seen);
      onLoaded?.(s);
      out.push(s);
    }
  } finally {
    await plan.dispose();
  }
  return out;
}

/**
 * The file's sha256 (its id) and, when the file will be loaded whatever the digest, its raw read (readRaw), run
 * at once: the hash is taken in Node while DuckDB reads on its own threads (at 1M incidents the hash took 0.57 s
 * before the read began), in the stream that counts the file's lines when that reads the file itself
 * (hashedInRead), else in a stream of its own. A file is loaded unless a file already ingested has its sha256, so
 * the same bytes and size: when no loaded file has its size (or --replace loads it again anyway) the read cannot be
 * wasted; otherwise the digest decides first, as before. A failed read reports the hash's error when the hash
 * fails too (the file gone or unreadable gives the error it gave before the read began), unless the run was
 * interrupted.
 */
async function hashAndRead(store: Store, head: FileHead, replace: boolean, signal?: AbortSignal): Promise<{ fileId: string; raw?: RawFile }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const size = await stat(head.source).then((s) => s.size, () => undefined);
  const early = size !== undefined && (replace || !(await store.one(sqlOf(SOURCE_SQL, 'same_size'), { size })));
  const inRead = early && hashedInRead(head);
  let hashing = inRead ? undefined : sha256File(head.source);
  hashing?.catch(() => undefined); // awaited below, after the read: not an unhandled rejection meanwhile
  let raw: RawFile | undefined;
  if (early) {
    try {
      raw = await readRaw(store, head, { sha256: inRead });
    } catch (e) {
      // (a read the signal stopped: the run ends with that, not with a digest computed for it)
      if (!signal?.aborted) await (hashing ?? sha256File(head.source));
      throw e;
    }
  }
  let fileId: string;
  try {
    // (the line count's stream failed: the file hashed on its own, whose error is the error)
    fileId = raw?.sha256 ?? (await (hashing ??= sha256File(head.source)));
  } catch (e) {
    await raw?.drop();
    throw e;
  }
  if (TRACE) trace(raw ? '(sha256 and raw read)' : '(sha256)', t0, cpu0);
  return { fileId, raw };
}

/** Plans and runs an ingest into an open store. */
export async function ingestPaths(store: Store, req: IngestRequest): Promise<FileSummary[]> {
  return runIngest(store, await planIngest(req), req.onLoaded);
}

async function checkTimezone(store: () => Promise<Store>, tz: string): Promise<void> {
  // the default, which DuckDB always knows
  if (tz === 'UTC') return;
  try {
    await (await store()).one('SELECT timezone($tz, TIMESTAMP \'2020-01-01 00:00:00\') AS t', { tz });
  } catch {
    throw new UserError(`--timezone '${tz}' is not a known time zone; use an IANA name such as Europe/Amsterdam or UTC`);
  }
}

function unchangedSummary(path: string, fileId: string, row: Record<string, unknown>): FileSummary {
  const num = (k: string) => Number(row[k] ?? 0);
  return {
    path,
    file_id: fileId,
    status: 'unchanged',
    tool: String(row.tool),
    object: String(row.object_kind),
    source_table: String(row.source_table),
    score: num('tool_score'),
    confidence: num('confidence'),
    encoding: String(row.encoding),
    delimiter: String(row.delimiter),
    date_formats: JSON.parse(String(row.date_formats ?? '{}')) as Record<string, string>,
    rows_read: 0,
    rows_loaded: 0,
    rows_rejected: 0,
    empty_rows_skipped: 0,
    records: 0,
    records_by_table: {},
    records_inserted: 0,
    records_updated: 0,
    unmapped_columns: [],
    format: String(row.source_format ?? 'csv'),
  };
}
