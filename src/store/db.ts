import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { totalmem } from 'node:os';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdb } from './duckdb-api.js';
import { ALLOCATOR_SETTINGS, jemallocEnv } from './allocator.js';
import { UserError } from '../errors.js';
import { explainIoError } from '../io-errors.js';
import { migrate, SCHEMA_VERSION } from './migrations.js';

export const DEFAULT_DB = './itsm-lens.duckdb';

// ITSM_LENS_TRACE=1 prints each statement's time to stderr (for finding slow SQL, not for users);
// ITSM_LENS_TRACE=full prints whole statements. After the wall time, the process's CPU time over the
// statement (DuckDB's threads included): on a shared machine the wall time mostly measures the others.
export const TRACE = Boolean(process.env.ITSM_LENS_TRACE);
const TRACE_WIDTH = process.env.ITSM_LENS_TRACE === 'full' ? Infinity : 140;
/** A step's line in the ITSM_LENS_TRACE output (a statement's, or `(close)`, `(sha256)`: work outside SQL). */
export function trace(sql: string, t0: number, cpu0: NodeJS.CpuUsage): void {
  const cpu = process.cpuUsage(cpu0);
  const ms = `${(performance.now() - t0).toFixed(0).padStart(6)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(6)} ms`;
  process.stderr.write(`[${ms}] ${sql.replace(/\s+/g, ' ').slice(0, TRACE_WIDTH)}\n`);
}

/**
 * `walOnly`: every write of the process stays in the WAL: no checkpoint (automatic, at commit or at close) and
 * no optimistic write of large appends to the file's blocks. `ingest --redact` opens its database so because
 * DuckDB 1.5 writes the unused tail of a block from uninitialised memory (duckdb/duckdb#23382), and the
 * ingesting process's memory held the originals; a fresh process then moves the WAL into the file
 * (`checkpointInFreshProcess`). The WAL itself is a serialisation of the committed (redacted) values.
 */
const WAL_ONLY: Record<string, string> = {
  enable_optimistic_write: 'false',
  checkpoint_threshold: '1000 TB',
  auto_checkpoint_skip_wal_threshold: String(Number.MAX_SAFE_INTEGER),
};

/** A connection to the itsm-lens store with the helpers every command needs. */
export class Store {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    /** opened read-only: the data cannot change during this session (see `once`) */
    readonly readOnly = false,
    /** the DuckDB memory limit this database was opened with, as given (withSettings restores it; insertMemoryLimit reads it) */
    readonly openedMemoryLimit: string = memoryLimit(),
  ) {}

  /** Session-scoped derived tables this connection has built: name → what they were built for, and the result. */
  private readonly built = new Map<string, { key: string; value: unknown }>();

  /**
   * Builds a session's derived temp tables once: `build` runs unless this connection already built `name` for
   * the same `key` (then its result is returned again). Only read-only connections keep them (their data cannot
   * change under them); a writable one rebuilds each time, since an ingest or an update may have happened.
   */
  async once<T>(name: string, key: string, build: () => Promise<T>): Promise<T> {
    const hit = this.built.get(name);
    if (this.readOnly && hit?.key === key) return hit.value as T;
    this.built.delete(name);
    const value = await build();
    if (this.readOnly) this.built.set(name, { key, value });
    return value;
  }

  /** DuckDB settings for every database this process opens: the CLI's --memory-limit, --temp-dir, --threads (memory_limit, temp_directory, threads). */
  static settings: Record<string, string> = {};

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static async open(path: string = DEFAULT_DB, opts: { readOnly?: boolean; migrate?: boolean; walOnly?: boolean } = {}): Promise<Store> {
    let instance: DuckDBInstance;
    const settings = instanceSettings();
    try {
      instance = await duckdb().DuckDBInstance.create(path, {
        ...settings,
        ...(opts.readOnly ? { access_mode: 'READ_ONLY' } : {}),
        ...(opts.walOnly ? WAL_ONLY : {}),
      });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      // DuckDB's words for a lock held by another process; a corrupt file's message also holds "block", so no looser match
      if (/Could not set lock on file|Conflicting lock is held/i.test(msg)) {
        const pid = /PID (\d+)/.exec(msg)?.[1];
        throw new UserError(`${path} is open in another process${pid ? ` (PID ${pid})` : ''}; close it and retry`);
      }
      // read-only, DuckDB refuses the in-memory database it would open over a CSV, Parquet or JSON file (below)
      if (/in-memory database in read-only mode/i.test(msg)) throw new UserError(notDatabase(path));
      throw new UserError(explainIoError(e, { path, opening: true }) ?? `${path}: cannot open as an itsm-lens database (${msg.split('\n')[0]})`);
    }
    const conn = await instance.connect();
    if (path !== ':memory:' && !path.startsWith(':memory:')) {
      // DuckDB opens a CSV, Parquet or JSON file given as a database as an in-memory database with a view of
      // it: nothing would be stored, without a word.
      const own = (await conn.runAndReadAll('SELECT path FROM duckdb_databases() WHERE database_name = current_database()')).getRowObjectsJS()[0];
      if (!own?.path) {
        conn.closeSync();
        instance.closeSync();
        throw new UserError(notDatabase(path));
      }
    }
    // Timestamps are stored as UTC instants; render them in UTC whatever the machine's zone.
    await conn.run("SET TimeZone = 'UTC'");
    if (opts.walOnly) await conn.run('PRAGMA disable_checkpoint_on_shutdown');
    const store = new Store(path, instance, conn, Boolean(opts.readOnly), settings.memory_limit);
    if (!opts.readOnly && opts.migrate !== false) await migrate(store);
    if (opts.readOnly && opts.migrate !== false && (await store.schemaBehind())) {
      // An older database is upgraded in a short write open, then read as asked: a read-only command on a
      // database the previous release wrote works, and its readers never run against a schema they do not know.
      store.close();
      try {
        (await Store.open(path, { ...opts, readOnly: false })).close();
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new UserError(`${path} was written by an older itsm-lens and upgrading it needs write access for a moment (${why}); run itsm-lens ingest on it once, or retry when no other process has it open`);
      }
      return Store.open(path, opts);
    }
    return store;
  }

  /**
   * Read-only opens (the reading commands, which may run side by side): true when the schema is older than
   * this release's, so the caller upgrades it first; throws when the file is not an itsm-lens database or a
   * newer release wrote it (as migrate does on a write open).
   */
  private async schemaBehind(): Promise<boolean> {
    const t = (await this.one<{ tables: number; meta: number }>(`SELECT count(*) AS tables, count(*) FILTER (WHERE table_name = 'meta') AS meta
      FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary`))!;
    if (!t.meta) {
      this.close();
      throw new UserError(
        t.tables
          ? `${this.path} is a DuckDB database but not an itsm-lens one (it holds ${t.tables} table${t.tables === 1 ? '' : 's'} of its own); give another --db`
          : `${this.path} holds no itsm-lens data; load exports first with itsm-lens ingest (or pass --db)`,
      );
    }
    const v = Number((await this.one<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'"))?.value ?? 0);
    if (v > SCHEMA_VERSION) {
      this.close();
      throw new UserError(`${this.path} was written by a newer itsm-lens (schema ${v}, this release reads up to ${SCHEMA_VERSION}); upgrade itsm-lens`);
    }
    return v < SCHEMA_VERSION;
  }

  async run(sql: string, params?: Record<string, unknown>): Promise<void> {
    this.checkInterrupted();
    const t0 = TRACE ? performance.now() : 0;
    const cpu0 = TRACE ? process.cpuUsage() : { user: 0, system: 0 };
    if (params) await this.conn.run(sql, params as never);
    else await this.conn.run(sql);
    if (TRACE) trace(sql, t0, cpu0);
  }

  /** Runs a query and returns its rows as plain JSON-safe objects (BIGINT → number when safe). */
  async all<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
    this.checkInterrupted();
    const t0 = TRACE ? performance.now() : 0;
    const cpu0 = TRACE ? process.cpuUsage() : { user: 0, system: 0 };
    const reader = params ? await this.conn.runAndReadAll(sql, params as never) : await this.conn.runAndReadAll(sql);
    if (TRACE) trace(sql, t0, cpu0);
    return reader.getRowObjectsJS().map((r) => normalise(r)) as T[];
  }

  async one<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /**
   * Runs a read-only query on a separate connection and returns its rows, or undefined when it fails: a
   * probe whose failure must not abort the transaction open on the main connection.
   */
  async probe<T = Record<string, unknown>>(sql: string): Promise<T[] | undefined> {
    const conn = await this.instance.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      return (await conn.runAndReadAll(sql)).getRowObjectsJS().map((r) => normalise(r)) as T[];
    } catch {
      return undefined;
    } finally {
      conn.closeSync();
    }
  }

  /** Runs fn inside one transaction: all of it commits or none of it does. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.run('COMMIT');
      return out;
    } catch (err) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      for (const [name, value] of this.restoreAfterRollback) await this.conn.run(`SET ${name} = ${lit(value)}`).catch(() => undefined);
      this.restoreAfterRollback.clear();
      throw err;
    }
  }

  /** settings `withSettings` could not restore in a failed transaction, with their earlier values: restored after its ROLLBACK */
  private readonly restoreAfterRollback = new Map<string, string>();

  /**
   * Runs fn with DuckDB settings of this connection changed, and restores their earlier values after it (a
   * setting an earlier statement made, such as a wide file's disabled_optimizers, is kept). A statement that
   * fails inside a transaction aborts it, and DuckDB refuses even a SET until the ROLLBACK (which does not undo
   * a SET): then `transaction` restores them after its ROLLBACK.
   */
  async withSettings<T>(settings: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const earlier = new Map<string, string>();
    for (const name of Object.keys(settings)) {
      // (DuckDB prints the memory limit rounded, '3.7 GiB' for 4GB: the limit this database was opened with is
      // restored as it was given; no statement of ours sets it other than through here)
      earlier.set(name, name === 'memory_limit' ? this.openedMemoryLimit : (await this.one<{ v: string }>(`SELECT current_setting(${lit(name)})::VARCHAR AS v`))!.v);
    }
    try {
      for (const [name, value] of Object.entries(settings)) await this.run(`SET ${name} = ${value}`);
      return await fn();
    } finally {
      for (const [name, value] of earlier) await this.conn.run(`SET ${name} = ${lit(value)}`).catch(() => this.restoreAfterRollback.set(name, value));
    }
  }

  private interrupted = false;

  /**
   * Ctrl-C: stops the statement running on the main connection (it fails with DuckDB's INTERRUPT error), and
   * every later one before it starts (a signal that lands between two statements would otherwise be missed).
   */
  interrupt(): void {
    this.interrupted = true;
    if (!this.closed) this.conn.interrupt();
  }

  private checkInterrupted(): void {
    if (this.interrupted) throw new Error('INTERRUPT Error: Interrupted!');
  }

  private closed = false;

  /** Closes the database (idempotent: error paths may close before a `finally` does). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const t0 = TRACE ? performance.now() : 0;
    const cpu0 = TRACE ? process.cpuUsage() : { user: 0, system: 0 };
    this.conn.closeSync();
    this.instance.closeSync();
    if (TRACE) trace('(close)', t0, cpu0);
  }
}

/**
 * Checkpoints a closed database file in a new Node process, which replays the WAL and writes the blocks: that
 * process's memory has held nothing but the WAL's values (see `walOnly` in `Store.open`). Resolves when it is done;
 * rejects with a UserError naming the cause (the data stays safe in the WAL, replayed at the next open).
 */
export async function checkpointInFreshProcess(path: string): Promise<void> {
  const api = createRequire(import.meta.url).resolve('@duckdb/node-api');
  const script = `const { DuckDBInstance } = require(${JSON.stringify(api)});
    (async () => {
      const i = await DuckDBInstance.create(process.argv[1], JSON.parse(process.argv[2]));
      const c = await i.connect();
      await c.run('CHECKPOINT');
      c.closeSync(); i.closeSync();
    })().catch((e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });`;
  // the child loads the bindings itself: jemalloc's options go in its environment
  const child = spawn(process.execPath, ['-e', script, path, JSON.stringify(instanceSettings())], { stdio: ['ignore', 'ignore', 'pipe'], env: jemallocEnv() });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new UserError(`${path}: the data is committed to ${path}.wal, but moving it into the file failed (${err.split('\n')[0] || `exit ${code}`}); it is moved at the next open of the database`);
  }
}

const notDatabase = (path: string) =>
  `${path} is not a DuckDB database file (DuckDB would read it as data and store nothing); give a database path such as itsm-lens.duckdb with --db`;

function normalise(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = toPlain(v);
  return out;
}

function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(toPlain);
  return v;
}

/** The machine's RAM, or the container's memory limit when that is lower. */
function machineRam(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  return constrained > 0 && constrained < totalmem() ? constrained : totalmem();
}

/** The cap of the default memory limit: at 10M incidents every command stays under 5 GiB of RSS with it. */
const DEFAULT_MEMORY_CAP = 3 * 2 ** 30;

/**
 * The memory limit when --memory-limit is not given. DuckDB's own default is 80 % of RAM, which leaves the
 * report (Node, its chart libraries, the browser) little room: half of RAM (of the container's limit, when
 * lower), at most RAM − 2 GiB and at most 3 GiB; at least 256 MiB. Whole MiB, in the form DuckDB and
 * memoryLimitBytes read. The 3 GiB cap bounds memory by design: DuckDB keeps what fits under its limit, so with
 * half of 24 GiB the 10M bench peaked at 9.3–12.2 GiB in ingest, clusters and findings, and with 3 GiB every
 * command under 5 GiB (2.6–4.2 GiB; clusters once 4.9 GiB under 3GB), the same findings, spilling the rest to
 * --temp-dir (BENCHMARKS.md, issue 23, session 23).
 */
export function defaultMemoryLimit(ram: number = machineRam()): string {
  const bytes = Math.max(256 * 2 ** 20, Math.min(ram / 2, ram - 2 * 2 ** 30, DEFAULT_MEMORY_CAP));
  return `${Math.floor(bytes / 2 ** 20)}MiB`;
}

/** The DuckDB memory limit in force: --memory-limit, else the default. */
export function memoryLimit(): string {
  return Store.settings.memory_limit ?? defaultMemoryLimit();
}

/** DuckDB settings for an instance: the CLI's (Store.settings) over the default memory limit and engineSettings. */
function instanceSettings(): Record<string, string> {
  return { memory_limit: defaultMemoryLimit(), ...engineSettings(), ...Store.settings };
}

/** The settings every DuckDB instance of the process gets, a database file's or a scratch one: the allocator's and the threads. */
export function engineSettings(): Record<string, string> {
  return { ...ALLOCATOR_SETTINGS, ...threadSettings() };
}

/**
 * DuckDB's worker threads when --threads is not given: ITSM_LENS_THREADS when set (a CI runner shared by several
 * jobs, where one process per job should not start a thread per core), else none, and DuckDB uses one per core.
 */
export function threadSettings(): Record<string, string> {
  if (Store.settings.threads) return { threads: Store.settings.threads };
  const env = process.env.ITSM_LENS_THREADS;
  if (env === undefined || env === '') return {};
  if (!validThreads(env)) throw new UserError(`ITSM_LENS_THREADS='${env}': use a whole number of threads, 1 or more, or unset it`);
  return { threads: env.trim() };
}

/** A thread count DuckDB accepts: a whole number ≥ 1. */
export function validThreads(v: string): boolean {
  return /^\s*[1-9]\d{0,3}\s*$/.test(v);
}

/** `--memory-limit`'s forms ('500MB', '4GB', '1.5GiB') → bytes; undefined for anything else. */
export function memoryLimitBytes(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^(\d+(?:\.\d+)?)\s*(K|M|G|T)(i?)B$/i.exec(v.trim());
  if (!m) return undefined;
  const base = m[3] ? 1024 : 1000;
  return Number(m[1]) * base ** ('KMGT'.indexOf(m[2]!.toUpperCase()) + 1);
}

/** Quotes an SQL identifier. */
export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Quotes an SQL string literal. */
export function lit(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/**
 * A file path as a literal for DuckDB's readers (read_csv, read_json_objects, read_parquet, glob), which
 * expand glob patterns: each pattern character is put in a one-character class (`[` → `[[]`), so
 * `incident[1].csv` reads that file, not `incident1.csv`, and `inc*.csv` reads only itself.
 */
export function pathLit(path: string): string {
  return lit(escapeGlob(path));
}

/** Escapes DuckDB's glob characters (`* ? [ ] { }`) in a path; a glob of it matches only that path. */
export function escapeGlob(path: string): string {
  return path.replace(/[[\]*?{}]/g, (c) => `[${c}]`);
}
