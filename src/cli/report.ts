import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { loadProjectConfig } from '../config/project.js';
import { buildReport } from '../report/index.js';
import { reportDocument } from '../report/document.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { log, printJson } from './output.js';
import { requireDatabase } from './database.js';

interface Args extends GlobalArgs {
  out: string;
  month?: string;
  compare: string;
  definition?: string;
  pdf: boolean;
  paper: string;
}

export const reportCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('out', { type: 'string', demandOption: true, describe: 'folder to write index.html, kpis.json and charts/ to' })
      .option('month', { type: 'string', describe: 'report month YYYY-MM (UTC); default: the latest complete month of typical size (a month with no tickets exits 2)' })
      .option('compare', { type: 'string', default: 'previous', describe: 'comparison that leads in tiles and trend titles: previous (month) or year (same month last year); both are shown' })
      .option('definition', { type: 'string', describe: 'report definition YAML (default: reports/monthly.yaml)' })
      .option('pdf', { type: 'boolean', default: false, describe: 'also print DIR/report.pdf through chromium' })
      .option('paper', { type: 'string', default: 'A4', describe: 'PDF paper: A4 or Letter' })
      .option('json', { type: 'boolean', default: false, describe: 'print what was written as JSON' }) as never,
  handler: async (args) => {
    if (args.compare !== 'previous' && args.compare !== 'year') throw new UserError(`--compare '${args.compare}': use previous or year`);
    const paper = args.paper.toLowerCase() === 'a4' ? 'A4' : args.paper.toLowerCase() === 'letter' ? 'Letter' : null;
    if (!paper) throw new UserError(`--paper '${args.paper}': use A4 or Letter`);
    const config = loadProjectConfig(args.config);
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    try {
      const r = await buildReport(store, { out: args.out, month: args.month, compare: args.compare, definition: args.definition, config, pdf: args.pdf, paper, log });
      if (args.json) {
        printJson(reportDocument(r));
        return;
      }
      log(`report: ${r.drawn} charts drawn, ${r.empty} without data (the page says why) · ${(r.bytes / 1024).toFixed(0)} KiB`);
      log(`wrote ${r.kpis} and ${r.charts.length} SVG charts in ${r.dir}/charts${r.pdf ? `, ${r.pdf}` : ''}`);
      process.stdout.write(r.html + '\n');
    } finally {
      store.close();
    }
  },
};
