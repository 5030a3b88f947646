/**
 * JSON → CSV, inside DuckDB: `read_json_objects` reads the records (a top-level array, newline-delimited
 * records, or one envelope object), `json_group_structure` merges every record's shape, and one
 * `COPY (SELECT json_extract_string(record, [paths…]) …) TO csv` writes the columns. No record goes
 * through a JavaScript loop; the file is scanned three times (shape, ServiceNow pair check, copy).
 *
 * Where the records are:
 * - a top-level array of objects, or `.jsonl`/`.ndjson` (and a `.json` holding newline-delimited objects);
 * - an envelope object: the array of objects under a known key (`result` ServiceNow, `records`, `entries`
 *   BMC, `value` OData/Ivanti, `tickets` Zendesk, `issues` Jira, `data`, `items`, `results`, `rows`,
 *   `requests`, `incidents`, `changes`, `problems`, `assets`, `objects`), else the first array of objects
 *   one level down provided the object has at most 8 keys (an envelope, not a record with a list in it);
 * - otherwise a single top-level object is one record (a REST "get one" response).
 * - BMC AR REST wraps each record as `{"values": {...}, "_links": {...}}`: the `values` object is the record.
 *
 * How a record becomes columns (dotted names for nesting):
 * - ServiceNow `{display_value, value[, link]}` pairs (`sysparm_display_value=all`) → `<field>` = the
 *   display value; `<field>.value` = the raw value, only when it differs from the display value in some
 *   record (choice codes, reference sys_ids), so a text field is not doubled;
 * - ServiceNow references without display values `{link, value}` → `<field>` = the value (sys_id);
 * - other nested objects → one column per leaf, `fields.summary`, `caller.dynamicName`;
 * - arrays (and empty objects) → their JSON text in one column (`["a","b"]`);
 * - strings as they are, numbers and booleans as JSON writes them (`3`, `1.5`, `true`), null → empty.
 * Columns come in order of first appearance.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { rm, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { DEFAULT_LIMITS, LimitError, maxExpansion, overLimit, type Limits } from '../limits.js';
import { UserError } from '../../errors.js';
import { lit, pathLit } from '../../store/db.js';
import type { Store } from '../../store/db.js';
import { prependHeader } from './csv.js';
import { firstLine, scratchStore, wideQueries } from './duck.js';

const ENVELOPE_KEYS = [
  'result', 'records', 'entries', 'value', 'tickets', 'issues', 'data', 'items', 'results', 'rows',
  'requests', 'incidents', 'changes', 'problems', 'assets', 'objects',
];
const PAIR_KEYS = new Set(['display_value', 'value', 'link']);

type Shape = string | Shape[] | { [k: string]: Shape };

interface Column {
  name: string;
  /** index of the main value in the extracted list */
  main: number;
  /** pair: index of the raw value, included only when it differs somewhere */
  raw?: number;
  /** a column whose records mix pairs and plain values: index of `/display_value` */
  display?: number;
}

export interface JsonResult {
  csvPath: string;
  rows: number;
  columns: number;
  /** where the records were: '' for the top level, else the envelope key */
  envelope: string;
}

function pointer(path: string[]): string {
  return path.map((k) => '/' + k.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function isObj(s: Shape | undefined): s is { [k: string]: Shape } {
  return typeof s === 'object' && s !== null && !Array.isArray(s);
}

/**
 * The deepest nesting of arrays and objects, read as a byte stream before DuckDB sees the file: DuckDB's
 * JSON functions recurse per level and crash the process (SIGSEGV at 100k nested arrays), and the merged
 * shape is walked recursively here. Stops at the first level past `limits.depth`; also bounds a .gz file's
 * decompressed size (the ratio limit).
 */
export async function checkJsonDepth(path: string, limits: Limits): Promise<void> {
  const gzip = /\.gz$/i.test(path);
  const maxBytes = gzip ? maxExpansion((await stat(path)).size, limits) : Infinity;
  const src = createReadStream(path, { highWaterMark: 1 << 16 });
  const stream = gzip ? src.pipe(createGunzip()) : src;
  if (gzip) src.on('error', (e) => stream.destroy(e));
  let depth = 0;
  let inString = false;
  let escaped = false;
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if ((bytes += chunk.length) > maxBytes) throw new LimitError('ratio', `decompresses to more than ${Math.round(maxBytes / 2 ** 20)} MB`);
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === 0x5c /* \ */) escaped = true;
          else if (b === 0x22 /* " */) inString = false;
        } else if (b === 0x22) inString = true;
        else if (b === 0x5b /* [ */ || b === 0x7b /* { */) {
          if (++depth > limits.depth) throw new LimitError('depth', `arrays or objects nested more than ${limits.depth} deep (near byte ${bytes - chunk.length + i})`);
        } else if (b === 0x5d || b === 0x7d) depth--;
      }
    }
  } finally {
    src.destroy();
  }
}

export async function convertJson(path: string, outDir: string, opts: { ndjson: boolean; limits?: Limits }): Promise<JsonResult> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const store = await scratchStore();
  try {
    await checkJsonDepth(path, limits);
    return await run(store, path, outDir, { ...opts, limits });
  } catch (e) {
    if (e instanceof UserError) throw e;
    if (e instanceof LimitError) throw overLimit(path, e.limit, limits, e.what);
    if ((e as { code?: string }).code?.startsWith('Z_')) throw new UserError(`${path}: not a readable gzip file (${(e as Error).message})`);
    const msg = firstLine(e);
    if (/malformed|JSON|parse|unexpected|truncat/i.test(msg)) throw new UserError(`${path}: malformed JSON: ${msg.replace(/^.*?Error: /, '')}`);
    if (/No files found|does not exist|cannot open/i.test(msg)) throw new UserError(`${path}: ${msg}`);
    throw e;
  } finally {
    store.close();
  }
}

async function run(store: Store, path: string, outDir: string, opts: { ndjson: boolean; limits: Limits }): Promise<JsonResult> {
  const { limits } = opts;
  // DuckDB sizes its read buffers from maximum_object_size (two of ~8 GiB at 4 GiB, which failed under any
  // memory limit below ~16 GiB, the default on a 24 GiB machine included): no object is longer than the
  // (decompressed) file, so the file's size bounds it.
  const size = (await stat(path)).size;
  const maxObject = Math.min(4294967295, Math.max(16 * 2 ** 20, /\.gz$/i.test(path) ? maxExpansion(size, limits) : size + 1));
  const src = `read_json_objects(${pathLit(path)}, format = ${opts.ndjson ? "'newline_delimited'" : "'auto'"},
    maximum_object_size = ${Math.floor(maxObject)})`;
  const top = await store.one<{ n: number; t: string | null }>(`SELECT count(*) AS n, any_value(json_type(json)) AS t FROM ${src}`);
  const n = top?.n ?? 0;
  if (n === 0) throw new UserError(`${path}: holds no JSON records`);
  if (n > limits.rows) throw new LimitError('rows', `${n.toLocaleString('en-US')} records`);
  let envelope = '';
  if (n === 1 && !opts.ndjson) {
    if (top!.t !== 'OBJECT') throw new UserError(`${path}: holds a single JSON ${String(top!.t).toLowerCase()}, not records (objects)`);
    // Which keys hold an array whose first element is an object (each json_* call parses the text once).
    const keys = (await store.one<{ k: string[] }>(`SELECT json_keys(json) AS k FROM ${src}`))!.k;
    const ptrs = keys.flatMap((k) => [pointer([k, '0']), pointer([k])]);
    const types = keys.length
      ? (await store.one<{ t: (string | null)[] }>(`SELECT json_type(json, [${ptrs.map(lit).join(', ')}]) AS t FROM ${src}`))!.t
      : [];
    const holdsRecords = (i: number) => types[2 * i] === 'OBJECT';
    const emptyEnvelope = keys.findIndex((k, i) => ENVELOPE_KEYS.includes(k.toLowerCase()) && types[2 * i + 1] === 'ARRAY' && types[2 * i] === null);
    if (emptyEnvelope >= 0 && !keys.some((_k, i) => holdsRecords(i)) && keys.length <= 8) {
      throw new UserError(`${path}: holds no records (the '${keys[emptyEnvelope]}' array is empty)`);
    }
    const known = keys.findIndex((k, i) => ENVELOPE_KEYS.includes(k.toLowerCase()) && holdsRecords(i));
    const any = keys.length <= 8 ? keys.findIndex((_k, i) => holdsRecords(i)) : -1;
    const i = known >= 0 ? known : any;
    if (i >= 0) {
      envelope = keys[i]!;
      // Unnest once into a table: the envelope is one value, so every later scan would parse all of it again.
      await store.run(`SET temp_directory = ${lit(outDir)}`);
      await store.run(`CREATE TEMP TABLE recs AS SELECT unnest(CAST(json_extract(json, ${lit(pointer([envelope]))}) AS JSON[])) AS r FROM ${src}`);
    }
  }
  const records = envelope ? 'recs' : `(SELECT json AS r FROM ${src})`;
  let shape = await groupShape(store, records);
  let recordExpr = 'r';
  if (envelope && !isObj(shape)) {
    throw new UserError(`${path}: the '${envelope}' array holds no objects`);
  }
  // BMC AR REST: {"values": {...}, "_links": {...}} per record.
  if (isObj(shape) && isObj(shape.values) && Object.keys(shape).every((k) => k === 'values' || k.startsWith('_'))) {
    shape = shape.values;
    recordExpr = `json_extract(r, '/values')`;
  }
  if (!isObj(shape)) throw new UserError(`${path}: the records are not JSON objects`);

  // Columns from the merged shape.
  const paths: string[] = [];
  const columns: Column[] = [];
  const add = (p: string) => paths.push(p) - 1;
  const walk = (s: { [k: string]: Shape }, prefix: string[]) => {
    for (const [k, v] of Object.entries(s)) {
      const p = [...prefix, k];
      const name = p.join('.');
      if (isObj(v) && Object.keys(v).length > 0) {
        const keys = Object.keys(v);
        if (keys.every((x) => PAIR_KEYS.has(x)) && keys.includes('display_value')) {
          columns.push({ name, main: add(pointer([...p, 'display_value'])), raw: keys.includes('value') ? add(pointer([...p, 'value'])) : undefined });
        } else if (keys.every((x) => x === 'link' || x === 'value') && keys.includes('value')) {
          columns.push({ name, main: add(pointer([...p, 'value'])) });
        } else walk(v, p);
      } else if (v === 'JSON') {
        // Mixed across records (a string here, an object there): a display_value wins when present.
        columns.push({ name, main: add(pointer(p)), display: add(pointer([...p, 'display_value'])), raw: add(pointer([...p, 'value'])) });
      } else columns.push({ name, main: add(pointer(p)) });
    }
  };
  walk(shape, []);
  if (columns.length === 0) throw new UserError(`${path}: the records have no fields`);
  if (columns.length > limits.columns) throw new LimitError('columns', `${columns.length.toLocaleString('en-US')} fields (distinct keys, nested ones flattened)`);
  await wideQueries(store, paths.length);

  const extract = `(SELECT json_extract_string(${recordExpr}, [${paths.map(lit).join(', ')}]) AS v FROM ${records})`;
  const shown = (c: Column) => (c.display !== undefined ? `coalesce(v[${c.display + 1}], v[${c.main + 1}])` : `v[${c.main + 1}]`);
  // Keep `<field>.value` only where it differs from what is shown in at least one record.
  const withRaw = columns.filter((c) => c.raw !== undefined);
  const keepRaw = new Set<Column>();
  if (withRaw.length > 0) {
    const flags = await store.one<Record<string, boolean | null>>(
      `SELECT ${withRaw
        .map((c, i) => {
          const rawV = `v[${c.raw! + 1}]`;
          const cond = c.display !== undefined ? `v[${c.display + 1}] IS NOT NULL AND ` : '';
          return `bool_or(${cond}${rawV} IS DISTINCT FROM ${shown(c)}) AS f${i}`;
        })
        .join(', ')} FROM ${extract}`,
    );
    withRaw.forEach((c, i) => {
      if (flags?.[`f${i}`]) keepRaw.add(c);
    });
  }
  const header: string[] = [];
  const exprs: string[] = [];
  for (const c of columns) {
    header.push(c.name);
    exprs.push(shown(c));
    if (keepRaw.has(c)) {
      header.push(`${c.name}.value`);
      exprs.push(c.display !== undefined ? `CASE WHEN v[${c.display + 1}] IS NOT NULL THEN v[${c.raw! + 1}] END` : `v[${c.raw! + 1}]`);
    }
  }
  const csvPath = join(outDir, 'records.csv');
  const body = join(outDir, 'records.body.csv');
  const copied = await store.all<{ Count: number }>(
    `COPY (SELECT ${exprs.join(', ')} FROM ${extract}) TO ${lit(body)} (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"')`,
  );
  await prependHeader(csvPath, header, body);
  await rm(body, { force: true });
  return { csvPath, rows: Number(copied[0]?.Count ?? 0), columns: header.length, envelope };
}

async function groupShape(store: Store, records: string): Promise<Shape> {
  const row = await store.one<{ s: string | null }>(`SELECT json_group_structure(r)::VARCHAR AS s FROM ${records}`);
  return row?.s ? (JSON.parse(row.s) as Shape) : 'NULL';
}
