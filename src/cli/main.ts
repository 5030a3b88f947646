import yargs, { type Argv, type CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { explainIoError } from '../io-errors.js';
import { escapeControls } from './output.js';
import { Interrupted, SIGNAL_EXIT } from './interrupt.js';
import { DEFAULT_DB, Store, defaultMemoryLimit, memoryLimitBytes, threadSettings, validThreads } from '../store/db.js';
import type { Command } from './command.js';

/** Options every command takes. */
export interface GlobalArgs {
  db: string;
  config?: string;
  json?: boolean;
  debug?: boolean;
}

/** A command as the parser first sees it: its usage and description, and where its options and handler are. */
interface LazyCommand {
  command: string;
  describe: string;
  load: () => Promise<Command<any>>;
}

// Each command's module (and all it imports: the report's, the generator's, the maturity model's modules) loads
// only when that command runs or shows its help: 188 modules loaded otherwise, for `--version` too.
const commands: LazyCommand[] = [
  { command: 'ingest <paths..>', describe: 'load export files, folders or globs (csv, tsv, xlsx, json, xes; gzipped too) into the database', load: async () => (await import('./ingest.js')).ingestCommand },
  { command: 'sources', describe: 'list the supported tools, their detection signatures and mapped fields', load: async () => (await import('./sources.js')).sourcesCommand },
  { command: 'kpi', describe: 'service-management KPIs for a period (all loaded data without one)', load: async () => (await import('./kpi.js')).kpiCommand },
  { command: 'generate', describe: "synthetic exports in a tool's format, with a truth.json of what was generated and planted", load: async () => (await import('./generate.js')).generateCommand },
  { command: 'demo', describe: 'generate a year of a mid-size organisation’s exports, ingest them, compute the KPIs, check them against what was planted, write the monthly report', load: async () => (await import('./demo.js')).demoCommand },
  { command: 'clusters', describe: 'recurring-problem clusters of incidents, and the problem records nobody opened', load: async () => (await import('./clusters.js')).clustersCommand },
  { command: 'report', describe: 'the monthly KPI pack: one self-contained HTML file (charts inlined, works offline), kpis.json and SVG charts', load: async () => (await import('./report.js')).reportCommand },
  { command: 'assess', describe: 'ITSM maturity per practice (levels 1–5) from evidence in the data, plus interview answers', load: async () => (await import('./assess.js')).assessCommand },
  { command: 'check', describe: 'CI gates: thresholds, budgets and tested regressions of KPIs (exit 1 when an error-level rule fails)', load: async () => (await import('./check.js')).checkCommand },
  { command: 'lint', describe: 'data-quality rules over the loaded data: counts, shares and sample ids per rule', load: async () => (await import('./lint.js')).lintCommand },
  { command: 'findings', describe: 'statistically tested highlights: trends, change points, outliers, imbalances, concentrations, recurring problems', load: async () => (await import('./findings.js')).findingsCommand },
  { command: 'export', describe: 'the canonical tables as Parquet partitioned by month (and tenant), for Spark, Trino or DuckDB over many databases', load: async () => (await import('./export.js')).exportCommand },
  { command: 'map <file>', describe: 'draft a mapping file (for ingest --mapping) for an export no built-in tool knows, with the evidence for each guess', load: async () => (await import('./map.js')).mapCommand },
  { command: 'coverage', describe: 'which months and fields the loaded data covers: tickets per kind and month against a typical month, complete or why not, field fill rates, the settled end', load: async () => (await import('./coverage.js')).coverageCommand },
  { command: 'init', describe: 'write a commented itsm-lens.config.yaml for the loaded data: time zone and office hours guessed from it, targets and settings as marked defaults', load: async () => (await import('./init.js')).initCommand },
];

/**
 * The yargs command for `c`: its builder loads the module, adds its options and keeps its handler for the run;
 * the handler's exit code goes to `exit`.
 */
function lazyCommand(c: LazyCommand, exit: (code: number) => void): CommandModule<GlobalArgs, any> {
  let handler: Command<any>['handler'] | undefined;
  return {
    command: c.command,
    describe: c.describe,
    builder: async (y) => {
      const m = await c.load();
      handler = m.handler;
      return typeof m.builder === 'function' ? m.builder(y) : y.options(m.builder ?? {});
    },
    handler: async (a) => {
      const code = await handler!(a);
      if (typeof code === 'number') exit(code);
    },
  };
}

export async function run(argv: string[]): Promise<number> {
  // the --db of this run, to name it when DuckDB reports it corrupt in the middle of a command
  let dbPath: string | undefined;
  let exitCode = 0;
  const debug = argv.includes('--debug');
  let parser: Argv<GlobalArgs> = yargs(argv)
    .scriptName('itsm-lens')
    .usage('$0 <command> [options]\n\nRead ITSM exports into DuckDB and compute service-management KPIs.')
    .option('db', { type: 'string', default: DEFAULT_DB, describe: 'DuckDB database file', global: true })
    .option('config', { type: 'string', describe: 'project config (default ./itsm-lens.config.yaml when present)', global: true })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces on errors', global: true })
    .option('memory-limit', {
      type: 'string',
      describe: `DuckDB memory limit (e.g. 4GB): bigger work spills to disk in --temp-dir; default half of RAM, at most RAM − 2 GiB and 3 GiB (${defaultMemoryLimit()} here)`,
      global: true,
    })
    .option('temp-dir', { type: 'string', describe: 'where DuckDB spills what does not fit under the memory limit (default <db>.tmp)', global: true })
    .option('threads', { type: 'string', describe: 'DuckDB worker threads (default ITSM_LENS_THREADS when set, else one per core)', global: true })
    .middleware((a) => {
      dbPath = a.db;
      // every Store this process opens gets these (DuckDB instance settings)
      const mem = a['memory-limit'];
      if (mem !== undefined && memoryLimitBytes(mem) === undefined) throw new UserError(`--memory-limit '${mem}': use a size such as 4GB or 512MB`);
      const threads = a.threads as string | undefined;
      if (threads !== undefined && !validThreads(threads)) throw new UserError(`--threads '${threads}': use a whole number of threads, 1 or more`);
      Store.settings = {
        ...(mem ? { memory_limit: mem } : {}),
        ...(a['temp-dir'] ? { temp_directory: a['temp-dir'] } : {}),
        ...(threads !== undefined ? { threads: threads.trim() } : {}),
      };
      threadSettings(); // a bad ITSM_LENS_THREADS stops here, with its one line, before any work
    })
    .strict()
    .demandCommand(1, 'Name a command: itsm-lens <command> (see --help)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw err ?? new UserError(msg);
    }) as Argv<GlobalArgs>;
  for (const c of commands) parser = parser.command(lazyCommand(c, (code) => (exitCode = code)));
  skipHelpCache(parser);
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (err) {
    return reportError(err, debug, dbPath);
  }
}

/**
 * yargs renders the command's whole help text after its handler starts (usage.cacheHelpMessage), in case the
 * handler asks for help later; none of ours does, and errors go through .fail above, never to help. Measured:
 * ~0.07 CPU-s of every command run (string-width over each help line), ~15 % of a short one such as `kpi`.
 * `--help` itself does not use the cache: it still renders as before.
 */
function skipHelpCache(parser: Argv<GlobalArgs>): void {
  const internal = (parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  // another yargs release without this internal: keep its behaviour (a slower run, nothing else)
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

function reportError(err: unknown, debug: boolean, dbPath: string | undefined): number {
  const e = err instanceof Error ? err : new Error(String(err));
  const details = (e as { details?: unknown }).details;
  // messages quote file names and values from the data: their control characters are escaped too
  if (typeof details === 'string') process.stderr.write(escapeControls(details) + '\n');
  if (e instanceof Interrupted) {
    process.stderr.write(`itsm-lens: ${escapeControls(e.message)}\n`);
    return SIGNAL_EXIT[e.signal];
  }
  if (debug) process.stderr.write((e.stack ?? e.message) + '\n');
  else if (e instanceof UserError) process.stderr.write(`itsm-lens: ${escapeControls(firstLine(e.message))}\n`);
  else {
    // a full disk, a path through a file, a corrupt database: the user's to fix, not a bug
    const cause = explainIoError(e, dbPath ? { path: dbPath, opening: false } : undefined);
    if (cause) process.stderr.write(`itsm-lens: ${escapeControls(firstLine(cause))}\n`);
    else process.stderr.write(`itsm-lens: ${escapeControls(firstLine(e.message))} (internal error; rerun with --debug for details)\n`);
  }
  return 2;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}
