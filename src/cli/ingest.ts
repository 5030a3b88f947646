import { existsSync, rmSync } from 'node:fs';
import { Store, checkpointInFreshProcess } from '../store/db.js';
import { planIngest, runIngest } from '../ingest/index.js';
import { dryRun, keptInExtra, renderDryRun, renderHeaderMatches } from '../ingest/dry-run.js';
import type { FileSummary } from '../ingest/ingest-file.js';
import type { ObjectKind } from '../sources/types.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { loadPolicy } from '../privacy/policy.js';
import { Interrupted, trapSignals, type SignalTrap } from './interrupt.js';
import { fmt, log, printJson, printText } from './output.js';
import { LIMITS, parseLimits } from '../ingest/limits.js';

interface Args extends GlobalArgs {
  paths: string[];
  source: string;
  kind?: ObjectKind;
  mapping?: string;
  timezone: string;
  'date-format'?: string;
  'dry-run'?: boolean;
  sheet?: string;
  redact?: string;
  limit?: string | string[];
  replace?: boolean;
  force?: boolean;
}

export const ingestCommand: Command<Args> = {
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'files, folders or globs: csv, tsv, xlsx, json, xes (and .gz)' })
      .option('source', { type: 'string', default: 'auto', describe: 'tool that wrote the export (auto = detect; see `sources`)' })
      .option('kind', { type: 'string', choices: ['ticket', 'change', 'problem', 'asset', 'event_log'], describe: 'what the file holds (default: detect)' })
      .option('mapping', { type: 'string', describe: 'YAML/JSON file mapping an unknown export’s columns and values' })
      .option('timezone', { type: 'string', default: 'UTC', describe: 'time zone of timestamps without an offset (IANA name)' })
      .option('date-format', { type: 'string', describe: "dmy | mdy | ymd, or a strptime pattern like '%d/%m/%Y %H:%M'" })
      .option('sheet', { type: 'string', describe: 'xlsx: the sheet to read (default: the first; ServiceNow names it "Page 1")' })
      .option('redact', {
        type: 'string',
        describe: 'redact people (hash, mask or drop) and e-mails, phones and names in free text; alone: the default policy, or a policy YAML file',
      })
      // not `array: true`, which would take the paths after it as values too; a repeated flag gives an array
      .option('limit', {
        type: 'string',
        requiresArg: true,
        describe: `raise a per-file limit, NAME=VALUE (repeatable): ${Object.entries(LIMITS).map(([k, v]) => `${k} (${v.bytes ? `${v.default / 2 ** 20}MB` : v.default})`).join(', ')}`,
      })
      .option('replace', {
        type: 'boolean',
        default: false,
        describe: 'load a file already ingested (same sha256) again, after a corrected mapping or a new release: its earlier load is removed in the same transaction',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'load a file whose records equal those of a file already loaded (the xlsx and the csv of one export), which is skipped otherwise',
      })
      .option('dry-run', { type: 'boolean', default: false, describe: 'show how each file would be read (candidates, mapping, dates) and write nothing' })
      .option('json', { type: 'boolean', default: false, describe: 'print the per-file summary as JSON' }) as never,
  handler: async (args) => {
    let store: Store | undefined;
    const trap = trapSignals(() => store?.interrupt());
    try {
      await ingest(args, trap, (s) => (store = s));
    } finally {
      trap.release();
    }
  },
};

/** The ingest proper; `opened` hands the store to the signal handler, which interrupts its running statement. */
async function ingest(args: Args, trap: SignalTrap, opened: (s: Store) => void): Promise<void> {
  // Every file is recognised before the database is even opened: an unknown export writes nothing.
  const plan = await planIngest({
    signal: trap.signal,
    paths: args.paths,
    source: args.source,
    kind: args.kind,
    mapping: args.mapping,
    timezone: args.timezone,
    dateFormat: args['date-format'],
    sheet: args.sheet,
    replace: args.replace,
    force: args.force,
    limits: parseLimits(args.limit === undefined ? [] : ([] as string[]).concat(args.limit)),
    // `--redact` alone is the default policy (src/privacy/default-policy.yaml)
    redact: args.redact === undefined ? undefined : loadPolicy(args.redact === '' ? true : args.redact),
    onSkippedLink: (link, reason) => log(`${link}: skipped: ${reason}`),
    onDetected: (path, d) =>
      log(
        `${path}: ${d.adapter.name} ${d.mapping.sourceTable}` +
          (d.forced ? ' (forced)' : ` · score ${d.score} · confidence ${d.confidence.toFixed(2)}`) +
          (d.runnerUp && !d.forced ? ` · runner-up ${d.runnerUp.tool} ${d.runnerUp.score}` : ''),
      ),
  }).catch((e: unknown) => {
    throw stopped(trap, e, 'nothing was written; temporary files removed');
  });
  if (args['dry-run']) {
    const reports = await dryRun(plan);
    if (args.json) printJson({ schema: 'itsm-lens/ingest-dry-run@1', files: reports });
    else printText(reports.map(renderDryRun).join('\n\n'));
    return;
  }
  // A database this run creates and no file commits to is removed again: a failed ingest leaves the
  // disk as it was (an earlier file that committed keeps it).
  const created = args.db !== ':memory:' && !existsSync(args.db);
  // Under --redact no block of the file is written by this process, whose memory holds the originals: its
  // writes stay in the WAL, and a fresh process moves them into the file (see walOnly in store/db.ts). A WAL
  // left by an earlier run is moved first, for the same reason (DuckDB checkpoints it at open).
  const walOnly = Boolean(plan.redact) && args.db !== ':memory:';
  const store = await (async () => {
    if (walOnly && existsSync(`${args.db}.wal`)) await checkpointInFreshProcess(args.db);
    return Store.open(args.db, { walOnly });
  })().catch(async (e: unknown) => {
    await plan.dispose();
    throw e;
  });
  opened(store);
  let committed = 0;
  try {
    const summaries = await runIngest(store, plan, (s) => {
      committed++;
      if (!args.json) printText(describe(s));
    });
    if (args.json) printJson({ schema: 'itsm-lens/ingest@1', db: args.db, files: summaries });
  } catch (e) {
    store.close();
    // a run stopped by Ctrl-C also takes away what it committed to a database it created
    const remove = created && (committed === 0 || trap.received() !== undefined);
    if (remove) for (const f of [args.db, `${args.db}.wal`]) rmSync(f, { force: true });
    throw stopped(
      trap,
      e,
      remove ? `removed ${args.db}, which this run had created, and the temporary files`
      : `the file being loaded was rolled back${committed ? ` (${committed} file${committed === 1 ? '' : 's'} loaded before it stay in ${args.db})` : `; ${args.db} is as it was`}; temporary files removed`,
    );
  } finally {
    store.close();
    if (walOnly && existsSync(`${args.db}.wal`)) await checkpointInFreshProcess(args.db);
  }
}

/** The error to throw: `e` itself, or, when a signal stopped the run, what was cleaned up. */
function stopped(trap: SignalTrap, e: unknown, cleanedUp: string): unknown {
  const sig = trap.received();
  return sig ? new Interrupted(sig, `interrupted (${sig}): ${cleanedUp}`) : e;
}

function describe(s: FileSummary): string {
  if (s.status === 'skipped') {
    return `${s.path}: skipped: its records equal those of ${s.same_rows_as}, already loaded (the same export in another format?); --force loads it too, --replace loads it instead`;
  }
  if (s.status === 'unchanged') return `${s.path}: already ingested (same sha256), nothing changed (--replace loads it again)`;
  const plural: Record<string, string> = { ticket: 'tickets', change: 'changes', problem: 'problems', asset: 'assets' };
  const records = Object.entries(s.records_by_table).map(([t, n]) => `${fmt(n)} ${plural[t] ?? t}`).join(', ');
  const lines = [
    `${s.path}: ${s.tool} ${s.object === 'event_log' ? 'event log' : s.object.replace(/\+/g, ' + ')} (${s.source_table})` +
      (s.format !== 'csv' ? ` · read from ${s.format}${s.sheet ? ` sheet '${s.sheet}'` : ''}` : ''),
    `  read ${fmt(s.rows_read)} · loaded ${fmt(s.rows_loaded)} · rejected ${fmt(s.rows_rejected)}` +
      ` → ${records} (${fmt(s.records_inserted)} new, ${fmt(s.records_updated)} updated)` +
      (s.events !== undefined ? `, ${fmt(s.events)} events` : ''),
  ];
  if (s.same_rows_as && !s.replaced) lines.push(`  its records equal those of ${s.same_rows_as}, loaded too (--force)`);
  if (s.same_rows_as && s.replaced) {
    lines.push(`  its records equal those of ${s.same_rows_as}, whose load it replaced (--replace): ${fmt(s.replaced.records)} records, ${fmt(s.replaced.events)} events and ${fmt(s.replaced.rejects)} rejects of it removed`);
  } else if (s.replaced) {
    lines.push(`  replaced its earlier load: ${fmt(s.replaced.records)} records, ${fmt(s.replaced.events)} events and ${fmt(s.replaced.rejects)} rejects removed, then loaded again`);
  }
  if (s.kind_from_object) {
    const k = s.kind_from_object;
    lines.push(`  kind: ${fmt(k.records)} record${k.records === 1 ? '' : 's'} taken as ${k.kind} from the file's object: ${k.reason}`);
  }
  if (s.ids_from_lines) lines.push(`  no id column: ids are the file's sha256 prefix and the line (stable when the same file is ingested again)`);
  if (s.empty_rows_skipped) lines.push(`  ${fmt(s.empty_rows_skipped)} empty rows (every field blank) skipped: not data, not counted as read`);
  if (s.rows_rejected) lines.push(`  rejected rows, with line and reason, are in the rejects table (file_id ${s.file_id.slice(0, 12)}…)`);
  const dates = Object.entries(s.date_formats).map(([c, f]) => `${c} ${f}`);
  if (dates.length) lines.push(`  dates: ${dates.join('; ')} · ${s.encoding}, delimiter ${s.delimiter === '\t' ? 'tab' : s.delimiter}`);
  if (s.unmapped_columns.length) lines.push(`  kept in extra (no canonical field): ${keptInExtra(s.unmapped_columns)}`);
  lines.push(...renderHeaderMatches(s.column_matches, s.header_warnings));
  return lines.join('\n');
}
