import { Store } from '../store/db.js';
import { loadProjectConfig } from '../config/project.js';
import { coverageDocument, renderCoverageText } from '../coverage/document.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { printJson, printText } from './output.js';
import { requireDatabase } from './database.js';

export const coverageCommand: Command<GlobalArgs> = {
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'the itsm-lens/coverage@1 document' }) as never,
  handler: async (args) => {
    const config = loadProjectConfig(args.config);
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    const source = config.coverage.fromConfig ? (config.path ?? 'config') : 'default';
    const doc = await coverageDocument(store, { minShare: config.coverage.minShare, source }).finally(() => store.close());
    if (args.json) printJson(doc);
    else printText(renderCoverageText(doc, args.db));
  },
};
