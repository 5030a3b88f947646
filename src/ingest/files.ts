import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, readdir, mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import { UserError } from '../errors.js';
import { extensionList, formatOf } from './formats.js';
import { decodeWindows1252 } from './cp1252.js';

// Not exports: the generator's truth.json beside its files, Excel's `~$` lock files, hidden files.
const NOT_EXPORT = /^(truth\.json|~\$.*|\..*)$/i;

/** The file's sha256 (its id). Read in 4 MiB chunks: with the stream's 64 KiB a 448 MB export took 0.6–0.7 CPU-s, now 0.33–0.37. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 4 * 2 ** 20 }), hash);
  return hash.digest('hex');
}

/** Called for each symbolic link in a folder that is not read, with the reason. */
export type OnSkippedLink = (link: string, reason: string) => void;

/**
 * The export files under a folder, sorted. A symbolic link to a file inside the folder is read (once: a file
 * reached by a link and by its own name is read under its own name); a link that points outside the folder,
 * is broken or loops, or names a folder, is skipped and reported, when its name is an export's or it names a folder.
 */
async function walkFolder(input: string, onSkip: OnSkippedLink = () => undefined): Promise<string[]> {
  const root = await realpath(input);
  const inside = (p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
  const isExport = (name: string) => formatOf(name) !== undefined && !NOT_EXPORT.test(name);
  const byTarget = new Map<string, string>();
  const links: string[] = [];
  for (const d of await readdir(input, { recursive: true, withFileTypes: true })) {
    const path = join(d.parentPath ?? input, d.name);
    if (d.isSymbolicLink()) links.push(path);
    else if (d.isFile() && isExport(d.name)) byTarget.set(await realpath(path), path);
  }
  for (const link of links.sort()) {
    const name = basename(link);
    let target: string;
    try {
      target = await realpath(link);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (isExport(name)) onSkip(link, code === 'ELOOP' ? 'the link loops' : code === 'ENOENT' ? 'broken link: its target does not exist' : `cannot follow it (${code})`);
      continue;
    }
    const t = await stat(target);
    if (t.isDirectory()) onSkip(link, `a link to a folder${inside(target) ? ' (its files inside the folder are read there)' : ` outside ${input}`}: folder links are not followed`);
    else if (!isExport(name)) continue;
    else if (!inside(target)) onSkip(link, `points outside ${input} (to ${target})`);
    else if (!t.isFile()) onSkip(link, 'not a regular file');
    else if (!byTarget.has(target)) byTarget.set(target, link);
  }
  return [...byTarget.values()].sort();
}

/**
 * Expands files, folders (recursively: the names of formats.ts) and globs into a sorted file list. Globs are
 * DuckDB's: `store`, or the function that opens it when a glob comes (a run without one starts no DuckDB).
 */
export async function expandPaths(store: Store | (() => Promise<Store>), inputs: string[], onSkip?: OnSkippedLink): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    // A path that exists is taken literally, whatever characters its name holds ('inc*.csv', 'incident[1].csv');
    // only a path that names nothing is expanded as a glob pattern.
    const literal = await stat(input).catch(() => undefined);
    if (!literal && /[*?[]/.test(input)) {
      const db = typeof store === 'function' ? await store() : store;
      const rows = await db.all<{ file: string }>(`SELECT file FROM glob(${lit(input)}) ORDER BY file`);
      if (rows.length === 0) throw new UserError(`no file matches '${input}'`);
      out.push(...rows.map((r) => r.file));
      continue;
    }
    const s = literal;
    if (!s) throw new UserError(`${input}: no such file or folder`);
    if (s.isDirectory()) {
      const found = await walkFolder(input, onSkip);
      if (found.length === 0) throw new UserError(`${input}: the folder holds no export file: ${extensionList()}`);
      out.push(...found);
    } else out.push(input);
  }
  return [...new Set(out.map((p) => resolve(p)))];
}

/** Transcodes a UTF-16 or Windows-1252 file (optionally gzipped) to a temporary UTF-8 file DuckDB can read. */
export async function transcode(path: string, compressed: boolean, encoding: 'utf-16le' | 'utf-16be' | 'windows-1252'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'itsm-lens-'));
  const out = join(dir, 'utf8.csv');
  // Windows-1252 by our own table (cp1252.ts: Node's TextDecoder gets 0x80–0x9F wrong in some releases)
  const decoder = encoding === 'windows-1252' ? undefined : new TextDecoder(encoding);
  const transform = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      cb(null, Buffer.from(decoder ? decoder.decode(chunk, { stream: true }) : decodeWindows1252(chunk), 'utf8'));
    },
    flush(cb) {
      cb(null, Buffer.from(decoder ? decoder.decode() : '', 'utf8'));
    },
  });
  const src = createReadStream(path);
  if (compressed) await pipeline(src, createGunzip(), transform, createWriteStream(out));
  else await pipeline(src, transform, createWriteStream(out));
  return out;
}
