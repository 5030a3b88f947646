/**
 * Resource limits for reading one input file (issue 25): a hostile or broken file is refused with one line
 * naming the limit instead of exhausting memory, crashing a dependency or running for hours. The defaults
 * are far above real exports (a ServiceNow export: 1M+ rows, 100–300 columns) and each can be raised with
 * `ingest --limit NAME=VALUE` (repeatable). README "Hostile and broken files" documents this table.
 */
import { UserError } from '../errors.js';

export interface Limits {
  /** records in one file (CSV records, xlsx rows, JSON records, XES events) */
  rows: number;
  /** columns of one file: CSV header fields, xlsx columns, JSON leaf fields, XES attribute keys */
  columns: number;
  /** nesting depth of JSON arrays/objects and of XML elements (xlsx parts, XES) */
  depth: number;
  /** bytes of one CSV line, one xlsx cell or XML tag, one XES value */
  line: number;
  /** decompressed bytes per compressed byte (xlsx zip parts, .gz inputs) and converted CSV per input byte */
  ratio: number;
}

export const LIMITS: Record<keyof Limits, { default: number; bytes?: boolean; what: string }> = {
  rows: { default: 100_000_000, what: 'records in one file' },
  columns: { default: 16_384, what: 'columns (xlsx: up to XFD; JSON leaf fields; XES attribute keys)' },
  depth: { default: 64, what: 'nesting depth of JSON and XML' },
  line: { default: 16 * 1024 * 1024, bytes: true, what: 'bytes of one CSV line, xlsx cell or XML tag' },
  ratio: { default: 200, what: 'decompressed or converted size against the file size' },
};

/** Below this, any expansion is allowed: the ratio matters for bombs, not for small files with repeated cells. */
export const RATIO_FLOOR = 64 * 1024 * 1024;

/** Excel's own sheet size: a row or column past it is a corrupt or hand-made workbook, whatever the limits. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;

export const DEFAULT_LIMITS: Limits = Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, v.default])) as unknown as Limits;

/** Bytes a file of `size` bytes may expand to (decompressed, or converted to CSV). */
export function maxExpansion(size: number, limits: Limits): number {
  return Math.max(RATIO_FLOOR, size * limits.ratio);
}

const UNIT: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Parses `--limit` values (`columns=50000`, `line=64MB`) over the defaults. */
export function parseLimits(specs: readonly string[] = []): Limits {
  const out = { ...DEFAULT_LIMITS };
  for (const spec of specs) {
    const m = /^\s*(\w+)\s*=\s*([\d_,.]+)\s*([kmg]?)(?:i?b)?\s*$/i.exec(spec);
    const name = m?.[1]?.toLowerCase() as keyof Limits | undefined;
    if (!m || !name || !Object.hasOwn(LIMITS, name)) {
      throw new UserError(`--limit '${spec}': expected NAME=VALUE with NAME one of ${Object.keys(LIMITS).join(', ')} (e.g. --limit columns=50000)`);
    }
    const unit = m[3]!.toLowerCase();
    if (unit && !LIMITS[name].bytes) throw new UserError(`--limit '${spec}': ${name} is a count; give a plain number`);
    const value = Math.floor(Number(m[2]!.replace(/[_,]/g, '')) * UNIT[unit]!);
    if (!Number.isFinite(value) || value < 1) throw new UserError(`--limit '${spec}': the value must be a positive number`);
    out[name] = value;
  }
  return out;
}

const show = (name: keyof Limits, v: number) =>
  LIMITS[name].bytes && v % (1024 * 1024) === 0 ? `${v / (1024 * 1024)} MB` : v.toLocaleString('en-US');

/** The refusal for a file past a limit: names the file, what exceeded it, the limit and the flag that raises it. */
export function overLimit(path: string, name: keyof Limits, limits: Limits, what: string): UserError {
  const raised = LIMITS[name].bytes ? `${Math.ceil((limits[name] * 4) / (1024 * 1024))}MB` : String(limits[name] * 4);
  return new UserError(`${path}: ${what}, over the ${name} limit of ${show(name, limits[name])}; if the file is genuine, raise it with --limit ${name}=${raised}`);
}

/** An error raised deep in a reader that the converter turns into `overLimit` with the file's path. */
export class LimitError extends Error {
  constructor(
    readonly limit: keyof Limits,
    readonly what: string,
  ) {
    super(what);
  }
}

/** xlsx shared strings held in memory: V8 aborts the process (no exception) near 134M array elements. */
export const MAX_SHARED_STRINGS = 50_000_000;
