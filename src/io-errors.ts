/**
 * Failures of the disk or of a database file that the user can fix (a full disk, a path through a file, a
 * folder where a file belongs, no permission, a corrupt database), told as one line that names the path and
 * what to do. They come two ways: Node's file-system errors (`code` and `path`), and DuckDB's IO errors, whose
 * text quotes the file (`Could not write file "x.wal": No space left on device`); DuckDB may report the cause
 * only under a later error's text ("database has been invalidated … Original error: …"), so every line is read.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

const CAUSES: [code: string, pattern: RegExp][] = [
  ['ENOSPC', /No space left on device|ENOSPC/i],
  ['EDQUOT', /Disk quota exceeded|EDQUOT/i],
  ['ENOTDIR', /Not a directory|ENOTDIR/i],
  ['EISDIR', /Is a directory|EISDIR/i],
  ['EACCES', /Permission denied|EACCES/i],
  ['EPERM', /Operation not permitted|EPERM/i],
  ['EROFS', /Read-only file system|EROFS/i],
  ['EMFILE', /Too many open files|EMFILE/i],
];

/** Node error codes explained here; ENOENT is not among them (a missing file of our own is a bug). */
const NODE_CODES = new Set(CAUSES.map(([c]) => c));

/** The first existing ancestor of a path that is not a folder (what ENOTDIR is about), if any. */
function fileInTheWay(path: string): string | undefined {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    let s;
    try {
      s = statSync(p);
    } catch {
      continue; // missing, or itself under the file in the way (ENOTDIR)
    }
    return s.isDirectory() ? undefined : p;
  }
  return undefined;
}

/** One line for an I/O cause on `path` (undefined path: DuckDB did not say which file). */
export function describeIoCause(code: string, path: string | undefined, dbPath?: string): string {
  const where = path ?? 'a file';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `${code === 'ENOSPC' ? 'no space left on device' : 'disk quota exceeded'} while writing ${where}: free space on that disk, or write elsewhere (another --db${dbPath ? '' : ' or output path'}, or --temp-dir for what DuckDB spills)`;
    case 'ENOTDIR': {
      const blocker = path ? fileInTheWay(path) : undefined;
      return `${where}: ${blocker ? `${blocker} is a file, not a folder` : 'a part of the path is a file, not a folder'}; give a path inside a folder`;
    }
    case 'EISDIR':
      return `${where} is a folder; give the path of a file${dbPath ? ' (e.g. ' + `${dbPath.replace(/\/+$/, '')}/itsm-lens.duckdb)` : ''}`;
    case 'EACCES':
    case 'EPERM':
      return `${where}: permission denied; check the permissions of the file and its folder, or use another path`;
    case 'EROFS':
      return `${where}: the file system is read-only; write to another path`;
    case 'EMFILE':
      return `too many open files (opening ${where}); raise the limit (ulimit -n) or ingest fewer files at once`;
    case 'ENOENT':
      return `${where}: no such file or folder${path ? `; create ${dirname(path)} first or fix the path` : ''}`;
    default:
      return `${where}: ${code}`;
  }
}

/** A corrupt or foreign database file, as DuckDB reports it when opening or reading it. */
const CORRUPT = /Corrupt database file|not a valid DuckDB database file|Could not read enough bytes from file|checksum .* does not match/i;

/**
 * Explains an error the user can fix: the one line to print, or undefined when it is not a disk or
 * database-file failure. `db.path` is the command's database; `db.opening` when the error comes from opening it.
 */
export function explainIoError(err: unknown, db?: { path: string; opening: boolean }): string | undefined {
  const dbPath = db?.opening ? db.path : undefined;
  const e = err as { code?: unknown; path?: unknown; dest?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && NODE_CODES.has(e.code)) {
    return describeIoCause(e.code, typeof e.dest === 'string' ? e.dest : typeof e.path === 'string' ? e.path : undefined, dbPath);
  }
  const text = typeof e?.message === 'string' ? e.message : String(err);
  if (CORRUPT.test(text)) {
    const detail = /(checksum[^\n]*?in block at location \d+|not a valid DuckDB database file|Could not read enough bytes[^\n]*)/i.exec(text)?.[1];
    const file = /file "([^"]+)"/.exec(text)?.[1] ?? db?.path ?? 'the database';
    return `${file} is corrupt or not a DuckDB database${detail ? ` (${detail.replace(/ from file "[^"]*"/, '')})` : ''}: restore it from a backup, or ingest the exports again into a new --db`;
  }
  for (const line of text.split('\n')) {
    const cause = CAUSES.find(([, p]) => p.test(line));
    if (!cause) continue;
    const path = /file "([^"]+)"/.exec(line)?.[1] ?? /'([^']+)'/.exec(line)?.[1];
    return describeIoCause(cause[0], path, dbPath);
  }
  // DuckDB names a missing file or folder in its own words; a file of ours never goes through DuckDB's open
  const missing = /Cannot open file "([^"]+)": No such file or directory/.exec(text);
  if (missing) return describeIoCause('ENOENT', missing[1], dbPath);
  return undefined;
}
