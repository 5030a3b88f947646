/**
 * XES (IEEE 1849) event log → CSV, one row per event, streamed: the file (gzipped or not) is decoded and
 * parsed chunk by chunk (saxes, xml.ts), no DOM. Columns:
 * `case:concept:name` (the trace's name), then the event attributes (`concept:name`, `time:timestamp`,
 * `org:resource`, `lifecycle:transition` first when present, then any other string/date/int/float/boolean/id
 * key in order of first appearance), then the other trace attributes prefixed `case:`.
 * Values are the `value` attribute verbatim (timestamps keep their ISO 8601 offset). Nested (meta-)
 * attributes and `list`/`container` values are not columns. Log-level attributes, `global` defaults,
 * extensions and classifiers are not applied. Events directly under `<log>` (no trace) get empty case
 * columns.
 *
 * Columns are discovered while writing, so records are written as wide as the columns known so far and
 * padded to the final width by DuckDB (`read_csv(null_padding)` → `COPY`), which also puts the columns in
 * the order above.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { rm, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../errors.js';
import { CsvWriter, csvField } from './csv.js';
import { padCsv } from './duck.js';
import { XmlReader, XmlError, XmlLimitError, type XmlHandler } from './xml.js';
import { DEFAULT_LIMITS, LimitError, maxExpansion, overLimit, type Limits } from '../limits.js';

const VALUE_TYPES = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);
const FIRST_EVENT_KEYS = ['concept:name', 'time:timestamp', 'org:resource', 'lifecycle:transition'];

export interface XesResult {
  csvPath: string;
  traces: number;
  events: number;
  columns: number;
}

export async function convertXes(path: string, outDir: string, opts: { gzip: boolean; limits?: Limits }): Promise<XesResult> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const body = join(outDir, 'events.body.csv');
  const csvPath = join(outDir, 'events.csv');
  const maxBytes = maxExpansion((await stat(path)).size, limits);
  const w = new CsvWriter(body, maxBytes);

  // Column registry: index by scope+key; column 0 is case:concept:name.
  const caseCols = new Map<string, number>([['concept:name', 0]]);
  const eventCols = new Map<string, number>();
  const names: string[] = ['case:concept:name'];
  const isEvent: boolean[] = [false];
  let caseVals: (string | undefined)[] = [];
  let eventVals: (string | undefined)[] | null = null;
  // the highest column set in the trace and in the event: a record is written up to there, not to the width
  let caseLast = -1;
  let eventLast = -1;
  let inTrace = false;
  let sawLog = false;
  let traces = 0;
  let events = 0;
  // depth of nesting inside an attribute (meta-attributes, list/container children are skipped)
  let attrDepth = 0;

  const column = (event: boolean, key: string): number => {
    const reg = event ? eventCols : caseCols;
    let i = reg.get(key);
    if (i === undefined) {
      if (names.length >= limits.columns) throw new LimitError('columns', `more than ${limits.columns.toLocaleString('en-US')} distinct attribute keys`);
      i = names.length;
      reg.set(key, i);
      names.push(event ? key : `case:${key}`);
      isEvent.push(event);
    }
    return i;
  };

  const h: XmlHandler = {
    wantText: false,
    open(name, a, selfClosing) {
      if (attrDepth > 0) {
        if (!selfClosing) attrDepth++;
        return;
      }
      if (name === 'log') sawLog = true;
      else if (name === 'trace') {
        if (inTrace) throw new XmlError('a <trace> inside a <trace>');
        inTrace = true;
        traces++;
        caseVals = [];
        caseLast = -1;
      } else if (name === 'event') {
        if (eventVals) throw new XmlError('an <event> inside an <event>');
        eventVals = [];
        eventLast = -1;
      } else if (VALUE_TYPES.has(name) || name === 'list' || name === 'container') {
        const key = a.key;
        if (VALUE_TYPES.has(name) && key !== undefined && (eventVals || inTrace)) {
          const idx = column(eventVals !== null, key);
          (eventVals ?? caseVals)[idx] = a.value ?? '';
          if (eventVals) eventLast = Math.max(eventLast, idx);
          else caseLast = Math.max(caseLast, idx);
        }
        // Children of an attribute (meta-attributes, list items) are not columns.
        if (!selfClosing) attrDepth = 1;
      } else if (name === 'global' || name === 'classifier' || name === 'extension') {
        if (!selfClosing) attrDepth = 1;
      }
    },
    close(name) {
      if (attrDepth > 0) {
        attrDepth--;
        return;
      }
      if (name === 'event' && eventVals) {
        const ev = eventVals;
        eventVals = null;
        events++;
        if (events > limits.rows) throw new LimitError('rows', `more than ${limits.rows.toLocaleString('en-US')} events`);
        let line = '';
        const lastSet = Math.max(eventLast, caseLast);
        for (let i = 0; i <= lastSet; i++) line += (i ? ',' : '') + csvField(isEvent[i] ? ev[i] : caseVals[i]);
        w.line(line + (lastSet < 0 ? ',\n' : '\n'));
      } else if (name === 'trace') {
        inTrace = false;
        caseVals = [];
        caseLast = -1;
      }
    },
    text() {},
  };
  // Trace attributes may follow the trace's events in the file (the standard puts them first; writers do).
  // Those that come late are only on the events after them: the usual writers (ProM, pm4py, OpenXES) put
  // them first.

  const tok = new XmlReader(h, { token: limits.line, depth: limits.depth });
  try {
    const src = createReadStream(path, { highWaterMark: 1 << 16 });
    const stream = opts.gzip ? src.pipe(createGunzip({ chunkSize: 1 << 16 })) : src;
    if (opts.gzip) src.on('error', (e) => stream.destroy(e));
    const decoder = new TextDecoder('utf-8');
    let inflated = 0;
    for await (const chunk of stream) {
      if (opts.gzip && (inflated += (chunk as Buffer).length) > maxBytes) throw new LimitError('ratio', `decompresses to more than ${Math.round(maxBytes / 2 ** 20)} MB`);
      tok.write(decoder.decode(chunk as Buffer, { stream: true }));
      await w.flush();
    }
    tok.write(decoder.decode());
    tok.end();
    if (!sawLog) throw new XmlError('no <log> element: not an XES event log');
    await w.close();
  } catch (e) {
    w.destroy();
    await rm(body, { force: true });
    if (e instanceof LimitError) throw overLimit(path, e.limit, limits, e.what);
    if (e instanceof XmlLimitError) throw overLimit(path, e.bound === 'depth' ? 'depth' : 'line', limits, e.message);
    if (e instanceof XmlError) throw new UserError(`${path}: malformed XES: ${e.message}`);
    const code = (e as { code?: string }).code;
    if (code && /^Z_/.test(code)) throw new UserError(`${path}: not a readable gzip file (${(e as Error).message})`);
    if (e instanceof TypeError && /decode/i.test(e.message)) throw new UserError(`${path}: not UTF-8 text`);
    throw e;
  }
  if (events === 0) {
    await rm(body, { force: true });
    throw new UserError(`${path}: the XES log holds no events`);
  }
  // Final order: case:concept:name, the usual event keys, other event keys, other case keys.
  const order: number[] = [0];
  for (const k of FIRST_EVENT_KEYS) if (eventCols.has(k)) order.push(eventCols.get(k)!);
  for (const [k, i] of eventCols) if (!FIRST_EVENT_KEYS.includes(k)) order.push(i);
  for (const [k, i] of caseCols) if (k !== 'concept:name') order.push(i);
  await padCsv(body, csvPath, order.map((i) => names[i]!), { width: names.length, order });
  await rm(body, { force: true });
  return { csvPath, traces, events, columns: names.length };
}
