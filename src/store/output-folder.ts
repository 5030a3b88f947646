/**
 * Output folders stay ours (issue 25, item 3). `report --out`, `assess --out`, `generate --out` and
 * `export --parquet` write a folder through this module:
 *
 * - A folder is written only when it is absent, empty, or holds the command's manifest (a file of ours at its
 *   top listing the files it wrote). Anything else is refused with one line saying what to do.
 * - Only files a manifest lists are replaced or deleted; a file the folder holds that no manifest lists is
 *   never touched, and one standing where the output goes is refused.
 * - No symbolic link is followed: the folder itself, every folder on the way to a file and every file replaced
 *   or deleted is checked with lstat, and a link is refused (nothing outside the folder changes).
 * - Files are written into a stage folder inside the folder (`.itsm-lens-stage-…`), then renamed into place,
 *   the manifest last (temp + rename), then the files this writer listed before and no longer writes are
 *   deleted. Before the renames start, a commit record in the stage lists them: a run killed during the
 *   renames is finished (rolled forward) by the next run, a run killed before leaves the folder as it was.
 * - One writer at a time: `.itsm-lens-lock` holds the writer's PID; a lock whose process is gone is taken over.
 *
 * The stage, the lock and the commit record are recognised by name, so a killed run's leftovers never make the
 * folder look foreign; the next run removes them.
 */
import { lstat, mkdir, readdir, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/** What a command writes and how its manifest names the files it wrote. */
export interface OutputKind<M> {
  /** the command and its option, for messages: `report --out` */
  command: string;
  /** what the folder holds, for messages: `report` → "holds no itsm-lens report" */
  noun: string;
  /** the manifest's file name at the top of the folder */
  manifest: string;
  /** the manifest, or undefined when the text is not this command's manifest */
  parse(text: string): M | undefined;
  /** files (relative, '/'-separated) the manifest lists, by writer ('' when the folder has one writer) */
  owned(m: M): Record<string, string[]>;
}

export interface WrittenFile {
  /** relative to the folder, '/'-separated */
  path: string;
  bytes: number;
}

/** The manifest of a folder with one writer: its files and their sizes. */
export interface FileListManifest {
  schema: typeof OUTPUT_SCHEMA;
  command: string;
  files: WrittenFile[];
}

export const OUTPUT_SCHEMA = 'itsm-lens/output@1';
const LOCK = '.itsm-lens-lock';
const STAGE_PREFIX = '.itsm-lens-stage-';
/** Names of ours at the top of a folder: they never make a folder foreign. */
const OURS = /^\.itsm-lens-(lock|stage-[0-9a-z-]+)$/;
const RECORD = '.itsm-lens-commit.json';
const MANIFEST_TMP = '.itsm-lens-manifest.tmp';

/** The kind of a folder whose manifest is a `FileListManifest` (report, assess). */
export function fileListKind(command: string, noun: string, manifest: string): OutputKind<FileListManifest> & { text(written: WrittenFile[]): string } {
  const name = command.split(' ')[0]!;
  return {
    command,
    noun,
    manifest,
    parse(text) {
      const m = JSON.parse(text) as Partial<FileListManifest>;
      return m?.schema === OUTPUT_SCHEMA && m.command === name && Array.isArray(m.files) ? (m as FileListManifest) : undefined;
    },
    owned: (m) => ({ '': m.files.map((f) => f.path) }),
    text: (files) => JSON.stringify({ schema: OUTPUT_SCHEMA, command: name, files } satisfies FileListManifest, null, 2) + '\n',
  };
}

/** A record of a commit in progress: what the stage moves into the folder, the manifest, what it then deletes. */
interface CommitRecord {
  manifest: string;
  text: string;
  files: string[];
  stale: string[];
}

/** What messages name: the command writing, the manifest it reads. */
type Messages = Pick<OutputKind<unknown>, 'command' | 'manifest'>;

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;
const lstatOrNull = (path: string): Promise<Stats | null> => lstat(path).catch((e) => (code(e) === 'ENOENT' ? null : Promise.reject(e)));

/** A relative path of ours: '/'-separated, no empty, '.' or '..' part, not one of the module's own names. */
function checkRel(rel: string, where: string): string[] {
  const parts = typeof rel === 'string' ? rel.split('/') : [];
  if (!parts.length || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0')) || OURS.test(parts[0]!)) {
    throw new UserError(`${where} lists '${String(rel)}', a path outside its folder; choose a new or empty folder`);
  }
  return parts;
}

/** Locks this process holds: its own PID in a lock is a live writer only when it is one of these. */
const held = new Set<string>();

function alive(pid: number, lock: string): boolean {
  if (pid === process.pid) return held.has(lock);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

/** One run of a command writing a folder: open, write files under `stage`, commit, close. */
export class OutputFolder<M> {
  /** where this run writes its files, at the relative paths they get in the folder */
  readonly stage: string;
  private committed = false;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly kind: OutputKind<M>,
    private readonly scope: string,
    /** the folder's manifest before this run, if it has one */
    readonly previous: M | undefined,
    /** the top-most folder this run created on the way to `dir` (`dir` itself, or a new parent), if any */
    private readonly created: string | undefined,
  ) {
    this.stage = join(dir, `${STAGE_PREFIX}${process.pid}-${Date.now().toString(36)}`);
  }

  /** Runs `fn` with the folder open and closes it whatever happens. */
  static async with<M, R>(dirArg: string, kind: OutputKind<M>, fn: (folder: OutputFolder<M>) => Promise<R>, scope = ''): Promise<R> {
    const folder = await OutputFolder.open(dirArg, kind, scope);
    try {
      return await fn(folder);
    } finally {
      await folder.close();
    }
  }

  /**
   * Checks the folder (refusing one that is not ours, a link, or a link on the way to a file of ours), takes
   * its lock, finishes or removes what a killed run left, and creates the stage.
   */
  static async open<M>(dirArg: string, kind: OutputKind<M>, scope = ''): Promise<OutputFolder<M>> {
    const dir = resolve(dirArg);
    const st = await lstatOrNull(dir);
    if (st?.isSymbolicLink()) throw new UserError(`${dir} is a symbolic link; itsm-lens does not write through links: name the folder it points to, or a new one`);
    if (st && !st.isDirectory()) throw new UserError(`${dir} is not a folder; choose a new or empty folder for ${kind.command}`);
    // read-only checks first: a folder that is not ours is refused before anything is written into it
    if (st) await survey(dir, kind);
    // the first folder mkdir made: a run that fails before writing removes it and what it made inside it
    const created = st ? undefined : ((await mkdir(dir, { recursive: true })) ?? undefined);
    await takeLock(dir);
    try {
      await finishLeftovers(dir, kind);
      const folder = new OutputFolder(dir, kind, scope, await survey(dir, kind), created);
      await mkdir(folder.stage, { mode: 0o700 });
      return folder;
    } catch (e) {
      await release(dir, created);
      throw e;
    }
  }

  /**
   * Moves `files` (relative paths under `stage`) into the folder, writes the manifest `build` returns, then
   * deletes the files this writer listed before and no longer writes (unless another writer lists them).
   * Refuses, before anything moves, a link on the way or a file no manifest lists standing where one goes.
   */
  async commit(files: string[], build: (written: WrittenFile[]) => string): Promise<WrittenFile[]> {
    const written: WrittenFile[] = [];
    for (const f of files) {
      checkRel(f, 'the output');
      if (f === this.kind.manifest) throw new Error(`${f}: the manifest's name is not an output file`);
      const s = await lstat(join(this.stage, f));
      if (!s.isFile()) throw new Error(`${f} in the stage is not a file`);
      written.push({ path: f, bytes: s.size });
    }
    const text = build(written);
    const owned = this.previous ? this.kind.owned(this.previous) : {};
    const ours = new Set(Object.values(owned).flat());
    const others = new Set(Object.entries(owned).flatMap(([scope, list]) => (scope === this.scope ? [] : list)));
    const keep = new Set(files);
    const stale = (owned[this.scope] ?? []).filter((f) => !keep.has(f) && !others.has(f));
    const dirs = new Set<string>();
    for (const f of files) {
      const s = await inspect(this.dir, f, this.kind, dirs);
      if (s && !ours.has(f)) {
        throw new UserError(`${join(this.dir, f)} was not written by itsm-lens ${this.kind.noun} (${this.kind.manifest} does not list it); move it away or choose a new or empty folder`);
      }
    }
    for (const f of stale) await inspect(this.dir, f, this.kind, dirs);
    const record: CommitRecord = { manifest: this.kind.manifest, text, files, stale };
    await writeFile(join(this.stage, `${RECORD}.tmp`), JSON.stringify(record));
    await rename(join(this.stage, `${RECORD}.tmp`), join(this.stage, RECORD));
    await apply(this.dir, this.stage, record, this.kind);
    this.committed = true;
    return written;
  }

  /** Removes the stage and the lock, and the folder when this run created it and wrote nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await rm(this.stage, { recursive: true, force: true });
    await release(this.dir, this.committed ? undefined : this.created);
  }
}

async function takeLock(dir: string): Promise<void> {
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // O_CREAT | O_EXCL: fails on anything already there, a link included
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      held.add(path);
      return;
    } catch (e) {
      if (code(e) !== 'EEXIST') throw e;
    }
    const s = await lstatOrNull(path);
    const pid = s?.isFile() ? Number((await readFile(path, 'utf8').catch(() => '')).trim()) : NaN;
    if (alive(pid, path)) {
      throw new UserError(`${dir} is being written by another itsm-lens process (PID ${pid}); wait for it to finish, or delete ${path} if none runs`);
    }
    // the lock of a process that is gone (killed): ours by name, taken over
    await rm(path, { force: true });
  }
  throw new UserError(`${dir}: could not take ${LOCK}; retry`);
}

/**
 * Drops the lock; with `created` (the top-most folder this run made), removes `dir` and its new parents up to
 * `created`, each only while empty: `assess --out a/b/out` that fails leaves no `a/b` behind.
 */
async function release(dir: string, created: string | undefined): Promise<void> {
  held.delete(join(dir, LOCK));
  await rm(join(dir, LOCK), { force: true });
  if (created === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    if (!(await rmdir(d).then(() => true, () => false))) return;
    if (d === created || dirname(d) === d) return;
  }
}

/**
 * The folder's manifest (undefined when there is none), after checking that the folder is ours: with no
 * manifest it must be empty but for our own names; every file a manifest lists is reached without a link.
 */
async function survey<M>(dir: string, kind: OutputKind<M>): Promise<M | undefined> {
  const path = join(dir, kind.manifest);
  const st = await lstatOrNull(path);
  if (!st) {
    const entries = await readdir(dir);
    const foreign = entries.filter((n) => !OURS.test(n));
    // a killed first run that was committing: its files are ours, the next open finishes the commit
    const committing = await Promise.all(entries.filter((n) => n.startsWith(STAGE_PREFIX)).map((n) => lstatOrNull(join(dir, n, RECORD))));
    if (foreign.length && !committing.some((s) => s?.isFile())) {
      throw new UserError(`${dir} is not empty and holds no itsm-lens ${kind.noun} (${kind.manifest}); choose a new or empty folder`);
    }
    return undefined;
  }
  if (!st.isFile()) throw new UserError(`${path} is not a file itsm-lens wrote (a link or a folder); remove it or choose a new or empty folder`);
  let m: M | undefined;
  try {
    m = kind.parse(await readFile(path, 'utf8'));
  } catch {
    m = undefined;
  }
  if (!m) throw new UserError(`${path} is not the manifest of an itsm-lens ${kind.noun}; choose a new or empty folder`);
  const dirs = new Set<string>();
  for (const list of Object.values(kind.owned(m))) for (const f of list) await inspect(dir, f, kind, dirs);
  return m;
}

/**
 * What stands at `rel` under `dir`, reached without following a link: null when nothing, else the file's
 * stats. Refuses a link (at `rel` or on the way), a folder where a file goes, a file where a folder goes.
 */
async function inspect(dir: string, rel: string, kind: Messages, dirs = new Set<string>()): Promise<Stats | null> {
  const parts = checkRel(rel, join(dir, kind.manifest));
  let path = dir;
  for (let i = 0; i < parts.length; i++) {
    path = join(path, parts[i]!);
    const last = i === parts.length - 1;
    // folders already found real on the way to another file (an export lists thousands under a few folders)
    if (!last && dirs.has(path)) continue;
    const s = await lstatOrNull(path);
    if (!s) return null;
    if (s.isSymbolicLink()) {
      throw new UserError(`${path} is a symbolic link; itsm-lens ${kind.command} does not write through links: remove it or choose a new or empty folder`);
    }
    if (last ? !s.isFile() : !s.isDirectory()) {
      throw new UserError(`${path} is ${s.isDirectory() ? 'a folder' : 'not a folder'} where itsm-lens ${kind.command} writes ${last ? 'a file' : 'a folder'}; move it away or choose a new or empty folder`);
    }
    if (last) return s;
    dirs.add(path);
  }
  return null;
}

/** Creates the folders on the way to `rel` one at a time, refusing a link where one should be. */
async function ensureParents(dir: string, rel: string, kind: Messages): Promise<void> {
  const parts = rel.split('/');
  let path = dir;
  for (const part of parts.slice(0, -1)) {
    path = join(path, part);
    await mkdir(path).catch((e) => (code(e) === 'EEXIST' ? undefined : Promise.reject(e)));
    const s = await lstat(path);
    if (!s.isDirectory()) throw new UserError(`${path} is ${s.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}; itsm-lens ${kind.command} does not write through it: remove it or choose a new or empty folder`);
  }
}

/** Moves what is left in the stage into place, writes the manifest, deletes the stale files, removes the stage. */
async function apply(dir: string, stage: string, r: CommitRecord, kind: Messages): Promise<void> {
  for (const f of r.files) {
    const from = join(stage, f);
    if (!(await lstatOrNull(from))) continue; // moved before a kill
    await ensureParents(dir, f, kind);
    await rename(from, join(dir, f));
  }
  await writeFile(join(stage, MANIFEST_TMP), r.text);
  await rename(join(stage, MANIFEST_TMP), join(dir, r.manifest));
  for (const f of r.stale) {
    const s = await inspect(dir, f, kind);
    if (!s) continue;
    await unlink(join(dir, f));
    // folders the deletion emptied go too (rmdir removes only an empty folder, never a link's target)
    const parts = f.split('/');
    for (let i = parts.length - 1; i > 0; i--) {
      const removed = await rmdir(join(dir, ...parts.slice(0, i))).then(
        () => true,
        () => false,
      );
      if (!removed) break;
    }
  }
  await rm(stage, { recursive: true, force: true });
}

/** A killed run's stage: finished when it holds a commit record (the renames had started), else removed. */
async function finishLeftovers(dir: string, kind: Messages): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!name.startsWith(STAGE_PREFIX) || !OURS.test(name)) continue;
    const stage = join(dir, name);
    const s = await lstat(stage);
    if (s.isDirectory()) {
      const rec = await lstatOrNull(join(stage, RECORD));
      if (rec?.isFile()) {
        const r = JSON.parse(await readFile(join(stage, RECORD), 'utf8')) as CommitRecord;
        if (typeof r.manifest !== 'string' || r.manifest.includes('/') || OURS.test(r.manifest)) throw new UserError(`${stage}: not a commit of itsm-lens; remove it`);
        for (const f of [...r.files, ...r.stale]) checkRel(f, join(stage, RECORD));
        await apply(dir, stage, r, { command: kind.command, manifest: r.manifest });
      }
    }
    // rm removes a link itself, never what it points to
    await rm(stage, { recursive: true, force: true });
  }
}
