/**
 * The file names ingest reads, in one list: the folder walk (files.ts), the converter's choice of reader
 * (convert/index.ts), `map`'s source_table and the messages all take them from here, so a new extension is
 * added once (two lists had drifted: the converter knew .xlsx.gz names the walk never picked up).
 *
 * A format is chosen by name; convert/index.ts still reads a zip under any name as xlsx.
 */
export type InputFormat = 'csv' | 'ndjson' | 'json' | 'xes' | 'xlsx';

interface FormatEntry {
  format: InputFormat;
  extensions: readonly string[];
  /** also read gzipped (`.csv.gz`); a workbook is a zip already */
  gzip: boolean;
}

export const INPUT_FORMATS: readonly FormatEntry[] = [
  { format: 'csv', extensions: ['csv', 'tsv', 'txt'], gzip: true },
  { format: 'xlsx', extensions: ['xlsx', 'xlsm'], gzip: false },
  { format: 'json', extensions: ['json'], gzip: true },
  { format: 'ndjson', extensions: ['jsonl', 'ndjson'], gzip: true },
  { format: 'xes', extensions: ['xes'], gzip: true },
];

const PATTERNS = INPUT_FORMATS.map((f) => ({ format: f.format, re: new RegExp(`\\.(${f.extensions.join('|')})${f.gzip ? '(\\.gz)?' : ''}$`, 'i') }));

/** The format a file name says, or undefined for a name no format claims. */
export function formatOf(path: string): InputFormat | undefined {
  return PATTERNS.find((p) => p.re.test(path))?.format;
}

/** The name without its export extension (`incident.csv.gz` → `incident`); other names unchanged. */
export function withoutExtension(name: string): string {
  for (const p of PATTERNS) if (p.re.test(name)) return name.replace(p.re, '');
  return name;
}

/** For messages: `.csv, .tsv, .txt, .xlsx, .xlsm, .json, .jsonl, .ndjson, .xes (gzipped too, but not .xlsx/.xlsm)` */
export function extensionList(): string {
  return `${INPUT_FORMATS.flatMap((f) => f.extensions.map((e) => `.${e}`)).join(', ')} (and their .gz, except ${INPUT_FORMATS.filter((f) => !f.gzip).flatMap((f) => f.extensions.map((e) => `.${e}`)).join('/')})`;
}
