import { writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { loadLintRules, runLint } from '../lint/index.js';
import { loadLintSettings } from '../lint/config.js';
import { LINT_FORMATS, presentLint, type LintFormat } from '../lint/format.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { escapeControls, log } from './output.js';
import { requireDatabase } from './database.js';

interface Args extends GlobalArgs {
  format: LintFormat;
  rules?: string;
  output?: string;
  samples: number;
  list: boolean;
  'fail-on'?: 'error' | 'warn' | 'info';
}

export const lintCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('format', { choices: LINT_FORMATS, default: 'text' as LintFormat, describe: 'text, json (itsm-lens/lint@1) or sarif (2.1.0)' })
      .option('json', { type: 'boolean', default: false, describe: 'same as --format json' })
      .option('rules', { type: 'string', describe: 'YAML settings per rule: off, a severity, or {severity, params}' })
      .option('output', { type: 'string', describe: 'write the result to this file instead of stdout' })
      .option('samples', { type: 'number', default: 5, describe: 'sample ids per rule' })
      .option('list', { type: 'boolean', default: false, describe: 'list the rules with their severity, parameters and description' })
      .option('fail-on', { choices: ['error', 'warn', 'info'] as const, describe: 'exit 1 when a rule of this severity or worse has findings' }) as never,
  handler: async (args) => {
    const rules = loadLintRules();
    if (args.list) {
      const lines = rules.map((r) => `${r.id.padEnd(34)} ${r.severity.padEnd(5)} ${r.table.padEnd(7)} ${r.description}${Object.keys(r.params).length ? `  [${Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(', ')}]` : ''}`);
      process.stdout.write(lines.join('\n') + '\n');
      return;
    }
    if (!Number.isInteger(args.samples) || args.samples < 0 || args.samples > 1000) throw new UserError('--samples must be a whole number 0..1000');
    const settings = args.rules ? loadLintSettings(args.rules, rules) : undefined;
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    const doc = await runLint(store, { settings, samples: args.samples }).finally(() => store.close());
    const format: LintFormat = args.json ? 'json' : args.format;
    const text = format === 'text' ? escapeControls(presentLint(doc, format)) : presentLint(doc, format);
    if (args.output) {
      writeFileSync(args.output, text + '\n');
      log(`wrote ${args.output}`);
    } else process.stdout.write(text + '\n');
    const failOn = args['fail-on'];
    if (failOn) {
      const worst = ['error', 'warn', 'info'].slice(0, ['error', 'warn', 'info'].indexOf(failOn) + 1);
      if (doc.rules.some((r) => (r.count ?? 0) > 0 && worst.includes(r.severity))) return 1;
    }
    return 0;
  },
};
