import type { Store } from '../store/db.js';
import { UserError } from '../errors.js';
import { ADAPTERS } from '../sources/index.js';
import type { ObjectKind } from '../sources/types.js';
import { detect, chooseObject, type Detection } from './detect.js';
import { expandPaths, sha256File } from './files.js';
import { ingestFile, type FileSummary } from './ingest-file.js';
import { loadMappingFile } from './mapping-file.js';
import { sniffFile, type FileHead } from './sniff.js';

export interface IngestRequest {
  paths: string[];
  source?: string;
  kind?: ObjectKind;
  mapping?: string;
  timezone?: string;
  dateFormat?: string;
  /** called once per file as soon as it is recognised, and again when it is loaded */
  onDetected?: (path: string, d: Detection) => void;
  onLoaded?: (s: FileSummary) => void;
}

/**
 * Ingests files, folders and globs. Every file is recognised before anything is written, so an unknown
 * export stops the run with nothing changed; then each file loads in its own transaction.
 */
export async function ingestPaths(store: Store, req: IngestRequest): Promise<FileSummary[]> {
  const timezone = req.timezone ?? 'UTC';
  await checkTimezone(store, timezone);
  const files = await expandPaths(store, req.paths);
  const custom = req.mapping ? await loadMappingFile(req.mapping) : undefined;
  const plan: { head: FileHead; detection: Detection }[] = [];
  for (const path of files) {
    const head = await sniffFile(path);
    let detection: Detection;
    if (custom) {
      const mapping = chooseObject(custom, head.header, head.sample, req.kind) ?? custom.objects[0]!;
      detection = { adapter: custom, mapping, score: 0, confidence: 1, matched: [], forced: true };
    } else {
      detection = detect(path, head.header, head.sample, ADAPTERS, { source: req.source, kind: req.kind });
    }
    req.onDetected?.(path, detection);
    plan.push({ head, detection });
  }
  const out: FileSummary[] = [];
  for (const { head, detection } of plan) {
    const fileId = await sha256File(head.path);
    const seen = await store.one<Record<string, unknown>>('SELECT * FROM source_file WHERE file_id = $id', { id: fileId });
    if (seen) {
      const s = unchangedSummary(head.path, fileId, seen);
      req.onLoaded?.(s);
      out.push(s);
      continue;
    }
    const s = await ingestFile(store, head, detection, fileId, { timezone, dateFormat: req.dateFormat });
    req.onLoaded?.(s);
    out.push(s);
  }
  return out;
}

async function checkTimezone(store: Store, tz: string): Promise<void> {
  try {
    await store.one('SELECT timezone($tz, TIMESTAMP \'2020-01-01 00:00:00\') AS t', { tz });
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
  };
}
