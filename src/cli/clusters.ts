import { UserError } from '../errors.js';
import { lit, Store } from '../store/db.js';
import { buildClusters, CLUSTER_METHOD } from '../clusters/cluster.js';
import { csvSafeSql } from '../store/csv-safe.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { fmt, log, printJson, printText } from './output.js';
import { requireDatabase } from './database.js';
import { isCalendarDate } from '../period/period.js';

interface Args extends GlobalArgs {
  'min-size': number;
  'min-weeks': number;
  q: number;
  since?: string;
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
      .option('assignments', { type: 'string', describe: 'write ticket_id,cluster_id,why,template for every incident to this CSV file' }) as never,
  handler: async (args) => {
    if (args.since !== undefined && !isCalendarDate(args.since)) throw new UserError(`--since '${args.since}' is not a date; use YYYY-MM-DD, e.g. 2024-03-01`);
    if (!Number.isFinite(args['min-size']) || args['min-size'] < 1) throw new UserError('--min-size must be a positive number');
    if (!Number.isFinite(args['min-weeks']) || args['min-weeks'] < 0) throw new UserError('--min-weeks must be 0 or more');
    if (!(args.q > 0 && args.q < 1)) throw new UserError('--q must be between 0 and 1, e.g. 0.05');
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    try {
      const res = await buildClusters(store, { minSize: args['min-size'], minWeeks: args['min-weeks'], q: args.q, since: args.since });
      if (args.assignments) {
        // text from tickets goes to a spreadsheet: cells that Excel would run as a formula are quoted with '
        await store.run(`COPY (SELECT ${csvSafeSql('coalesce(t.source_id, t.ticket_key)')} AS ticket_id, c.cluster_id, ${csvSafeSql('c.why')} AS why, ${csvSafeSql('c.template')} AS template
          FROM ticket_cluster c JOIN ticket t USING (ticket_key) ORDER BY c.cluster_id, ticket_id) TO ${lit(args.assignments)} (FORMAT csv, HEADER)`);
        log(`wrote ${args.assignments}`);
      }
      const multi = res.clusters.filter((c) => c.size >= 2);
      if (args.json) {
        printJson({
          schema: 'itsm-lens/clusters@1',
          incidents: res.tickets,
          singletons: res.clusters.length - multi.length,
          method: CLUSTER_METHOD,
          candidate_rule: { min_size: args['min-size'], min_weeks: args['min-weeks'], q: args.q, link_rate: res.link_rate },
          clusters: multi,
        });
        return;
      }
      const out = [
        `incidents ${fmt(res.tickets)} · clusters of 2+ ${fmt(multi.length)} · problem candidates ${fmt(multi.filter((c) => c.problem_candidate).length)}`,
        `${'id'.padEnd(8)} ${'size'.padStart(6)} ${'weeks'.padStart(5)} ${'median h'.padStart(9)} cand  ${'top group'.padEnd(24)} label`,
      ];
      for (const c of multi.slice(0, 25)) {
        out.push(
          `${c.id.padEnd(8)} ${String(c.size).padStart(6)} ${String(c.distinct_weeks).padStart(5)} ${(c.median_resolution_hours === null ? 'n/a' : c.median_resolution_hours.toFixed(1)).padStart(9)} ${c.problem_candidate ? 'yes ' : (c.linked_problems.length ? 'prb ' : '    ')}  ${String(c.top_group.value ?? '').slice(0, 24).padEnd(24)} ${c.label.slice(0, 60)}`,
        );
      }
      if (multi.length > 25) out.push(`… ${fmt(multi.length - 25)} more clusters: --json lists them all`);
      out.push(
        '',
        'size: incidents · weeks: distinct ISO weeks with one · median h: median hours to resolve (n/a: none resolved)',
        'cand: yes = a problem candidate (recurring, no problem record, unlinked beyond chance); prb = its incidents name a problem record',
      );
      printText(out.join('\n'));
    } finally {
      store.close();
    }
  },
};
