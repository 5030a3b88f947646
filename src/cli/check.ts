import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { resolvePeriod, type Period } from '../period/period.js';
import { loadProjectConfig, DEFAULT_CONFIG_FILE } from '../config/project.js';
import { applyTargets, loadCheckConfig } from '../check/config.js';
import { evaluateCheck, type CheckDocument } from '../check/evaluate.js';
import { chooseMonth, EmptyMonth, type CoverageMonth } from '../coverage/index.js';
import { renderText } from '../check/format/text.js';
import { renderJunit } from '../check/format/junit.js';
import { renderCheckSarif } from '../check/format/sarif.js';
import { renderGithubAnnotations, renderGithubSummary } from '../check/format/github.js';
import { packageVersion } from '../check/version.js';
import type { GlobalArgs } from './main.js';
import { setExitCode } from './exit-code.js';
import { escapeControls, log } from './output.js';
import { requireDatabase } from './database.js';

const FORMATS = ['text', 'json', 'junit', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

interface Args extends GlobalArgs {
  month?: string;
  from?: string;
  to?: string;
  format: Format;
  output?: string;
}

export const checkCommand: CommandModule<GlobalArgs, Args> = {
  builder: (y) =>
    y
      .option('config', { type: 'string', describe: 'the check rules (YAML); default ./itsm-lens.config.yaml with a rules list' })
      .option('month', { type: 'string', describe: 'the month to check, YYYY-MM (default: the latest complete month of typical size; a month with no tickets exits 2)' })
      .option('from', { type: 'string', describe: 'start of the checked period, inclusive' })
      .option('to', { type: 'string', describe: 'end of the checked period, exclusive' })
      .option('format', { choices: FORMATS, default: 'text' as Format, describe: 'text, json (itsm-lens/check@1), junit, sarif (2.1.0) or github (annotations + step summary)' })
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
    const format: Format = args.json ? 'json' : args.format;
    const store = await Store.open(args.db, { readOnly: true });
    let doc: CheckDocument;
    let emptyMonth: string | null = null;
    try {
      let period: Period;
      let coverage: CoverageMonth[] | undefined;
      if (args.from || args.to) period = resolvePeriod(args);
      else {
        if (args.month) resolvePeriod(args); // validates YYYY-MM before the coverage model judges the month
        try {
          const m = await chooseMonth(store, args.month || undefined, project.coverage.minShare);
          if (m.note) log(`check: ${m.note}`);
          period = resolvePeriod({ month: m.month });
          coverage = m.coverage;
        } catch (e) {
          // a month without tickets: every rule is written as unevaluable (the CI report shows each), exit 2
          if (!(e instanceof EmptyMonth)) throw e;
          emptyMonth = e.message;
          period = resolvePeriod({ month: args.month });
        }
      }
      doc = await evaluateCheck(store, config, period, { project, coverage });
    } finally {
      store.close();
    }
    const text =
      format === 'json' ? JSON.stringify(doc, null, 2)
      : format === 'junit' ? renderJunit(doc)
      : format === 'sarif' ? JSON.stringify(renderCheckSarif(doc, packageVersion()), null, 2)
      : format === 'github' ? renderGithubAnnotations(doc)
      : escapeControls(renderText(doc));
    if (args.output) {
      writeFileSync(args.output, text + '\n');
      log(`wrote ${args.output}`);
    } else process.stdout.write(text + '\n');
    if (format === 'github' && process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, renderGithubSummary(doc) + '\n');
    const s = doc.summary;
    log(`check ${doc.period.label}: ${s.failed} failed, ${s.warnings} warnings, ${s.passed} passed, ${s.skipped} skipped, ${s.unevaluated} not evaluated`);
    // the reason is the last line, as for any exit 2
    if (doc.unevaluable) log(`check: ${emptyMonth ?? doc.unevaluable}`);
    setExitCode(s.exit_code);
  },
};
