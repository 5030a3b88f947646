import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, readdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { UserError } from '../errors.js';

// Delimited text, plus what src/ingest/convert turns into CSV (xlsx, JSON, newline-delimited JSON, XES).
const INGESTIBLE = /\.(csv|tsv|txt|json|jsonl|ndjson|xes)(\.gz)?$|\.(xlsx|xlsm)$/i;
// Not exports: the generator's truth.json beside its files, Excel's `~$` lock files, hidden files.
const NOT_EXPORT = /^(truth\.json|~\$.*|\..*)$/i;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Expands files, folders (recursively: csv/tsv/txt/json/jsonl/ndjson/xes and their .gz, xlsx/xlsm) and globs into a sorted file list. */
export async function expandPaths(store: Store, inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    // A path that exists is taken literally, whatever characters its name holds ('inc*.csv', 'incident[1].csv');
    // only a path that names nothing is expanded as a glob pattern.
    const literal = await stat(input).catch(() => undefined);
    if (!literal && /[*?[]/.test(input)) {
      const rows = await store.all<{ file: string }>(`SELECT file FROM glob(${lit(input)}) ORDER BY file`);
      if (rows.length === 0) throw new UserError(`no file matches '${input}'`);
      out.push(...rows.map((r) => r.file));
      continue;
    }
    const s = literal;
    if (!s) throw new UserError(`${input}: no such file or folder`);
    if (s.isDirectory()) {
      const found = (await readdir(input, { recursive: true, withFileTypes: true }))
        .filter((d) => d.isFile() && INGESTIBLE.test(d.name) && !NOT_EXPORT.test(d.name))
        .map((d) => join(d.parentPath ?? input, d.name))
        .sort();
      if (found.length === 0) throw new UserError(`${input}: the folder holds no .csv, .tsv, .xlsx, .json or .xes file (or their .gz)`);
      out.push(...found);
    } else out.push(input);
  }
  return [...new Set(out.map((p) => resolve(p)))];
}

/** Transcodes a UTF-16 or Windows-1252 file (optionally gzipped) to a temporary UTF-8 file DuckDB can read. */
export async function transcode(path: string, compressed: boolean, encoding: 'utf-16le' | 'utf-16be' | 'windows-1252'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'itsm-lens-'));
  const out = join(dir, 'utf8.csv');
  const decoder = new TextDecoder(encoding);
  const transform = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      cb(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(cb) {
      cb(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  const src = createReadStream(path);
  if (compressed) await pipeline(src, createGunzip(), transform, createWriteStream(out));
  else await pipeline(src, transform, createWriteStream(out));
  return out;
}
