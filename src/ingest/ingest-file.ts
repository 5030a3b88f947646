import { stat } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Store } from '../store/db.js';
import { ident, lit } from '../store/db.js';
import { FIELDS, KEY_COLUMN } from '../store/schema.js';
import { UserError } from '../errors.js';
import type { ObjectMapping } from '../sources/types.js';
import { cleanExpr, compileMapping, resolveColumns } from './compile.js';
import { parseExpr, sniffDateFormats } from './dates.js';
import type { Detection } from './detect.js';
import { transcodeUtf16 } from './files.js';
import { uniqueColumnNames } from './headers.js';
import type { FileHead } from './sniff.js';

export interface IngestOptions {
  timezone: string;
  dateFormat?: string;
}

/** What happened to one file; printed per file and stored in `source_file`. */
export interface FileSummary {
  path: string;
  file_id: string;
  status: 'loaded' | 'unchanged';
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
  records_inserted: number;
  records_updated: number;
  events?: number;
  unmapped_columns: string[];
}

let seq = 0;

/**
 * Loads one export in one transaction: raw read by DuckDB, mapped to canonical rows in SQL, rejects
 * recorded, records upserted by key. Any error rolls the whole file back.
 */
export async function ingestFile(
  store: Store,
  head: FileHead,
  detection: Detection,
  fileId: string,
  opts: IngestOptions,
): Promise<FileSummary> {
  const { adapter, mapping } = detection;
  const n = ++seq;
  const raw = `raw_${n}`;
  const lined = `lined_${n}`;
  const staged = `staged_${n}`;
  const rejTable = `reader_rejects_${n}`;
  const rejScan = `reader_scans_${n}`;
  let readPath = head.path;
  let tempFile: string | undefined;
  if (head.encoding === 'utf-16le' || head.encoding === 'utf-16be') {
    tempFile = await transcodeUtf16(head.path, head.compressed, head.encoding === 'utf-16be');
    readPath = tempFile;
  }
  try {
    return await store.transaction(async () => {
      const columns = uniqueColumnNames(head.header);
      const colSpec = `{${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
      const read = (encoding: string) =>
        store.run(
          `CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT row_number() OVER () AS __k, * FROM read_csv(${lit(readPath)}, columns = ${colSpec}, header = true,
             auto_detect = false, delim = ${lit(head.delimiter)}, quote = '"', escape = '"', skip = ${head.skipLines},
             encoding = ${lit(encoding)}, store_rejects = true, rejects_table = ${lit(rejTable)}, rejects_scan = ${lit(rejScan)},
             max_line_size = 16777216)`,
        );
      try {
        try {
          await read(head.encoding === 'latin-1' ? 'latin-1' : 'utf-8');
        } catch (e) {
          // The first megabyte was valid UTF-8 but a later byte is not: the file is latin-1 (Excel's default).
          if (head.encoding !== 'utf-8' || !/unicode|utf-?8/i.test(firstLine(e))) throw e;
          head.encoding = 'latin-1';
          await store.run(`DROP TABLE IF EXISTS ${rejTable}; DROP TABLE IF EXISTS ${rejScan}`);
          await read('latin-1');
        }
      } catch (e) {
        throw new UserError(`${head.path}: could not be read as ${describeDialect(head)}: ${firstLine(e)}`);
      }
      const nulls = adapter.nullValues ?? [];
      const clean = (c: string) => cleanExpr(ident(c), nulls);

      // Line numbers: raw __k is the k-th accepted record in file order; records the reader rejected sit in between.
      const headerLine = head.skipLines + 1;
      // DuckDB may log several errors for one record (one per surplus column): one record, one reject.
      const readerRejects = (await store.one<{ n: number }>(`SELECT count(DISTINCT line) AS n FROM ${rejTable}`))!.n;
      // A row whose every cell is empty (HPSM exports end with hundreds of `;;;;` lines) is not data.
      const allNull = `coalesce(${columns.map((c) => ident(c)).join(', ')}) IS NULL`;
      // Fast path without reader rejects; otherwise an ASOF join on g = good records before reject i.
      const lineExpr = readerRejects === 0
        ? `${headerLine} + __k`
        : `${headerLine} + __k + coalesce(j.before, 0)`;
      const rejJoin = readerRejects === 0
        ? ''
        : `ASOF LEFT JOIN (SELECT line - ${headerLine} - i AS g, max(i) AS before
             FROM (SELECT line, row_number() OVER (ORDER BY line) AS i FROM (SELECT DISTINCT line FROM ${rejTable})) GROUP BY 1) j ON __k > j.g`;
      await store.run(`CREATE TEMP VIEW ${lined} AS
        SELECT ${lineExpr} AS __line, (${allNull}) AS __empty, raw.* EXCLUDE (__k) FROM ${raw} AS raw ${rejJoin}`);
      const counts = (await store.one<{ total: number; empty: number }>(
        `SELECT count(*) AS total, count(*) FILTER (WHERE __empty) AS empty FROM ${lined}`,
      ))!;

      // Which columns are in use, and which hold data nothing maps (kept in `extra`, listed in the summary).
      const nonNull = (await store.one<Record<string, number>>(
        `SELECT ${columns.map((c, i) => `count(${clean(c)}) AS c${i}`).join(', ')} FROM ${lined} WHERE NOT __empty`,
      ))!;
      const dateCols = dateColumnsOf(mapping, columns);
      const formats = await sniffDateFormats(store, `${lined}`, dateCols, clean, opts.dateFormat, head.path);
      const compiled = compileMapping(adapter, mapping, columns, formats, opts.timezone);
      if (compiled.idExpr === 'NULL') {
        throw new UserError(`${head.path}: no id column found for ${adapter.name} ${mapping.sourceTable} (expected one of ${JSON.stringify(mapping.fields.source_id)}); use --mapping`);
      }
      const eventCols = mapping.eventLog
        ? {
            seq: resolveColumns(mapping.eventLog.seq, columns)[0],
            time: resolveColumns(mapping.eventLog.time, columns)[0],
            actor: mapping.eventLog.actor ? resolveColumns(mapping.eventLog.actor, columns)[0] : undefined,
          }
        : undefined;
      const used = new Set(compiled.used);
      if (eventCols?.seq) used.add(eventCols.seq);
      if (eventCols?.actor) used.add(eventCols.actor);
      const ciCols = mapping.perRowCi
        ? Object.fromEntries(Object.entries(mapping.perRowCi).map(([k, v]) => [k, resolveColumns(v, columns)[0]]))
        : undefined;
      const unmapped = columns.filter((c, i) => !used.has(c) && (nonNull[`c${i}`] ?? 0) > 0);
      const extra = unmapped.length
        ? `json_object(${unmapped.map((c) => `${lit(c)}, ${clean(c)}`).join(', ')})`
        : 'NULL';
      const reason = [
        [`${compiled.idExpr} IS NULL`, lit(`no value in the id column '${resolveColumns(mapping.fields.source_id!, columns)[0]}'`)],
        ...compiled.rejectChecks,
      ] as [string, string][];
      const reasonExpr = `CASE ${reason.map(([c, r]) => `WHEN ${c} THEN ${r}`).join(' ')} ELSE NULL END`;
      const rawText = `concat_ws(${lit(head.delimiter)}, ${columns.map((c) => `coalesce(l.${ident(c)}, '')`).join(', ')})`;
      const timeField = eventCols?.time ? formats.get(eventCols.time) : undefined;
      const extras: string[] = [];
      if (eventCols?.seq) extras.push(`TRY_CAST(${clean(eventCols.seq)} AS BIGINT) AS __seq`);
      if (eventCols?.time) {
        extras.push(`${timeField ? parseExpr(clean(eventCols.time), timeField, opts.timezone, false) : 'NULL'} AS __evtime`);
      }
      if (eventCols?.actor) extras.push(`${clean(eventCols.actor)} AS __actor`);
      if (ciCols) for (const [k, c] of Object.entries(ciCols)) extras.push(`${c ? clean(c) : 'NULL'} AS __ci_${k}`);
      await store.run(`CREATE TEMP TABLE ${staged} AS
        SELECT __line, ${compiled.idExpr} AS __id, ${reasonExpr} AS __reason,
               ${[...compiled.select, ...extras].join(',\n               ')},
               ${extra} AS extra
        FROM ${lined} WHERE NOT __empty`);

      const table = mapping.table;
      const key = KEY_COLUMN[table];
      const keyExpr = `${lit(adapter.id + ':')} || __id`;
      const valid = (await store.one<{ rows: number; ids: number }>(
        `SELECT count(*) AS rows, count(DISTINCT __id) AS ids FROM ${staged} WHERE __reason IS NULL`,
      ))!;
      const isEventLog = Boolean(eventCols?.seq && valid.ids < valid.rows);
      const final = `final_${n}`;
      let events = 0;
      const fieldCols = FIELDS[table].flatMap((f) => (f.raw ? [f.name, `${f.name}_raw`] : [f.name]));
      if (isEventLog) {
        // One row per update: every row is an event; the ticket is its latest row (highest update counter,
        // then latest update time), plus what only the history shows (first assignment).
        await store.run(`CREATE TEMP TABLE ${final} AS
          SELECT s.* EXCLUDE (first_assigned_at), l.first_assigned_at_h AS first_assigned_at
          FROM ${staged} s JOIN (
            SELECT __id, arg_max(__line, (coalesce(__seq, -1), coalesce(__evtime, TIMESTAMPTZ '0001-01-01'), __line)) AS last_line,
                   min(CASE WHEN assignee IS NOT NULL OR assignment_group IS NOT NULL THEN __evtime END) AS first_assigned_at_h
            FROM ${staged} WHERE __reason IS NULL GROUP BY __id) l ON s.__line = l.last_line`);
        events = await insertEvents(store, staged, keyExpr, fileId);
      } else if (ciCols) {
        // One row per affected CI: the record is its first row; every row adds a change↔CI link.
        await store.run(`CREATE TEMP TABLE ${final} AS
          SELECT * EXCLUDE (__rk) FROM (SELECT *, row_number() OVER (PARTITION BY __id ORDER BY __line) AS __rk
            FROM ${staged} WHERE __reason IS NULL) WHERE __rk = 1`);
        await store.run(`DELETE FROM change_ci WHERE change_key IN (SELECT ${keyExpr} FROM ${final})`);
        // Every row is kept as a link with its line (the BPI file lists 147 change/CI pairs twice, with
        // different details); count DISTINCT ci_name when a question is about CIs.
        await store.run(`INSERT INTO change_ci SELECT ${keyExpr}, __ci_ci_name, __ci_ci_type, __ci_ci_subtype, __ci_service, ${lit(fileId)}, __line
          FROM ${staged} WHERE __reason IS NULL AND __ci_ci_name IS NOT NULL ORDER BY __line`);
      } else {
        // A snapshot lists each record once; a repeated id keeps its last row and rejects the earlier ones.
        await store.run(`UPDATE ${staged} SET __reason = 'duplicate id ' || s.__id || ': superseded by line ' || s.last_line
          FROM (SELECT __id, max(__line) AS last_line FROM ${staged} WHERE __reason IS NULL GROUP BY __id HAVING count(*) > 1) s
          WHERE ${staged}.__id = s.__id AND ${staged}.__reason IS NULL AND ${staged}.__line < s.last_line`);
        await store.run(`CREATE TEMP TABLE ${final} AS SELECT * FROM ${staged} WHERE __reason IS NULL`);
      }

      // A record already stored from a newer export (later updated_at) is not overwritten by an older one.
      const hasUpdated = FIELDS[table].some((f) => f.name === 'updated_at');
      if (hasUpdated) {
        const stale = `SELECT f.__id FROM ${final} f JOIN ${ident(table)} t ON t.${key} = ${lit(adapter.id + ':')} || f.__id
          WHERE t.updated_at IS NOT NULL AND f.updated_at IS NOT NULL AND t.updated_at > f.updated_at`;
        if (!isEventLog) {
          await store.run(`UPDATE ${staged} SET __reason = 'superseded: the store holds a newer version of ' || __id || ' (later updated_at)'
            WHERE __reason IS NULL AND __id IN (${stale})`);
        }
        await store.run(`DELETE FROM ${final} WHERE __id IN (${stale})`);
      }
      const recordCount = (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${final}`))!.n;
      const updated = (await store.one<{ n: number }>(
        `SELECT count(*) AS n FROM ${ident(table)} WHERE ${key} IN (SELECT ${keyExpr} FROM ${final})`,
      ))!.n;
      await store.run(`DELETE FROM ${ident(table)} WHERE ${key} IN (SELECT ${keyExpr} FROM ${final})`);
      await store.run(`INSERT INTO ${ident(table)} (${key}, file_id, source_row, source_tool, source_table, ${fieldCols.join(', ')}, extra)
        SELECT ${keyExpr}, ${lit(fileId)}, __line, ${lit(adapter.id)}, ${lit(mapping.sourceTable)}, ${fieldCols.join(', ')}, extra FROM ${final}`);

      // Rejects: records the CSV reader could not split into the header's columns, then rows mapping refused.
      await store.run(`INSERT INTO rejects SELECT ${lit(fileId)}, ${lit(head.path)}, line,
          arg_max(lower(error_type) || ': ' || error_message, column_idx), any_value(csv_line) FROM ${rejTable} GROUP BY line ORDER BY line`);
      await store.run(`INSERT INTO rejects SELECT ${lit(fileId)}, ${lit(head.path)}, s.__line, s.__reason, ${rawText}
          FROM ${staged} s JOIN ${lined} l ON l.__line = s.__line WHERE s.__reason IS NOT NULL ORDER BY s.__line`);
      const rejectedMapped = (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${staged} WHERE __reason IS NOT NULL`))!.n;

      const rowsRead = counts.total - counts.empty + readerRejects;
      const rowsRejected = readerRejects + rejectedMapped;
      const summary: FileSummary = {
        path: head.path,
        file_id: fileId,
        status: 'loaded',
        tool: adapter.id,
        object: isEventLog ? 'event_log' : mapping.object,
        source_table: mapping.sourceTable,
        score: detection.score,
        confidence: detection.confidence,
        encoding: head.encoding + (head.bom ? ' (BOM)' : ''),
        delimiter: head.delimiter,
        date_formats: Object.fromEntries([...formats].map(([c, f]) => [c, f.format])),
        rows_read: rowsRead,
        rows_loaded: rowsRead - rowsRejected,
        rows_rejected: rowsRejected,
        empty_rows_skipped: counts.empty,
        records: recordCount,
        records_inserted: recordCount - updated,
        records_updated: updated,
        ...(isEventLog ? { events } : {}),
        unmapped_columns: unmapped,
      };
      const size = (await stat(head.path)).size;
      await store.run(
        `INSERT INTO source_file VALUES ($file_id, $path, $size, $tool, $score, $confidence, $object, $source_table, $style, $mapping,
          $delimiter, $encoding, $date_formats, $timezone, $rows_read, $rows_loaded, $rows_rejected, $empty, $inserted, $updated,
          $unmapped, now())`,
        {
          file_id: fileId,
          path: head.path,
          size,
          tool: adapter.id,
          score: detection.score,
          confidence: detection.confidence,
          object: summary.object,
          source_table: mapping.sourceTable,
          style: null,
          mapping: detection.forced ? 'forced' : 'detected',
          delimiter: head.delimiter,
          encoding: summary.encoding,
          date_formats: JSON.stringify(summary.date_formats),
          timezone: opts.timezone,
          rows_read: rowsRead,
          rows_loaded: summary.rows_loaded,
          rows_rejected: rowsRejected,
          empty: counts.empty,
          inserted: summary.records_inserted,
          updated,
          unmapped: JSON.stringify(unmapped),
        },
      );
      await store.run(`DROP VIEW IF EXISTS ${lined}`);
      for (const t of [raw, staged, final, rejTable, rejScan]) await store.run(`DROP TABLE IF EXISTS ${t}`);
      return summary;
    });
  } finally {
    if (tempFile) await rm(dirname(tempFile), { recursive: true, force: true });
  }
}

function dateColumnsOf(mapping: ObjectMapping, columns: string[]): string[] {
  const out: string[] = [];
  for (const def of FIELDS[mapping.table]) {
    if (def.type !== 'timestamp' && def.type !== 'date') continue;
    const rule = mapping.fields[def.name];
    if (rule === undefined) continue;
    for (const c of resolveColumns(rule, columns)) if (!out.includes(c)) out.push(c);
  }
  if (mapping.eventLog) for (const c of resolveColumns(mapping.eventLog.time, columns)) if (!out.includes(c)) out.push(c);
  return out;
}

/** Event-log rows → ticket_event: one `update` per row, and the field changes between consecutive rows. */
async function insertEvents(store: Store, staged: string, keyExpr: string, fileId: string): Promise<number> {
  const before = (await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket_event'))!.n;
  const tracked: [string, string][] = [
    ['status_raw', 'state_change'],
    ['priority_raw', 'priority_change'],
    ['assignment_group', 'group_change'],
    ['assignee', 'assignment'],
  ];
  const changes = tracked
    .map(
      ([col, type]) => `SELECT key || ':' || coalesce(__seq::VARCHAR, __line::VARCHAR) || ':' || ${lit(col.replace(/_raw$/, ''))}, key, __line, __evtime, __seq, __actor,
        ${lit(type)}, ${lit(col.replace(/_raw$/, ''))}, prev_${col}, ${col}
        FROM ordered WHERE ${col} IS DISTINCT FROM prev_${col} AND rn > 1`,
    )
    .join('\nUNION ALL\n');
  await store.run(`INSERT INTO ticket_event
    WITH ordered AS (
      SELECT ${keyExpr} AS key, __line, __evtime, __seq, __actor, ${tracked.map(([c]) => c).join(', ')},
             ${tracked.map(([c]) => `lag(${c}) OVER w AS prev_${c}`).join(', ')},
             row_number() OVER w AS rn
      FROM ${staged} WHERE __reason IS NULL
      WINDOW w AS (PARTITION BY __id ORDER BY __seq NULLS FIRST, __evtime NULLS FIRST, __line)),
    ev AS (
      SELECT key || ':' || coalesce(__seq::VARCHAR, __line::VARCHAR) AS event_key, key, __line, __evtime, __seq, __actor,
             'update' AS event_type, 'status' AS field, NULL AS old_value, status_raw AS new_value FROM ordered
      UNION ALL ${changes})
    SELECT event_key, key, 'ticket', ${lit(fileId)}, __line, __evtime, __seq, __actor, event_type, field, old_value, new_value, NULL
    FROM ev WHERE event_key NOT IN (SELECT event_key FROM ticket_event)`);
  return (await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket_event'))!.n - before;
}

function describeDialect(h: FileHead): string {
  const d = h.delimiter === '\t' ? 'tab' : `'${h.delimiter}'`;
  return `${h.encoding} text with ${d} delimiter`;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
