/**
 * What a test needs to judge an output folder from outside: a listing with contents (not following links), and a
 * check of a folder against its manifest (every listed file is on disk with the size the manifest records and
 * parses; no other file of ours is there).
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Store, pathLit } from '../../src/store/db.js';

/** Names the output-folder module keeps at the top of a folder while it writes (lock, stage of a run). */
export const WORK_NAMES = /^\.itsm-lens-(lock|stage-.*)$/;

/** Every entry under `root` (links not followed): path → 'dir', 'link → target' or the file's sha256. */
export function snapshot(root: string, skipWork = false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (skipWork && !prefix && WORK_NAMES.test(name)) continue;
      const path = join(dir, name);
      const rel = prefix + name;
      const s = lstatSync(path);
      if (s.isSymbolicLink()) out[rel] = `link → ${readlinkSync(path)}`;
      else if (s.isDirectory()) {
        out[rel] = 'dir';
        walk(path, rel + '/');
      } else out[rel] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  if (existsSync(root)) walk(root, '');
  return out;
}

/** Files under `root` (relative, links not followed), without the module's work names at the top. */
export function filesOn(root: string): string[] {
  return Object.entries(snapshot(root, true))
    .filter(([, v]) => v !== 'dir')
    .map(([k]) => k)
    .sort();
}

export interface ManifestCheck {
  files: number;
  bytes: number;
}

/**
 * A report, assessment or export folder against its manifest: each listed file exists as a regular file of the
 * recorded size (`sizes`: false while a killed run's commit is half done, when a listed file may already be
 * the new one) and parses (Parquet through DuckDB with the manifest's row counts, HTML to its closing tag,
 * JSON, SVG); with `exact`, the files on disk are the listed ones plus the manifest and `extra`.
 */
export async function checkFolder(dir: string, manifestName: string, opts: { sizes?: boolean; exact?: boolean; extra?: string[] } = {}): Promise<ManifestCheck> {
  const manifest = JSON.parse(readFileSync(join(dir, manifestName), 'utf8'));
  const perTenant: Record<string, { path: string; bytes: number }[]> = manifest.exports
    ? Object.fromEntries(Object.entries(manifest.exports as Record<string, { files: { path: string; bytes: number }[] }>).map(([t, e]) => [t, e.files]))
    : { '': manifest.files };
  const listed = new Map<string, number>();
  for (const files of Object.values(perTenant)) for (const f of files) listed.set(f.path, f.bytes);
  let bytes = 0;
  const mem = await Store.open(':memory:', { migrate: false });
  try {
    for (const [path, size] of listed) {
      const full = join(dir, path);
      const s = lstatSync(full);
      if (!s.isFile()) throw new Error(`${path}: not a regular file`);
      if (s.size === 0) throw new Error(`${path}: 0 bytes`);
      if (opts.sizes !== false && s.size !== size) throw new Error(`${path}: ${s.size} bytes on disk, ${size} in the manifest`);
      bytes += s.size;
      if (path.endsWith('.parquet')) await mem.one(`SELECT count(*) AS n FROM read_parquet(${pathLit(full)})`);
      else if (path.endsWith('.html') && !readFileSync(full, 'utf8').trimEnd().endsWith('</html>')) throw new Error(`${path}: no closing </html>`);
      else if (path.endsWith('.json')) JSON.parse(readFileSync(full, 'utf8'));
      else if (path.endsWith('.svg') && !readFileSync(full, 'utf8').trimEnd().endsWith('</svg>')) throw new Error(`${path}: no closing </svg>`);
    }
    // an export's rows per table and tenant are what its files hold
    if (manifest.exports && opts.sizes !== false) {
      for (const [tenant, e] of Object.entries(manifest.exports as Record<string, { rows: Record<string, number>; files: { path: string }[] }>)) {
        for (const [table, rows] of Object.entries(e.rows)) {
          const files = e.files.map((f) => f.path).filter((p) => p.startsWith(`${table}/`));
          const n = files.length ? Number((await mem.one<{ n: number }>(`SELECT count(*) AS n FROM read_parquet([${files.map((p) => pathLit(join(dir, p))).join(', ')}])`))!.n) : 0;
          if (n !== rows) throw new Error(`${table} (tenant '${tenant}'): ${n} rows in its files, ${rows} in the manifest`);
        }
      }
    }
  } finally {
    mem.close();
  }
  if (opts.exact) {
    const want = [...listed.keys(), manifestName, ...(opts.extra ?? [])].sort();
    const got = filesOn(dir);
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`files on disk ${JSON.stringify(got.filter((f) => !want.includes(f)))} not listed, ${JSON.stringify(want.filter((f) => !got.includes(f)))} missing`);
  }
  return { files: listed.size, bytes };
}
