import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { computeKpis, periodWarning, resolveBreakdown } from '../metrics/kpi.js';
import { resolvePeriod } from '../period/period.js';
import { renderKpiText } from '../metrics/kpi-text.js';
import { ALL_DIMENSIONS } from '../metrics/dimensions.js';
import { toTidy, writeTidy } from '../metrics/tidy.js';
import { loadProjectConfig } from '../config/project.js';
import { writeReconcileCsv } from '../sla/reconcile.js';
import { explainTicket, renderExplanation } from '../metrics/explain.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { log, printJson, printText } from './output.js';
import { requireDatabase } from './database.js';

interface Args extends GlobalArgs {
  month?: string;
  from?: string;
  to?: string;
  by?: string[];
  csv?: string;
  parquet?: string;
  arrow?: string;
  reconcile?: string;
  explain?: string;
  verbose?: boolean;
}

export const kpiCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('month', { type: 'string', describe: 'calendar month YYYY-MM (UTC)' })
      .option('from', { type: 'string', describe: 'start date, inclusive (YYYY-MM-DD or ISO timestamp)' })
      .option('to', { type: 'string', describe: 'end date, exclusive' })
      .option('by', { type: 'string', array: true, describe: `breakdown, any of ${ALL_DIMENSIONS.join(',')} (comma-separated)` })
      .option('json', { type: 'boolean', default: false, describe: 'print the itsm-lens/kpi@1 JSON document' })
      .option('verbose', { type: 'boolean', default: false, describe: 'text: each KPI with its definition, variant, denominator and query file' })
      .option('csv', { type: 'string', describe: 'also write the KPIs as a long table (dims…, kpi, statistic, value, n) to this CSV file' })
      .option('parquet', { type: 'string', describe: 'the same table as Parquet' })
      .option('arrow', { type: 'string', describe: 'the same table as an Arrow IPC file' })
      .option('explain', { type: 'string', describe: 'print the timeline behind one ticket’s durations and SLA results (number or key)' })
      .option('reconcile', { type: 'string', describe: 'write the tickets whose exported SLA flag and recomputed policy disagree, with the reason, to this CSV file' })
      .conflicts('month', ['from', 'to']) as never,
  handler: async (args) => {
    const period = resolvePeriod(args);
    const by = resolveBreakdown(args.by);
    const config = loadProjectConfig(args.config);
    if (args.reconcile && config.sla.length === 0) {
      throw new UserError(`--reconcile compares the export's SLA flags with recomputed policies: add sla.policies to ${config.path ?? 'itsm-lens.config.yaml'} (or pass --config)`);
    }
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    try {
      const doc = await computeKpis(store, period, { by, config });
      const warning = await periodWarning(store, period);
      if (warning) log(`kpi: ${warning}`);
      if (args.explain) {
        const e = await explainTicket(store, args.explain);
        if (args.json) printJson({ schema: 'itsm-lens/explain@1', ...e });
        else printText(renderExplanation(e, config));
        return;
      }
      for (const format of ['csv', 'parquet', 'arrow'] as const) {
        const path = args[format];
        if (path) {
          await writeTidy(store, toTidy(doc), path, format);
          log(`wrote ${path}`);
        }
      }
      if (args.reconcile) {
        await writeReconcileCsv(store, args.reconcile);
        log(`wrote ${args.reconcile}`);
      }
      if (args.json) printJson(doc);
      else printText(renderKpiText(doc, { verbose: args.verbose }));
    } finally {
      store.close();
    }
  },
};
