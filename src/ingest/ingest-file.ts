import { stat } from 'node:fs/promises';
import type { Store } from '../store/db.js';
import { ident, lit } from '../store/db.js';
import { FIELDS } from '../store/schema.js';
import type { ObjectMapping } from '../sources/types.js';
import { cleanExpr, resolveColumns } from './compile.js';
import { columnsOf } from './rules.js';
import { UserError } from '../errors.js';
import { checkEnumValues } from './check-mapping.js';
import { laterFiles, removeFileLoad, rowsHash, SameRows, type Removed } from './replace.js';
import type { CanonicalTable } from '../store/schema.js';
import { checkDeferredFormats, sniffDateFormats } from './dates.js';
import type { Detection } from './detect.js';
import type { HeaderMatch } from './header-match.js';
import { loadRecords, type LoadResult, type LoadTarget } from './load-records.js';
import { readRaw, type RawFile } from './read-raw.js';
import type { FileHead } from './sniff.js';
import { PERSON_COLUMNS, type RedactionPolicy } from '../privacy/policy.js';
import { recordRedaction, redactorFor } from '../privacy/redact.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The rejected lines' statement (rejects.sql). */
const REJECTS_SQL = loadSqlFile('ingest/rejects.sql');

export interface IngestOptions {
  timezone: string;
  dateFormat?: string;
  redact?: RedactionPolicy;
  /** the --mapping file the mapping comes from: its enum fields without a vocabulary are checked against the values */
  mappingFile?: string;
  /** ingest --replace: the file was first ingested at this instant (µs since the epoch); its earlier load is removed in the same transaction */
  replace?: { ingestedAtUs: number };
  /**
   * A file whose records equal those of a file already loaded (another format of the same export): `skip` it
   * (the default), load it too (`force`), or load it instead of that file (`replace`, the other's load removed).
   */
  sameRows?: 'skip' | 'force' | 'replace';
}

/** What happened to one file; printed per file and stored in `source_file`. */
export interface FileSummary {
  path: string;
  file_id: string;
  status: 'loaded' | 'unchanged' | 'skipped';
  tool: string;
  object: string;
  source_table: string;
  score: number;
  confidence: number;
  encoding: string;
  delimiter: string;
  date_formats: Record<string, string>;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  empty_rows_skipped: number;
  records: number;
  /** records per canonical table, for a file that feeds several (Jira: tickets, changes, problems) */
  records_by_table: Record<string, number>;
  records_inserted: number;
  records_updated: number;
  events?: number;
  unmapped_columns: string[];
  /** the export has no id column: record ids were made from the file's sha256 and the line */
  ids_from_lines?: boolean;
  /** csv, or the format the file was converted from (xlsx, json, xes) */
  format: string;
  sheet?: string;
  /** columns a field reads other than by the tool's own name: alias, localised label, variant, duplicate */
  column_matches?: HeaderMatch[];
  /** key fields (status, opened, resolved) the tool normally has that no column fills */
  header_warnings?: string[];
  /** ingest --replace: what the file's earlier load held and this load removed first */
  replaced?: Removed;
  /**
   * records whose kind is the kind of the file's object (`kind`) because the column the kind is read from
   * (usually the id, by its prefix) named none; `reason` says so in words
   */
  kind_from_object?: { records: number; kind: string; reason: string };
  /** the file already loaded whose records this file's equal (skipped, or loaded anyway with --force / instead with --replace) */
  same_rows_as?: string;
}

/** The mapping's own rows and each route's rows, as SQL conditions over the raw view. */
export function targetsOf(detection: Detection, columns: string[]): LoadTarget[] {
  const { adapter, mapping } = detection;
  const nulls = adapter.nullValues ?? [];
  const routed: LoadTarget[] = [];
  const conds: string[] = [];
  for (const r of mapping.routes ?? []) {
    const col = resolveColumns(r.column, columns)[0];
    if (!col) continue;
    const cond = `coalesce(lower(${cleanExpr(ident(col), nulls)}) IN (${r.values.map((v) => lit(v.toLowerCase())).join(', ')}), FALSE)`;
    conds.push(cond);
    routed.push({ adapter, mapping: r.mapping, where: cond });
  }
  return [{ adapter, mapping, where: conds.length ? `NOT (${conds.join(' OR ')})` : 'TRUE' }, ...routed];
}

/** Raw columns holding people (the person fields, an event log's actor): the names redaction looks for. */
function personColumnsOf(mappings: ObjectMapping[], columns: string[]): string[] {
  const out = new Set<string>();
  for (const m of mappings) {
    for (const f of Object.keys(PERSON_COLUMNS)) {
      const rule = m.fields[f];
      if (rule !== undefined) resolveColumns(rule, columns).forEach((c) => out.add(c));
    }
    if (m.eventLog?.actor) resolveColumns(m.eventLog.actor, columns).forEach((c) => out.add(c));
    if (m.activityLog?.resource) resolveColumns(m.activityLog.resource, columns).forEach((c) => out.add(c));
  }
  return [...out];
}

export function dateColumnsOf(mappings: ObjectMapping[], columns: string[]): string[] {
  const out: string[] = [];
  const add = (cs: string[]) => cs.forEach((c) => out.includes(c) || out.push(c));
  for (const m of mappings) {
    for (const def of FIELDS[m.table]) {
      const rule = m.fields[def.name];
      if ((def.type === 'timestamp' || def.type === 'date') && rule !== undefined) add(resolveColumns(rule, columns));
    }
    if (m.eventLog) add(resolveColumns(m.eventLog.time, columns));
    if (m.activityLog) add(resolveColumns(m.activityLog.time, columns));
  }
  return out;
}

/**
 * Loads one export: DuckDB reads it raw into temp tables, each object mapping turns its rows into canonical
 * records in SQL, rejects are recorded, provenance is written. Every write to the database happens in one
 * transaction, so any error leaves the database as it was.
 */
export async function ingestFile(store: Store, head: FileHead, detection: Detection, fileId: string, opts: IngestOptions, read?: RawFile): Promise<FileSummary> {
  const { adapter, mapping } = detection;
  // The raw rows are read before the transaction opens: temp tables are not part of the database, and one
  // created inside a transaction is transaction-local, which DuckDB scans on one thread (the 1M-row insert
  // from it took 15.7 s instead of 8.9 s). `read`: the caller read them already (while it hashed the file).
  const raw = read ?? (await readRaw(store, head));
  try {
    const targets = targetsOf(detection, raw.columns);
    if (detection.forced) requireIdColumns(head.source, targets, raw.columns);
    if (opts.mappingFile) await checkEnumValues(store, raw.view, head.source, opts.mappingFile, mapping, raw.columns, adapter.nullValues ?? []);
    const clean = (c: string) => cleanExpr(ident(c), adapter.nullValues ?? []);
    const formats = await sniffDateFormats(store, raw.view, dateColumnsOf(targets.map((t) => t.mapping), raw.columns), clean, opts.dateFormat, head.source, true);
    // Redaction is part of every INSERT below: no table row ever holds an original (an UPDATE after the insert
    // left them in the file's old blocks). DuckDB's uninitialised block tails still can: see privacy/redact.ts.
    const redact = opts.redact && (await redactorFor(store, opts.redact, raw.view, personColumnsOf(targets.map((t) => t.mapping), raw.columns)));
    // `other`: a file with the same records whose load this one replaces (see sameRows)
    const load = (other?: { file_id: string; path: string }) => store.transaction(async () => {
      if (opts.redact && redact) await recordRedaction(store, opts.redact, redact);
      const replaced = opts.replace ? await removeFileLoad(store, fileId) : other ? await removeFileLoad(store, other.file_id) : undefined;
      const ctx = {
        fileId, path: head.source, delimiter: head.delimiter, timezone: opts.timezone, redact,
        ...(opts.replace ? { heldByLater: laterFiles(opts.replace.ingestedAtUs) } : {}),
      };
      const results: LoadResult[] = [];
      for (const t of targets) results.push(await loadRecords(store, raw, t, formats, ctx));
      // formats settled on the sample: a rejected date may mean the column mixes formats (stops the ingest)
      if (results.some((r) => r.dateRejects > 0)) await checkDeferredFormats(store, raw.view, formats, clean, head.source);
      const text = (e: string) => (redact ? redact.text(e) : e);
      await store.run(
        sqlOf(REJECTS_SQL, 'insert', {
          reason: text('reason'),
          raw_text: text('raw_text'),
          file_id: lit(fileId),
          path: lit(head.source),
          offset: raw.lineOffset,
          table: raw.rejectTable,
        }),
      );

      const sum = (f: (r: LoadResult) => number) => results.reduce((a, r) => a + f(r), 0);
      const used = new Set(results.flatMap((r) => [...r.used]));
      const byTable: Record<string, number> = {};
      for (const r of results) if (r.records > 0 || r === results[0]) byTable[r.table] = (byTable[r.table] ?? 0) + r.records;
      const rowsRejected = raw.readerRejects + sum((r) => r.rowsRejected);
      const rowsRead = raw.total - raw.empty + raw.readerRejects;
      const object = results[0]!.eventLog ? 'event_log' : Object.keys(byTable).length > 1 ? Object.keys(byTable).join('+') : mapping.object;
      const summary: FileSummary = {
        path: head.source,
        file_id: fileId,
        status: 'loaded',
        tool: adapter.id,
        object,
        source_table: mapping.sourceTable,
        score: detection.score,
        confidence: detection.confidence,
        encoding: head.encoding + (head.bom ? ' (BOM)' : ''),
        delimiter: head.delimiter,
        date_formats: Object.fromEntries([...formats].map(([c, f]) => [c, f.format])),
        rows_read: rowsRead,
        rows_loaded: rowsRead - rowsRejected,
        rows_rejected: rowsRejected,
        empty_rows_skipped: raw.empty,
        records: sum((r) => r.records),
        records_by_table: byTable,
        records_inserted: sum((r) => r.inserted),
        records_updated: sum((r) => r.updated),
        // an event log's, or the events a record's nested updates gave (Statuspage)
        ...(results[0]!.eventLog || results.some((r) => r.events > 0) ? { events: sum((r) => r.events) } : {}),
        unmapped_columns: raw.columns.filter((c) => !used.has(c) && raw.nonEmptyColumns.has(c)),
        ...(results.some((r) => r.idless) ? { ids_from_lines: true } : {}),
        format: head.converted?.format ?? 'csv',
        ...(head.converted?.sheet ? { sheet: head.converted.sheet } : {}),
        ...(detection.headerMatches?.length ? { column_matches: detection.headerMatches } : {}),
        ...(detection.headerWarnings?.length ? { header_warnings: detection.headerWarnings } : {}),
        ...(replaced ? { replaced } : {}),
        ...(other ? { same_rows_as: other.path } : {}),
        ...kindFromObject(results, mapping),
      };
      const hash = await rowsHash(store, fileId, Object.keys(byTable) as CanonicalTable[]);
      if (!other && summary.records > 0) {
        const twin = await store.one<{ file_id: string; path: string }>('SELECT file_id, path FROM source_file WHERE rows_hash = $hash AND file_id <> $id LIMIT 1', { hash, id: fileId });
        if (twin && opts.sameRows === 'force') summary.same_rows_as = twin.path;
        else if (twin) throw new SameRows(twin); // rolls this load back
      }
      await recordSourceFile(store, summary, detection, opts.timezone, (await stat(head.source)).size, opts.replace?.ingestedAtUs, hash);
      return summary;
    });
    try {
      return await load();
    } catch (e) {
      if (!(e instanceof SameRows)) throw e;
      if (opts.sameRows === 'replace') return await load(e.other);
      return skippedSummary(head, detection, fileId, e.other.path);
    }
  } finally {
    await raw.drop();
  }
}

/**
 * A mapping the user chose (--mapping, --source) must find its id column. Without one the records get ids
 * from the file and line, and a newer export of the same tickets would be stored beside them instead of
 * replacing them (1,500 tickets became 3,000).
 */
function requireIdColumns(path: string, targets: LoadTarget[], columns: string[]): void {
  for (const { mapping } of targets) {
    const rule = mapping.fields.source_id;
    if (rule === undefined || resolveColumns(rule, columns).length > 0) continue;
    const named = columnsOf(rule);
    if (!named.length) continue; // a constant id is the mapping's own business
    const shown = columns.slice(0, 12).map((c) => `'${c}'`).join(', ') + (columns.length > 12 ? `, … (${columns.length} in all)` : '');
    throw new UserError(
      `${path}: the id column ${named.map((c) => `'${c}'`).join(' or ')} (source_id) is not in the header, whose columns are ${shown}; name one of them as source_id in the mapping`,
    );
  }
}

/** `firstIngestedAt`: a replaced file keeps its place in the order of ingestion (what a later file overwrote stays the later file's). */
async function recordSourceFile(store: Store, s: FileSummary, d: Detection, timezone: string, size: number, firstIngestedAt: number | undefined, rowsHash: string): Promise<void> {
  const row: Record<string, unknown> = {
    file_id: s.file_id,
    path: s.path,
    size_bytes: size,
    tool: s.tool,
    tool_score: s.score,
    confidence: s.confidence,
    object_kind: s.object,
    source_table: s.source_table,
    mapping: d.forced ? 'forced' : 'detected',
    delimiter: s.delimiter,
    encoding: s.encoding,
    date_formats: JSON.stringify(s.date_formats),
    timezone,
    rows_read: s.rows_read,
    rows_loaded: s.rows_loaded,
    rows_rejected: s.rows_rejected,
    empty_rows_skipped: s.empty_rows_skipped,
    records_inserted: s.records_inserted,
    records_updated: s.records_updated,
    unmapped_columns: JSON.stringify(s.unmapped_columns),
    source_format: s.format,
    sheet: s.sheet ?? null,
    rows_hash: rowsHash,
  };
  const cols = Object.keys(row);
  // (microseconds since the epoch; the session's time zone is UTC)
  const when = firstIngestedAt === undefined ? 'now(), NULL' : `make_timestamp(${firstIngestedAt}::BIGINT)::TIMESTAMPTZ, now()`;
  await store.run(`INSERT INTO source_file (${cols.join(', ')}, ingested_at, replaced_at) VALUES (${cols.map((c) => `$${c}`).join(', ')}, ${when})`, row);
}

/** A file skipped because a file already loaded holds the same records: nothing of it is loaded. */
function skippedSummary(head: FileHead, d: Detection, fileId: string, twin: string): FileSummary {
  return {
    path: head.source, file_id: fileId, status: 'skipped', tool: d.adapter.id, object: d.mapping.object, source_table: d.mapping.sourceTable,
    score: d.score, confidence: d.confidence,
    encoding: head.encoding, delimiter: head.delimiter, date_formats: {}, rows_read: 0, rows_loaded: 0, rows_rejected: 0,
    empty_rows_skipped: 0, records: 0, records_by_table: {}, records_inserted: 0, records_updated: 0, unmapped_columns: [],
    format: head.converted?.format ?? 'csv', same_rows_as: twin,
  };
}

/** The summary's account of records whose kind came from the file's object rather than their id (issue 17, item 2). */
function kindFromObject(results: LoadResult[], mapping: ObjectMapping): Pick<FileSummary, 'kind_from_object'> {
  const hits = results.flatMap((r) => (r.kindFromObject ? [r.kindFromObject] : []));
  if (!hits.length) return {};
  const { kind, column, idColumn } = hits[0]!;
  const prefixes = mapping.idPrefixes?.length ? ` (such as ${mapping.idPrefixes.join(', ')})` : '';
  const why = idColumn ? `their ids (column '${column}') carry no prefix that names a kind${prefixes}` : `their column '${column}' is empty or names no kind`;
  const reason = `${why}, and the file was recognised as ${/^[aeiou]/i.test(mapping.sourceTable) ? 'an' : 'a'} ${mapping.sourceTable} export`;
  return { kind_from_object: { records: hits.reduce((a, h) => a + h.records, 0), kind, reason } };
}
