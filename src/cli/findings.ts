import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { computeFindings } from '../findings/index.js';
import { TOP_FINDINGS } from '../findings/types.js';
import { renderFindingsText } from '../findings/text.js';
import { loadProjectConfig } from '../config/project.js';
import { loadFindingsSettings } from '../findings/config.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { printJson, printText } from './output.js';
import { requireDatabase } from './database.js';

interface Args extends GlobalArgs {
  month?: string;
  from?: string;
  to?: string;
  q?: number;
  all?: boolean;
}

export const findingsCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('month', { type: 'string', describe: 'report on this month YYYY-MM (trends use the twelve months ending with it)' })
      .option('from', { type: 'string', describe: 'start date, inclusive (YYYY-MM-DD)' })
      .option('to', { type: 'string', describe: 'end date, exclusive' })
      .option('q', { type: 'number', describe: 'false-discovery rate for Benjamini–Hochberg (default 0.05, or findings.q in the config)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the itsm-lens/findings@1 JSON document' })
      .option('all', { type: 'boolean', default: false, describe: `print every finding with its statistics (test, p, q), not only the ${TOP_FINDINGS} strongest` })
      .conflicts('month', ['from', 'to']) as never,
  handler: async (args) => {
    if (args.q !== undefined && !(args.q > 0 && args.q < 1)) throw new UserError(`--q must be a number between 0 and 1 (got ${String(args.q)})`);
    const settings = loadFindingsSettings(args.config);
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    try {
      const config = loadProjectConfig(args.config);
      const doc = await computeFindings(store, { month: args.month, from: args.from, to: args.to, q: args.q, projectConfig: { findings: settings, people: config.people, coverage: config.coverage } });
      if (args.json) printJson(doc);
      else printText(renderFindingsText(doc, args.all));
    } finally {
      store.close();
    }
  },
};
