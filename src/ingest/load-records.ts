import type { Store } from '../store/db.js';
import { ident, lit, memoryLimitBytes } from '../store/db.js';
import { insertMemoryLimit } from '../store/memory.js';
import { FIELDS, KEY_COLUMN } from '../store/schema.js';
import { UserError } from '../errors.js';
import type { ObjectMapping, SourceAdapter } from '../sources/types.js';
import { cleanExpr, compileMapping, resolveColumns, vocabExpr, vocabFor, type CompiledMapping, type VocabLookups } from './compile.js';
import { parsedExpr, parseExpr, type ColumnDateFormat } from './dates.js';
import type { RawFile } from './read-raw.js';
import type { Redactor } from '../privacy/redact.js';
import { WIDE } from './convert/duck.js';
import { declareCompression } from '../store/compression.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The sample of a file's vocabulary texts (vocab.sql). */
const VOCAB_SQL = loadSqlFile('ingest/vocab.sql');

/** The rows of one file that one object mapping loads (all of them, or those a route selects). */
export interface LoadTarget {
  adapter: SourceAdapter;
  mapping: ObjectMapping;
  /** SQL condition over the raw view selecting this mapping's rows */
  where: string;
}

export interface LoadResult {
  table: string;
  eventLog: boolean;
  /** no id column: record ids were made from the file and line */
  idless: boolean;
  rowsLoaded: number;
  rowsRejected: number;
  /** rows rejected for a date their column's format does not read (see checkDeferredFormats) */
  dateRejects: number;
  records: number;
  inserted: number;
  updated: number;
  events: number;
  used: Set<string>;
  /** records whose kind is the file's object's because their kind column (the id) named none (see compile.ts) */
  kindFromObject?: { records: number; kind: string; column: string; idColumn: boolean };
}

let seq = 0;

/** Columns a mapping reads besides its fields: update counter/actor, activity columns, per-row CI columns. */
export function bookkeepingColumns(mapping: ObjectMapping, columns: string[]): string[] {
  const al = mapping.activityLog;
  const rules = [mapping.eventLog?.seq, mapping.eventLog?.actor, al?.activity, al?.time, al?.resource, ...Object.values(mapping.perRowCi ?? {})];
  return rules.flatMap((r) => (r ? resolveColumns(r, columns).slice(0, 1) : []));
}

/**
 * Maps rows to canonical records in SQL and upserts them by key: a snapshot keeps the last row of a
 * repeated id (earlier ones are rejected as superseded), an event log collapses to its latest row per
 * ticket with the history in ticket_event, a one-row-per-CI export folds into one record plus CI links.
 */
export async function loadRecords(
  store: Store,
  raw: RawFile,
  target: LoadTarget,
  formats: Map<string, ColumnDateFormat>,
  ctx: {
    fileId: string;
    path: string;
    delimiter: string;
    timezone: string;
    redact?: Redactor;
    /** ingest --replace: SQL selecting the file_ids ingested after this file; records they hold are theirs */
    heldByLater?: string;
  },
): Promise<LoadResult> {
  const { adapter, mapping } = target;
  const red = ctx.redact;
  const n = ++seq;
  const staged = `staged_${n}`;
  const verdict = `verdict_${n}`;
  const final = `final_${n}`;
  const columns = raw.columns;
  // The mapping reads rows whose cells are already clean, each column cleaned once (the mapping names a
  // column in its value, its raw companion, its checks: each was a trim and null-marker test of its own),
  // and each date column parsed once (the value and the reject check read the same parse).
  const clean = (c: string) => ident(c);
  const parsed = new Map([...formats.keys()].filter((c) => columns.includes(c)).map((c, i) => [c, `__p${i}`]));
  const first = compileMapping(adapter, mapping, columns, formats, ctx.timezone, { parsed });
  const lookups = await vocabLookups(store, raw, target.where, first.vocabFields, adapter.nullValues ?? []);
  const compiled = lookups.size ? compileMapping(adapter, mapping, columns, formats, ctx.timezone, { parsed, lookups }) : first;
  // No id column (a text-only incident list): ids from the file and line, stable for the same file.
  const idless = compiled.idExpr === 'NULL';
  if (idless) compiled.idExpr = `${lit(`${ctx.fileId.slice(0, 12)}-L`)} || __line`;
  const eventCols = mapping.eventLog && {
    seq: resolveColumns(mapping.eventLog.seq, columns)[0],
    time: resolveColumns(mapping.eventLog.time, columns)[0],
    actor: mapping.eventLog.actor ? resolveColumns(mapping.eventLog.actor, columns)[0] : undefined,
  };
  const ciCols = mapping.perRowCi && {
    ci_name: resolveColumns(mapping.perRowCi.ci_name, columns)[0],
    ci_type: mapping.perRowCi.ci_type ? resolveColumns(mapping.perRowCi.ci_type, columns)[0] : undefined,
    ci_subtype: mapping.perRowCi.ci_subtype ? resolveColumns(mapping.perRowCi.ci_subtype, columns)[0] : undefined,
    service: mapping.perRowCi.service ? resolveColumns(mapping.perRowCi.service, columns)[0] : undefined,
  };
  const act = mapping.activityLog && {
    activity: resolveColumns(mapping.activityLog.activity, columns)[0],
    time: resolveColumns(mapping.activityLog.time, columns)[0],
    resource: mapping.activityLog.resource ? resolveColumns(mapping.activityLog.resource, columns)[0] : undefined,
  };
  if (act && (!act.activity || !act.time)) {
    throw new UserError(`${ctx.path}: an activity log needs its activity and timestamp columns (${JSON.stringify(mapping.activityLog)}); use --mapping`);
  }
  const nestedCols = {
    updates: mapping.nested?.updates ? resolveColumns(mapping.nested.updates.column, columns)[0] : undefined,
    services: mapping.nested?.services ? resolveColumns(mapping.nested.services.column, columns)[0] : undefined,
  };
  const used = new Set([...compiled.used, ...bookkeepingColumns(mapping, columns), ...Object.values(nestedCols).filter((c): c is string => Boolean(c))]);

  const idColumn = resolveColumns(mapping.fields.source_id ?? [], columns)[0];
  const checks: [string, string][] = [[`${compiled.idExpr} IS NULL`, lit(`no value in the id column '${idColumn}'`)], ...compiled.rejectChecks];
  const extras: string[] = [];
  if (eventCols?.seq) extras.push(`TRY_CAST(${clean(eventCols.seq)} AS BIGINT) AS __seq`);
  if (eventCols?.time) {
    const f = formats.get(eventCols.time);
    extras.push(`${f ? parseExpr(clean(eventCols.time), f, ctx.timezone, false, parsed.get(eventCols.time)) : 'NULL::TIMESTAMPTZ'} AS __evtime`);
  } else if (eventCols) {
    // an event log without its update-time column (renamed, or a mapping without `time`): ordered by counter and line
    extras.push('NULL::TIMESTAMPTZ AS __evtime');
  }
  if (eventCols) extras.push(`${eventCols.actor ? clean(eventCols.actor) : 'NULL'} AS __actor`);
  if (act) {
    const f = formats.get(act.time!);
    extras.push(
      `${clean(act.activity!)} AS __activity`,
      `${f ? parseExpr(clean(act.time!), f, ctx.timezone, false, parsed.get(act.time!)) : 'NULL::TIMESTAMPTZ'} AS __evtime`,
      `${act.resource ? clean(act.resource) : 'NULL'} AS __actor`,
    );
    checks.push([`${clean(act.time!)} IS NULL`, lit(`no timestamp in the activity's column '${act.time}'`)]);
  }
  if (ciCols) for (const [k, c] of Object.entries(ciCols)) extras.push(`${c ? clean(c) : 'NULL'} AS __ci_${k}`);
  if (mapping.nested) for (const [k, c] of Object.entries(nestedCols)) extras.push(`${c ? clean(c) : 'NULL'} AS __nested_${k}`);
  const reasonExpr = `CASE ${checks.map(([c, r]) => `WHEN ${c} THEN ${r}`).join(' ')} ELSE NULL END`;
  const nulls = adapter.nullValues ?? [];
  // Columns nothing maps are kept per record in `extra` (only those holding data somewhere in the file), built
  // from the raw cells in the innermost projection as one expression. (Each unmapped column was a cleaned
  // column of that projection, read by name in `extra`: DuckDB binds a projection of many expressions with
  // AND/OR in quadratic time, and again for each statement over the stacked views: a 10,000-column export
  // took ~330 CPU-s. One json_object of the cleaned cells binds in near-linear time.)
  const unmapped = columns.filter((c) => !used.has(c) && raw.nonEmptyColumns.has(c));
  const extra = extraExpr(unmapped, nulls, raw.total - raw.empty);
  // The mapped rows are a view: a snapshot (the common, large case) is computed from the raw rows straight into
  // the canonical table (on a first load once, else after a narrow verdict pass), which is faster than
  // materialising every canonical column in a temp table first (at 1M incidents, 9.4 s staging + 8.7 s insert →
  // 1.8 s + 9.1 s).
  const mapped = `mapped_${n}`;
  const read = columns.filter((c) => used.has(c));
  // Each statement over the stacked views below binds them again, `extra` included. Above WIDE unmapped columns
  // `extra` is built once, with the rows this mapping reads and their mapped columns, in a table the views read.
  const wideExtra = unmapped.length > WIDE ? `wide_${n}` : undefined;
  if (wideExtra) {
    await store.run(`CREATE TEMP TABLE ${wideExtra} AS SELECT __line, ${[...read.map(ident), `${extra} AS __extra`].join(', ')}
      FROM ${raw.view} WHERE NOT __empty AND (${target.where})`);
  }
  const cleaned = `SELECT __line, ${[...read.map((c) => `${cleanExpr(ident(c), nulls)} AS ${ident(c)}`), `${wideExtra ? '__extra' : extra} AS __extra`].join(', ')}
    FROM ${wideExtra ?? `${raw.view} WHERE NOT __empty AND (${target.where})`}`;
  const dated = [...parsed].filter(([c]) => read.includes(c));
  const parses = dated.map(([c, p]) => `${parsedExpr(ident(c), formats.get(c)!)} AS ${p}`);
  // DuckDB's strptime reads the words 'infinity', '-infinity' and 'epoch' (any case, spaces around) as 1900-01-01,
  // whatever the format: set right over the parsed column (a column reference: one comparison a value; wrapping
  // the parse itself repeated it in the SQL). 'infinity', PostgreSQL's "never", is the sentinel 9999-12-31 (no
  // instant, like a written 9999-12-31); a 1900-01-01 whose text does not name 1900 is no date (a reject).
  const words = dated.map(([c, p]) =>
    `CASE WHEN ${p} = TIMESTAMP '1900-01-01' AND NOT contains(${ident(c)}, '1900') THEN CASE WHEN lower(trim(${ident(c)})) IN ('infinity', '+infinity') THEN TIMESTAMP '9999-12-31' END ELSE ${p} END AS ${p}`);
  const withParsed = parses.length ? `SELECT * REPLACE (${words.join(', ')}) FROM (SELECT *, ${parses.join(', ')} FROM (${cleaned}))` : cleaned;
  await store.run(`CREATE TEMP VIEW ${mapped} AS
    SELECT __line, ${compiled.idExpr} AS __id, ${reasonExpr} AS __reason,
           ${[...compiled.select, ...extras].join(',\n           ')},
           __extra AS extra${compiled.kindFromObject ? `, ${compiled.kindFromObject.expr} AS __kind_obj` : ''}
    FROM (${withParsed})`);

  const table = mapping.table;
  const key = KEY_COLUMN[table];
  const keyExpr = `${lit(adapter.id + ':')} || __id`;
  const hasUpdatedAt = FIELDS[table].some((f) => f.name === 'updated_at');
  // No record of this tool stored yet (a first ingest): nothing to supersede, update or delete, and the
  // joins of every row's key against the table are skipped.
  const stored = (await store.one<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${ident(table)} WHERE source_tool = ${lit(adapter.id)} LIMIT 1)`))!.n > 0;
  // the first load into the table: the compression its columns' nature settles is declared (store/compression.ts)
  if (!stored) await declareCompression(store, table);
  // Each row's id and reject reason (and version time): what deduplication, staleness and rejects need.
  const verdictOf = (where: string) =>
    store.run(`CREATE TEMP TABLE ${verdict} AS SELECT __line, __id, __reason${hasUpdatedAt ? ', updated_at' : ''}${compiled.kindFromObject ? ', __kind_obj' : ''} FROM ${mapped} WHERE ${where}`);
  // A snapshot's first load whose ids are all distinct (a full export loaded once): no row can be a duplicate, stale
  // or held by a later file, so a row is loaded exactly when it has no reject reason. The insert takes those rows,
  // mapping each once, and the verdict (ids, reasons: every date parsed a first time, 0.7 CPU-s at 1M incidents) is
  // built after it from the rows with a reason alone, when there are any. Not for activity logs, per-CI rows and
  // nested records, whose records are assembled from several rows or tables after the verdict.
  // (the same pass counts the rows the mapping reads, which the summary reports)
  const firstLoad = !stored && !act && !ciCols && !mapping.nested && !ctx.heldByLater
    ? (await store.one<{ rows: number; distinct: boolean }>(`SELECT count(*) AS rows, count(__id) = count(DISTINCT __id) AS distinct FROM ${mapped}`))!
    : undefined;
  const fused = Boolean(firstLoad?.distinct);
  let valid = { rows: 0, ids: 0 };
  if (!fused) {
    await verdictOf('TRUE');
    valid = (await store.one<{ rows: number; ids: number }>(`SELECT count(*) AS rows, count(DISTINCT __id) AS ids FROM ${verdict} WHERE __reason IS NULL`))!;
  }
  // (fused: every id is distinct, so not an event log; `valid` is not counted)
  const eventLog = !fused && Boolean((eventCols?.seq && valid.ids < valid.rows) || act);
  let events = 0;
  // Event logs and per-CI rows read every mapped column several times: materialised once.
  if (eventLog || ciCols) await store.run(`CREATE TEMP TABLE ${staged} AS SELECT * FROM ${mapped}`);
  if (act) {
    // A case's record: the case attributes of its first row; its times and status from its activities.
    const resolved = lit((mapping.activityLog!.resolved ?? 'resolv|solved|fixed|complet').toLowerCase());
    const closed = lit((mapping.activityLog!.closed ?? 'clos').toLowerCase());
    await store.run(`CREATE TEMP TABLE ${final} AS
      SELECT s.* EXCLUDE (opened_at, resolved_at, closed_at, updated_at, status, status_raw),
             coalesce(s.opened_at, a.first_at) AS opened_at, coalesce(s.resolved_at, a.resolved_h) AS resolved_at,
             coalesce(s.closed_at, a.closed_h) AS closed_at, a.last_at AS updated_at,
             CASE WHEN a.closed_h IS NOT NULL THEN 'closed' WHEN a.resolved_h IS NOT NULL THEN 'resolved' ELSE 'in_progress' END AS status,
             a.last_activity AS status_raw
      FROM ${staged} s JOIN (
        SELECT __id, arg_min(__line, (__evtime, __line)) AS first_line, min(__evtime) AS first_at, max(__evtime) AS last_at,
               min(__evtime) FILTER (WHERE regexp_matches(lower(__activity), ${resolved})) AS resolved_h,
               max(__evtime) FILTER (WHERE regexp_matches(lower(__activity), ${closed})) AS closed_h,
               arg_max(__activity, (__evtime, __line)) AS last_activity
        FROM ${staged} WHERE __reason IS NULL GROUP BY __id) a ON s.__line = a.first_line`);
    const before = (await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket_event'))!.n;
    await store.run(`INSERT INTO ticket_event
      SELECT key || ':' || k, key, 'ticket', ${lit(ctx.fileId)}, __line, __evtime, k, ${red ? red.person('actor', '__actor') : '__actor'}, 'activity', 'activity', NULL,
             ${red ? red.text('__activity') : '__activity'}, NULL, NULL
      FROM (SELECT ${keyExpr} AS key, row_number() OVER (PARTITION BY __id ORDER BY __evtime, __line) AS k, * FROM ${staged} WHERE __reason IS NULL)
      WHERE key || ':' || k NOT IN (SELECT event_key FROM ticket_event)`);
    events = (await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket_event'))!.n - before;
  } else if (eventLog) {
    // Every row is an event; the ticket is its latest row (highest update counter, then latest update
    // time, then last line) plus what only the history shows (first assignment).
    await store.run(`CREATE TEMP TABLE ${final} AS
      SELECT s.* EXCLUDE (first_assigned_at), l.first_assigned_at_h AS first_assigned_at
      FROM ${staged} s JOIN (
        SELECT __id, arg_max(__line, (coalesce(__seq, -1), coalesce(__evtime, TIMESTAMPTZ '0001-01-01'), __line)) AS last_line,
               min(CASE WHEN assignee IS NOT NULL OR assignment_group IS NOT NULL THEN __evtime END) AS first_assigned_at_h
        FROM ${staged} WHERE __reason IS NULL GROUP BY __id) l ON s.__line = l.last_line`);
    events = await insertEvents(store, staged, keyExpr, ctx.fileId, red);
  } else if (ciCols) {
    // One row per affected CI: the record is its first row; every row is kept as a change↔CI link with its
    // line (the BPI file lists 147 change/CI pairs twice with different details: count DISTINCT for CIs).
    await store.run(`CREATE TEMP TABLE ${final} AS
      SELECT * EXCLUDE (__rk) FROM (SELECT *, row_number() OVER (PARTITION BY __id ORDER BY __line) AS __rk
        FROM ${staged} WHERE __reason IS NULL) WHERE __rk = 1`);
  } else if (fused) {
    await store.run(`CREATE TEMP VIEW ${final} AS SELECT * FROM ${mapped} WHERE __reason IS NULL`);
  } else {
    // A snapshot lists each record once; a repeated id keeps its last row and rejects the earlier ones. (When the
    // valid rows' ids are all distinct, counted above, there is none: the grouping of every id is skipped.)
    if (valid.ids < valid.rows) await store.run(`UPDATE ${verdict} SET __reason = 'duplicate id ' || s.__id || ': superseded by line ' || s.last_line
      FROM (SELECT __id, max(__line) AS last_line FROM ${verdict} WHERE __reason IS NULL GROUP BY __id HAVING count(*) > 1) s
      WHERE ${verdict}.__id = s.__id AND ${verdict}.__reason IS NULL AND ${verdict}.__line < s.last_line`);
    // A record stored from a newer export (later updated_at) is not overwritten by an older one.
    if (hasUpdatedAt && stored) {
      await store.run(`UPDATE ${verdict} SET __reason = 'superseded: the store holds a newer version of ' || __id || ' (later updated_at)'
        WHERE __reason IS NULL AND __id IN (SELECT v.__id FROM ${verdict} v JOIN ${ident(table)} t ON t.${key} = ${lit(adapter.id + ':')} || v.__id
          WHERE t.updated_at IS NOT NULL AND v.updated_at IS NOT NULL AND t.updated_at > v.updated_at)`);
    }
    if (ctx.heldByLater) await rejectHeldByLater(store, verdict, `SELECT __id FROM ${verdict}`, table, key, adapter.id, ctx.heldByLater);
    const rejected = (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${verdict} WHERE __reason IS NOT NULL`))!.n;
    await store.run(`CREATE TEMP VIEW ${final} AS SELECT * FROM ${mapped}
      ${rejected ? `WHERE __line NOT IN (SELECT __line FROM ${verdict} WHERE __reason IS NOT NULL)` : ''}`);
  }

  if ((eventLog || ciCols) && hasUpdatedAt && stored) {
    // As above; an event log's rows are history, not rejects, so only per-CI rows are marked.
    const stale = `SELECT f.__id FROM ${final} f JOIN ${ident(table)} t ON t.${key} = ${lit(adapter.id + ':')} || f.__id
      WHERE t.updated_at IS NOT NULL AND f.updated_at IS NOT NULL AND t.updated_at > f.updated_at`;
    if (!eventLog) {
      await store.run(`UPDATE ${verdict} SET __reason = 'superseded: the store holds a newer version of ' || __id || ' (later updated_at)'
        WHERE __reason IS NULL AND __id IN (${stale})`);
    }
    await store.run(`DELETE FROM ${final} WHERE __id IN (${stale})`);
  }
  if ((eventLog || ciCols) && ctx.heldByLater) {
    // an event log's rows are history (its events are kept), per-CI rows are marked as rejects
    const held = await rejectHeldByLater(store, verdict, `SELECT __id FROM ${final}`, table, key, adapter.id, ctx.heldByLater, !eventLog);
    await store.run(`DELETE FROM ${final} WHERE __id IN (${held})`);
  }
  if (ciCols) {
    // after the staleness checks: a change a newer export holds keeps that export's CI links
    await store.run(`DELETE FROM change_ci WHERE change_key IN (SELECT ${keyExpr} FROM ${final})`);
    await store.run(`INSERT INTO change_ci SELECT ${keyExpr}, __ci_ci_name, __ci_ci_type, __ci_ci_subtype, __ci_service, ${lit(ctx.fileId)}, __line
      FROM ${staged} WHERE __reason IS NULL AND __ci_ci_name IS NOT NULL AND __id IN (SELECT __id FROM ${final}) ORDER BY __line`);
  }
  const fieldCols = FIELDS[table].flatMap((f) => (f.raw ? [f.name, `${f.name}_raw`] : [f.name]));
  // the ids of the records this file stores (a snapshot's from the narrow verdict, not the mapped view; fused,
  // the verdict is built after the insert, and `final` holds the accepted rows)
  const ids = eventLog || ciCols || fused ? `SELECT __id FROM ${final}` : `SELECT __id FROM ${verdict} WHERE __reason IS NULL`;
  // (fused: counted in the table after the insert)
  let records = fused ? 0 : (await store.one<{ n: number }>(`SELECT count(*) AS n FROM (${ids})`))!.n;
  const updated = stored
    ? (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)} WHERE ${key} IN (SELECT ${keyExpr} FROM (${ids}))`))!.n
    : 0;
  if (updated > 0) await store.run(`DELETE FROM ${ident(table)} WHERE ${key} IN (SELECT ${keyExpr} FROM (${ids}))`);
  // under --redact the values are redacted on their way in (see privacy/redact.ts)
  const values = red ? fieldCols.map((c) => red.column(table, c)) : fieldCols;
  // Rows go in without keeping the file's order (each row carries its line in source_row; no reader depends on
  // the table's physical order): DuckDB's order-keeping insert appends per-thread batches that leave part-filled
  // row groups, which the next checkpoint (at a commit or at close) merges by compressing them again: 3-10 CPU-s
  // per 1M tickets, a fifth of the ingest. Unordered, every row group is full when first written. Each thread
  // then flushes every row group as it fills (by default it buffers five: +700 MB of peak memory at 1M).
  // (read-raw numbers records by scan order: withSettings restores the earlier settings after this statement,
  // failed or not)
  // Under a tight --memory-limit the per-thread row groups do not fit (100MB: out of memory at 60 MB of CSV),
  // while the order-keeping insert streams: below 1 GiB it is kept, and the close pays the checkpoint.
  const insert = () =>
    store.run(`INSERT INTO ${ident(table)} (${key}, file_id, source_row, source_tool, source_table, ${fieldCols.join(', ')}, extra)
      SELECT ${keyExpr}, ${lit(ctx.fileId)}, __line, ${lit(adapter.id)}, ${lit(mapping.sourceTable)}, ${values.join(', ')}, ${red ? red.json('extra') : 'extra'} FROM ${final}`);
  const settings: Record<string, string> = (memoryLimitBytes(store.openedMemoryLimit) ?? Infinity) >= 2 ** 30 ? { preserve_insertion_order: 'false', write_buffer_row_group_count: '1' } : {};
  // ... and under a limit that makes DuckDB drop the row groups it has written, not cache them (insertMemoryLimit).
  // Not under --redact: should the limit fall short, DuckDB would spill raw rows, which hold the originals, to disk.
  const insertLimit = Object.keys(settings).length && !red ? await insertMemoryLimit(store, raw.total) : undefined;
  if (insertLimit) settings.memory_limit = lit(insertLimit);
  // Fused, the filter on the reason stays above the mapping: DuckDB's filter pushdown copies the reason's
  // expression into a filter under it, which parsed every date of every row a second time (at 1M incidents the
  // insert then cost what the verdict and the insert did). The wide files' setting is kept (read-raw.ts).
  if (fused) {
    const wide = (await store.one<{ v: string }>(`SELECT current_setting('disabled_optimizers') AS v`))!.v;
    settings.disabled_optimizers = lit([wide, 'filter_pushdown'].filter(Boolean).join(','));
  }
  if (Object.keys(settings).length) await store.withSettings(settings, insert);
  else await insert();

  if (mapping.nested) events += await loadNested(store, target, final, keyExpr, ctx.fileId, nestedCols);

  // fused: the records the insert stored (a first load: the file's alone), and the verdict of the rows it left out
  // (of firstLoad.rows), whose reasons are computed again only when there are any
  const fusedRows = fused ? firstLoad!.rows : 0;
  if (fused) {
    records = (await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)} WHERE file_id = ${lit(ctx.fileId)}`))!.n;
    await verdictOf(records < fusedRows ? '__reason IS NOT NULL' : 'FALSE');
  }
  const counts = (await store.one<{ rows: number; rejected: number; dates: number }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE __reason IS NOT NULL) AS rejected,
       count(*) FILTER (WHERE __reason LIKE '% is not a date in the column''s format %') AS dates FROM ${verdict}`,
  ))!;
  if (fused) counts.rows = fusedRows;
  if (counts.rejected > 0) {
    const rawText = `concat_ws(${lit(ctx.delimiter)}, ${columns.map((c) => `coalesce(l.${ident(c)}, '')`).join(', ')})`;
    await store.run(`INSERT INTO rejects SELECT ${lit(ctx.fileId)}, ${lit(ctx.path)}, s.__line, ${red ? red.text('s.__reason') : 's.__reason'}, ${red ? red.text(rawText) : rawText}
      FROM ${verdict} s JOIN ${raw.view} l ON l.__line = s.__line WHERE s.__reason IS NOT NULL ORDER BY s.__line`);
  }
  const kfo = compiled.kindFromObject;
  const kindFromObject = kfo && {
    records: (await store.one<{ n: number }>(
      eventLog || ciCols
        ? `SELECT count(*) AS n FROM ${final} WHERE __kind_obj`
        : fused
          ? `SELECT count(*) AS n FROM ${mapped} WHERE __kind_obj AND __line NOT IN (SELECT __line FROM ${verdict})`
          : `SELECT count(*) AS n FROM ${verdict} WHERE __reason IS NULL AND __kind_obj`,
    ))!.n,
    kind: kfo.kind,
    column: kfo.column,
    idColumn: kfo.column === idColumn,
  };
  await store.run(`DROP ${eventLog || ciCols ? 'TABLE' : 'VIEW'} IF EXISTS ${final}`);
  await store.run(`DROP TABLE IF EXISTS ${staged}`);
  await store.run(`DROP TABLE IF EXISTS ${verdict}`);
  await store.run(`DROP VIEW IF EXISTS ${mapped}`);
  if (wideExtra) await store.run(`DROP TABLE ${wideExtra}`);
  return {
    table,
    eventLog,
    idless,
    rowsLoaded: counts.rows - counts.rejected,
    rowsRejected: counts.rejected,
    dateRejects: counts.dates,
    records,
    inserted: records - updated,
    updated,
    events,
    used,
    ...(kindFromObject?.records ? { kindFromObject } : {}),
  };
}

/** A field's texts in the sample beyond this are one per record (an id read for its prefix): no lookup. */
const LOOKUP_DISTINCT = 64;
/** The texts matched exactly, most often first; rarer ones take the vocabulary's chain. */
const LOOKUP_TEXTS = 32;

/**
 * Per vocabulary field, the texts a sample of the mapping's rows holds and the value of each (see compileMapping's
 * `lookups`): one scan for the sample, whatever the fields. The values are the fields' own expressions over the
 * sampled texts, so a text the sample missed (or a sample that missed them all) changes nothing but the cost.
 */
async function vocabLookups(store: Store, raw: RawFile, where: string, fields: CompiledMapping['vocabFields'], nulls: string[]): Promise<VocabLookups> {
  const out: VocabLookups = new Map();
  if (!fields.length) return out;
  const read = [...new Set(fields.flatMap((f) => f.columns))];
  const rows = await store.all<{ f: number; v: string; m: string | null }>(
    sqlOf(VOCAB_SQL, 'texts', {
      view: raw.view,
      percent: Number(Math.min(100, (100 * 8192) / Math.max(1, raw.total)).toPrecision(3)),
      rows: `NOT __empty AND (${where})`,
      columns: read.map((c) => `${cleanExpr(ident(c), nulls)} AS ${ident(c)}`).join(', '),
      fields: fields.map((f, i) => `SELECT ${i} AS f, ${f.text} AS v, CAST(${f.value} AS VARCHAR) AS m FROM s`).join(' UNION ALL '),
    }),
  );
  fields.forEach((f, i) => {
    const seen = rows.filter((r) => Number(r.f) === i);
    if (seen.length && seen.length <= LOOKUP_DISTINCT) out.set(f.name, seen.slice(0, LOOKUP_TEXTS).map((r) => [r.v, r.m]));
  });
  return out;
}

/**
 * SQL for a record's `extra`: a JSON object of the cleaned cells of `unmapped` (NULL when none), each key the
 * column's name, in the file's order. Written as json_object('c', <cleaned c>, …), whose text DuckDB parses and
 * binds at ~0.4 ms per column (4 s for 10,000) and evaluates at ~0.05 µs per cell. A file of few records and
 * many columns (JSON with a thousand keys, a 10,000-column sheet) takes the same object as
 * to_json(map([names], list_transform([cells], v -> <cleaned v>))): the cleaning is bound once, the list is
 * plain column references, but each cell costs ~0.3 µs more; it wins below ~1,600 records (same text: a MAP
 * keeps its keys' order, and the names are unique).
 */
export function extraExpr(unmapped: string[], nulls: string[], records: number): string {
  if (!unmapped.length) return 'NULL';
  if (unmapped.length > WIDE && records <= 1000) {
    return `to_json(map([${unmapped.map(lit).join(', ')}], list_transform([${unmapped.map(ident).join(', ')}], __v -> ${cleanExpr('__v', nulls)})))`;
  }
  return `json_object(${unmapped.map((c) => `${lit(c)}, ${cleanExpr(ident(c), nulls)}`).join(', ')})`;
}

/**
 * A record's JSON arrays (mapping.nested; the records stored are `final`'s rows): updates → ticket_event
 * `communication`s (what the public was told, not the ticket's workflow: no history of groups or holds that
 * fcr_first_group, group_hops or the hold spans could read) and the earliest as first_response_at where the record has none; services → ticket_service links and
 * the first as the record's service where it has none. The array elements' times are ISO 8601 with an offset
 * (JSON APIs write them so): read with a cast, not the column's sniffed format.
 */
async function loadNested(
  store: Store,
  target: LoadTarget,
  final: string,
  keyExpr: string,
  fileId: string,
  cols: { updates?: string; services?: string },
): Promise<number> {
  const { adapter, mapping } = target;
  const table = mapping.table;
  const key = KEY_COLUMN[table];
  const nested = mapping.nested!;
  let events = 0;
  const svc = nested.services;
  if (svc && cols.services) {
    const names = `SELECT ${keyExpr} AS key, __line, unnest(json_extract_string(__nested_services, ${lit(`$[*].${svc.name}`)})) AS name
      FROM ${final} WHERE json_valid(__nested_services) AND json_type(__nested_services) = 'ARRAY'`;
    const links = `SELECT key, trim(name) AS name, min(__line) AS line, row_number() OVER (PARTITION BY key ORDER BY min(rowid_in)) AS k
      FROM (SELECT *, row_number() OVER () AS rowid_in FROM (${names})) WHERE trim(coalesce(name, '')) <> '' GROUP BY key, trim(name)`;
    await store.run(`CREATE OR REPLACE TEMP TABLE __nested_links AS ${links}`);
    if (table === 'ticket') {
      await store.run(`DELETE FROM ticket_service WHERE ticket_key IN (SELECT ${keyExpr} FROM ${final})`);
      await store.run(`INSERT INTO ticket_service SELECT key, name, ${lit(fileId)}, line FROM __nested_links ORDER BY key, k`);
    }
    if (FIELDS[table].some((f) => f.name === 'service')) {
      await store.run(`UPDATE ${ident(table)} SET service = l.name FROM __nested_links l
        WHERE ${ident(table)}.${key} = l.key AND l.k = 1 AND ${ident(table)}.service IS NULL AND ${ident(table)}.file_id = ${lit(fileId)}`);
    }
    await store.run(`DROP TABLE __nested_links`);
  }
  const upd = nested.updates;
  if (upd && cols.updates && table === 'ticket') {
    const at = (k: string) => `json_extract_string(e, ${lit(`$.${k}`)})`;
    const time = `TRY_CAST(coalesce(${upd.time.map(at).join(', ')}) AS TIMESTAMPTZ)`;
    const status = `nullif(trim(${at(upd.status)}), '')`;
    const before = (await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket_event'))!.n;
    await store.run(`CREATE OR REPLACE TEMP TABLE __nested_events AS
      WITH u AS (SELECT ${keyExpr} AS key, __line, unnest(CAST(json(__nested_updates) AS JSON[])) AS e
                 FROM ${final} WHERE json_valid(__nested_updates) AND json_type(__nested_updates) = 'ARRAY'),
      v AS (SELECT key, __line, e, ${at(upd.id)} AS uid, ${status} AS st, ${time} AS t${upd.actor ? `, ${at(upd.actor)} AS actor` : ', NULL AS actor'} FROM u)
      SELECT *, row_number() OVER (PARTITION BY key ORDER BY t NULLS LAST, uid) AS k FROM v`);
    await store.run(`INSERT INTO ticket_event
      SELECT key || ':' || coalesce(uid, k::VARCHAR), key, 'ticket', ${lit(fileId)}, __line, t, k, actor, 'communication', 'status', NULL, st, NULL,
             CAST(${vocabExpr('st', vocabFor(adapter, upd.vocab), "'other'")} AS VARCHAR)
      FROM __nested_events WHERE key || ':' || coalesce(uid, k::VARCHAR) NOT IN (SELECT event_key FROM ticket_event) ORDER BY key, k`);
    if (upd.components) await loadComponentStatuses(store, adapter, final, keyExpr, fileId, upd.components, svc && cols.services ? svc : undefined);
    events = (await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket_event'))!.n - before;
    // the first update is the first communication (Statuspage: what subscribers were first told)
    await store.run(`UPDATE ticket SET first_response_at = f.t FROM (SELECT key, min(t) AS t FROM __nested_events GROUP BY key) f
      WHERE ticket.ticket_key = f.key AND ticket.first_response_at IS NULL AND f.t IS NOT NULL AND ticket.file_id = ${lit(fileId)}`);
    await store.run(`DROP TABLE __nested_events`);
  }
  return events;
}

/**
 * Component status changes inside each update (nested.updates.components; __nested_events holds the
 * updates): one ticket_event `component_status` per changed component, at the update's time. The component
 * is named by its id (`code`) among the record's services where it is listed there: Statuspage writes an
 * affected component's `name` with its group ("Deposit And Withdraw - Deposit") while the incident's
 * components carry the plain name.
 */
async function loadComponentStatuses(
  store: Store,
  adapter: SourceAdapter,
  final: string,
  keyExpr: string,
  fileId: string,
  c: { key: string; code: string; name: string; old: string; new: string; vocab: string },
  svc: { name: string; id?: string } | undefined,
): Promise<void> {
  const of = (json: string, k: string) => `nullif(trim(json_extract_string(${json}, ${lit(`$.${k}`)})), '')`;
  const names = svc?.id
    ? `SELECT key, ${of('x', svc.id)} AS id, ${of('x', svc.name)} AS name FROM (
         SELECT ${keyExpr} AS key, unnest(CAST(json(__nested_services) AS JSON[])) AS x FROM ${final}
          WHERE json_valid(__nested_services) AND json_type(__nested_services) = 'ARRAY')`
    : `SELECT NULL::VARCHAR AS key, NULL::VARCHAR AS id, NULL::VARCHAR AS name WHERE false`;
  await store.run(`INSERT INTO ticket_event
    WITH a AS (SELECT key, __line, uid, k, t, unnest(CAST(json_extract(e, ${lit(`$.${c.key}`)}) AS JSON[])) AS ac
                 FROM __nested_events WHERE json_type(json_extract(e, ${lit(`$.${c.key}`)})) = 'ARRAY'),
    n AS (SELECT DISTINCT ON (key, id) key, id, name FROM (${names}) WHERE id IS NOT NULL AND name IS NOT NULL),
    s AS (SELECT a.*, coalesce(n.name, ${of('a.ac', c.name)}) AS comp, ${of('a.ac', c.code)} AS code,
                 ${of('a.ac', c.old)} AS old, ${of('a.ac', c.new)} AS new
            FROM a LEFT JOIN n ON n.key = a.key AND n.id = ${of('a.ac', c.code)})
    SELECT key || ':' || coalesce(uid, k::VARCHAR) || ':' || coalesce(code, comp), key, 'ticket', ${lit(fileId)}, __line, t, k, NULL, 'component_status', comp, old, new, NULL,
           CAST(${vocabExpr('new', vocabFor(adapter, c.vocab), "'other'")} AS VARCHAR)
      FROM s WHERE comp IS NOT NULL
       AND key || ':' || coalesce(uid, k::VARCHAR) || ':' || coalesce(code, comp) NOT IN (SELECT event_key FROM ticket_event)
     ORDER BY key, k, comp`);
}

/**
 * ingest --replace: the ids among `ids` whose record a file ingested after this one holds (see replace.ts).
 * Unless `mark` is false, their rows are rejected as superseded, naming that file. Returns SQL selecting them.
 */
async function rejectHeldByLater(store: Store, verdict: string, ids: string, table: string, key: string, tool: string, later: string, mark = true): Promise<string> {
  const held = `SELECT i.__id FROM (${ids}) i JOIN ${ident(table)} t ON t.${key} = ${lit(tool + ':')} || i.__id WHERE t.file_id IN (${later})`;
  if (mark) {
    await store.run(`UPDATE ${verdict} SET __reason = 'superseded: ' || ${verdict}.__id || ' is held by ' || h.path || ', ingested after this file'
      FROM (SELECT i.__id, any_value(f.path) AS path FROM (${ids}) i JOIN ${ident(table)} t ON t.${key} = ${lit(tool + ':')} || i.__id
            JOIN source_file f ON f.file_id = t.file_id WHERE t.file_id IN (${later}) GROUP BY i.__id) h
      WHERE ${verdict}.__id = h.__id AND ${verdict}.__reason IS NULL`);
  }
  return held;
}

/**
 * Event-log rows → ticket_event: one `update` per row (with the canonical status after it, for timing
 * pauses), and the field changes between consecutive rows.
 */
async function insertEvents(store: Store, staged: string, keyExpr: string, fileId: string, red?: Redactor): Promise<number> {
  const before = (await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket_event'))!.n;
  const tracked: [string, string, string][] = [
    ['status_raw', 'status', 'state_change'],
    ['priority_raw', 'priority', 'priority_change'],
    ['assignment_group', 'assignment_group', 'group_change'],
    ['assignee', 'assignee', 'assignment'],
  ];
  const changes = tracked
    .map(
      ([col, field, type]) => `SELECT key || ':' || coalesce(__seq::VARCHAR, __line::VARCHAR) || ':' || ${lit(field)}, key, __line, __evtime,
        __seq, __actor, ${lit(type)}, ${lit(field)}, prev_${col}, ${col}, NULL
        FROM ordered WHERE ${col} IS DISTINCT FROM prev_${col} AND rn > 1`,
    )
    .join('\n      UNION ALL\n      ');
  await store.run(`INSERT INTO ticket_event
    WITH ordered AS (
      SELECT ${keyExpr} AS key, __line, __evtime, __seq, __actor, status, ${tracked.map(([c]) => c).join(', ')},
             ${tracked.map(([c]) => `lag(${c}) OVER w AS prev_${c}`).join(', ')}, row_number() OVER w AS rn
      FROM ${staged} WHERE __reason IS NULL
      WINDOW w AS (PARTITION BY __id ORDER BY __seq NULLS FIRST, __evtime NULLS FIRST, __line)),
    ev AS (
      SELECT key || ':' || coalesce(__seq::VARCHAR, __line::VARCHAR) AS event_key, key, __line, __evtime, __seq, __actor,
             'update' AS event_type, 'status' AS field, NULL AS old_value, status_raw AS new_value, status FROM ordered
      UNION ALL
      ${changes})
    SELECT event_key, key, 'ticket', ${lit(fileId)}, __line, __evtime, __seq, ${red ? red.person('actor', '__actor') : '__actor'}, event_type, field,
           ${red ? eventValue(red, 'old_value') : 'old_value'}, ${red ? eventValue(red, 'new_value') : 'new_value'}, NULL, status
    FROM ev WHERE event_key NOT IN (SELECT event_key FROM ticket_event)`);
  return (await store.one<{ n: number }>('SELECT count(*) AS n FROM ticket_event'))!.n - before;
}

/** An event's old or new value under --redact: an assignee change is a person, anything else free text. */
function eventValue(red: Redactor, col: string): string {
  return `CASE WHEN field = 'assignee' THEN ${red.person('assignee', col)} ELSE ${red.text(col)} END`;
}
