import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { loadProjectConfig, DEFAULT_CONFIG_FILE } from '../config/project.js';
import { applyTargets, loadCheckConfig } from '../check/config.js';
import { runCheck, type CheckRun } from '../check/run.js';
import { CHECK_FORMATS, presentCheck, type CheckFormat } from '../check/format/index.js';
import { renderGithubSummary } from '../check/format/github.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { escapeControls, log } from './output.js';
import { requireDatabase } from './database.js';

interface Args extends GlobalArgs {
  month?: string;
  from?: string;
  to?: string;
  format: CheckFormat;
  output?: string;
}

export const checkCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('config', { type: 'string', describe: 'the check rules (YAML); default ./itsm-lens.config.yaml with a rules list' })
      .option('month', { type: 'string', describe: 'the month to check, YYYY-MM (default: the latest complete month of typical size; a month with no tickets exits 2)' })
      .option('from', { type: 'string', describe: 'start of the checked period, inclusive' })
      .option('to', { type: 'string', describe: 'end of the checked period, exclusive' })
      .option('format', { choices: CHECK_FORMATS, default: 'text' as CheckFormat, describe: 'text, json (itsm-lens/check@1), junit, sarif (2.1.0) or github (annotations + step summary)' })
      .option('json', { type: 'boolean', default: false, describe: 'same as --format json' })
      .option('output', { type: 'string', describe: 'write the result to this file instead of stdout' })
      .conflicts('month', ['from', 'to']) as never,
  handler: async (args) => {
    const configPath = args.config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
    if (!configPath) throw new UserError(`check needs its rules: pass --config FILE (YAML with a 'rules' list), or add 'rules' to ${DEFAULT_CONFIG_FILE}`);
    // calendars, SLA policies and targets for the KPIs the rules read: in the same file, a project: file, or the default
    const rules = loadCheckConfig(configPath);
    const project = loadProjectConfig(rules.project.path);
    const config = applyTargets(rules, project.targets, project.path);
    requireDatabase(args.db);
    const format: CheckFormat = args.json ? 'json' : args.format;
    const store = await Store.open(args.db, { readOnly: true });
    let run: CheckRun;
    try {
      run = await runCheck(store, config, { month: args.month, from: args.from, to: args.to, project, log });
    } finally {
      store.close();
    }
    const { doc, emptyMonth } = run;
    const text = format === 'text' ? escapeControls(presentCheck(doc, format)) : presentCheck(doc, format);
    if (args.output) {
      writeFileSync(args.output, text + '\n');
      log(`wrote ${args.output}`);
    } else process.stdout.write(text + '\n');
    if (format === 'github' && process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, renderGithubSummary(doc) + '\n');
    const s = doc.summary;
    log(`check ${doc.period.label}: ${s.failed} failed, ${s.warnings} warnings, ${s.passed} passed, ${s.skipped} skipped, ${s.unevaluated} not evaluated`);
    // the reason is the last line, as for any exit 2
    if (doc.unevaluable) log(`check: ${emptyMonth ?? doc.unevaluable}`);
    return s.exit_code;
  },
};
