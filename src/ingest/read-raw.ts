import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Store } from '../store/db.js';
import { ident, lit } from '../store/db.js';
import { UserError } from '../errors.js';
import { transcodeUtf16 } from './files.js';
import { uniqueColumnNames } from './headers.js';
import type { FileHead } from './sniff.js';

/** A file read by DuckDB into a temporary all-VARCHAR table, with each record's line number. */
export interface RawFile {
  /** view over the raw rows: `__line`, `__empty`, then one VARCHAR column per header */
  view: string;
  columns: string[];
  /** the reader's own rejects (records that do not split into the header's columns) */
  rejectTable: string;
  readerRejects: number;
  /** records read, blank ones included */
  total: number;
  /** records whose every cell is empty (HPSM exports end with hundreds of `;;;;` lines) */
  empty: number;
  /** columns with a value in at least one record */
  nonEmptyColumns: Set<string>;
  drop: () => Promise<void>;
}

let seq = 0;

export async function readRaw(store: Store, head: FileHead): Promise<RawFile> {
  const n = ++seq;
  const raw = `raw_${n}`;
  const view = `lined_${n}`;
  const rejectTable = `reader_rejects_${n}`;
  const rejectScan = `reader_scans_${n}`;
  let path = head.path;
  let tempFile: string | undefined;
  if (head.encoding === 'utf-16le' || head.encoding === 'utf-16be') {
    // DuckDB reads UTF-8 and latin-1 itself; UTF-16 is transcoded as a stream first.
    tempFile = await transcodeUtf16(head.path, head.compressed, head.encoding === 'utf-16be');
    path = tempFile;
  }
  const columns = uniqueColumnNames(head.header);
  const colSpec = `{${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
  // row_number() over the scan numbers accepted records in file order (DuckDB preserves insertion order).
  const read = (encoding: string) =>
    store.run(
      `CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT row_number() OVER () AS __k, * FROM read_csv(${lit(path)}, columns = ${colSpec},
         header = true, auto_detect = false, delim = ${lit(head.delimiter)}, quote = '"', escape = '"', skip = ${head.skipLines},
         encoding = ${lit(encoding)}, store_rejects = true, rejects_table = ${lit(rejectTable)}, rejects_scan = ${lit(rejectScan)},
         max_line_size = 16777216)`,
    );
  try {
    try {
      await read(head.encoding === 'latin-1' ? 'latin-1' : 'utf-8');
    } catch (e) {
      // The first megabyte was valid UTF-8 but a later byte is not: the file is latin-1 (Excel's default).
      if (head.encoding !== 'utf-8' || !/unicode|utf-?8/i.test(firstLine(e))) throw e;
      head.encoding = 'latin-1';
      await store.run(`DROP TABLE IF EXISTS ${rejectTable}; DROP TABLE IF EXISTS ${rejectScan}`);
      await read('latin-1');
    }
  } catch (e) {
    if (tempFile) await rm(dirname(tempFile), { recursive: true, force: true });
    throw new UserError(`${head.source}: could not be read as ${describeDialect(head)}: ${firstLine(e)}`);
  }
  // DuckDB may log several errors for one record (one per surplus column): one record, one reject.
  const readerRejects = (await store.one<{ n: number }>(`SELECT count(DISTINCT line) AS n FROM ${rejectTable}`))!.n;
  // Line of the k-th accepted record: header line + k, plus the rejected records before it, found with an
  // ASOF join on g = accepted records before reject i (fast path when there is none).
  const headerLine = head.skipLines + 1;
  const lineExpr = readerRejects === 0 ? `${headerLine} + __k` : `${headerLine} + __k + coalesce(j.before, 0)`;
  const rejJoin =
    readerRejects === 0
      ? ''
      : `ASOF LEFT JOIN (SELECT line - ${headerLine} - i AS g, max(i) AS before
           FROM (SELECT line, row_number() OVER (ORDER BY line) AS i FROM (SELECT DISTINCT line FROM ${rejectTable})) GROUP BY 1) j
         ON __k > j.g`;
  const allNull = `coalesce(${columns.map((c) => ident(c)).join(', ')}) IS NULL`;
  await store.run(`CREATE TEMP VIEW ${view} AS
    SELECT ${lineExpr} AS __line, (${allNull}) AS __empty, raw.* EXCLUDE (__k) FROM ${raw} AS raw ${rejJoin}`);
  const counts = (await store.one<Record<string, number>>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE __empty) AS empty, ${columns.map((c, i) => `count(${ident(c)}) AS c${i}`).join(', ')} FROM ${view}`,
  ))!;
  return {
    view,
    columns,
    rejectTable,
    readerRejects,
    total: counts.total!,
    empty: counts.empty!,
    nonEmptyColumns: new Set(columns.filter((_, i) => (counts[`c${i}`] ?? 0) > 0)),
    drop: async () => {
      await store.run(`DROP VIEW IF EXISTS ${view}`);
      for (const t of [raw, rejectTable, rejectScan]) await store.run(`DROP TABLE IF EXISTS ${t}`);
      if (tempFile) await rm(dirname(tempFile), { recursive: true, force: true });
    },
  };
}

function describeDialect(h: FileHead): string {
  return `${h.encoding} text with ${h.delimiter === '\t' ? 'tab' : `'${h.delimiter}'`} delimiter`;
}

export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
