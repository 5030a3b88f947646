import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { buildClusters } from '../clusters/cluster.js';
import { clustersDocument, renderClustersText, writeClusterAssignments } from '../clusters/document.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { log, printJson, printText } from './output.js';
import { requireDatabase } from './database.js';
import { isCalendarDate } from '../period/period.js';

interface Args extends GlobalArgs {
  'min-size': number;
  'min-weeks': number;
  q: number;
  since?: string;
  until?: string;
  assignments?: string;
}

export const clustersCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print the itsm-lens/clusters@1 JSON document' })
      .option('min-size', { type: 'number', default: 10, describe: 'incidents a cluster needs to be a problem candidate' })
      .option('min-weeks', { type: 'number', default: 3, describe: 'distinct weeks a cluster needs to be a problem candidate' })
      .option('q', { type: 'number', default: 0.05, describe: 'false-discovery rate of the "unlinked beyond chance" test' })
      .option('since', { type: 'string', describe: 'only incidents opened on or after this date (YYYY-MM-DD)' })
      .option('until', { type: 'string', describe: 'only incidents opened before this date (YYYY-MM-DD, exclusive)' })
      .option('assignments', { type: 'string', describe: 'write ticket_id,cluster_id,why,template for every incident to this CSV file' }) as never,
  handler: async (args) => {
    for (const [flag, v] of [['since', args.since], ['until', args.until]] as const) {
      if (v !== undefined && !isCalendarDate(v)) throw new UserError(`--${flag} '${v}' is not a date; use YYYY-MM-DD, e.g. 2024-03-01`);
    }
    if (!Number.isFinite(args['min-size']) || args['min-size'] < 1) throw new UserError('--min-size must be a positive number');
    if (!Number.isFinite(args['min-weeks']) || args['min-weeks'] < 0) throw new UserError('--min-weeks must be 0 or more');
    if (!(args.q > 0 && args.q < 1)) throw new UserError('--q must be between 0 and 1, e.g. 0.05');
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    try {
      const res = await buildClusters(store, {
        minSize: args['min-size'],
        minWeeks: args['min-weeks'],
        q: args.q,
        since: args.since,
        until: args.until,
        ticketClusters: Boolean(args.assignments),
      });
      if (args.assignments) {
        await writeClusterAssignments(store, args.assignments);
        log(`wrote ${args.assignments}`);
      }
      const doc = clustersDocument(res, { minSize: args['min-size'], minWeeks: args['min-weeks'], q: args.q });
      if (args.json) printJson(doc);
      else printText(renderClustersText(doc));
    } finally {
      store.close();
    }
  },
};
