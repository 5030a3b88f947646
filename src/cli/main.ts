import yargs, { type Argv, type CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { explainIoError } from '../io-errors.js';
import { escapeControls } from './output.js';
import { Interrupted, SIGNAL_EXIT } from './interrupt.js';
import { DEFAULT_DB, Store, defaultMemoryLimit, memoryLimitBytes } from '../store/db.js';
import { ingestCommand } from './ingest.js';
import { sourcesCommand } from './sources.js';
import { kpiCommand } from './kpi.js';
import { generateCommand } from './generate.js';
import { demoCommand } from './demo.js';
import { clustersCommand } from './clusters.js';
import { reportCommand } from './report.js';
import { assessCommand } from './assess.js';
import { checkCommand } from './check.js';
import { lintCommand } from './lint.js';
import { findingsCommand } from './findings.js';
import { exportCommand } from './export.js';
import { takeExitCode } from './exit-code.js';
import { mapCommand } from './map.js';
import { coverageCommand } from './coverage.js';

/** Options every command takes. */
export interface GlobalArgs {
  db: string;
  config?: string;
  json?: boolean;
  debug?: boolean;
}

// the --db of this run, to name it when DuckDB reports it corrupt in the middle of a command
let dbPath: string | undefined;

const commands: CommandModule<GlobalArgs, any>[] = [ingestCommand, sourcesCommand, kpiCommand, generateCommand, demoCommand, clustersCommand, reportCommand, assessCommand, checkCommand, lintCommand, findingsCommand, exportCommand, mapCommand, coverageCommand];

export async function run(argv: string[]): Promise<number> {
  takeExitCode(true);
  dbPath = undefined;
  const debug = argv.includes('--debug');
  let parser: Argv<GlobalArgs> = yargs(argv)
    .scriptName('itsm-lens')
    .usage('$0 <command> [options]\n\nRead ITSM exports into DuckDB and compute service-management KPIs.')
    .option('db', { type: 'string', default: DEFAULT_DB, describe: 'DuckDB database file', global: true })
    .option('config', { type: 'string', describe: 'project config (default ./itsm-lens.config.yaml when present)', global: true })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces on errors', global: true })
    .option('memory-limit', {
      type: 'string',
      describe: `DuckDB memory limit (e.g. 4GB): bigger work spills to disk in --temp-dir; default half of RAM, at most RAM − 2 GiB (${defaultMemoryLimit()} here)`,
      global: true,
    })
    .option('temp-dir', { type: 'string', describe: 'where DuckDB spills under --memory-limit (default <db>.tmp)', global: true })
    .middleware((a) => {
      dbPath = a.db;
      // every Store this process opens gets these (DuckDB instance settings)
      const mem = a['memory-limit'];
      if (mem !== undefined && memoryLimitBytes(mem) === undefined) throw new UserError(`--memory-limit '${mem}': use a size such as 4GB or 512MB`);
      Store.settings = { ...(mem ? { memory_limit: mem } : {}), ...(a['temp-dir'] ? { temp_directory: a['temp-dir'] } : {}) };
    })
    .strict()
    .demandCommand(1, 'Name a command: itsm-lens <command> (see --help)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw err ?? new UserError(msg);
    }) as Argv<GlobalArgs>;
  for (const c of commands) parser = parser.command(c);
  try {
    await parser.parseAsync();
    return takeExitCode();
  } catch (err) {
    return reportError(err, debug);
  }
}

function reportError(err: unknown, debug: boolean): number {
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
