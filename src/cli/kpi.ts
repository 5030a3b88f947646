import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { computeKpis, resolveBreakdown, resolvePeriod } from '../metrics/kpi.js';
import { ALL_DIMENSIONS } from '../metrics/dimensions.js';
import { toTidy, writeTidy } from '../metrics/tidy.js';
import { loadProjectConfig } from '../config/project.js';
import { RECONCILE_SQL } from '../sla/reconcile.js';
import { csvSafeSql } from '../store/csv-safe.js';
import { explainTicket, renderExplanation } from '../metrics/explain.js';
import { lit } from '../store/db.js';
import type { GlobalArgs } from './main.js';
import { fmt, log, printJson, printText } from './output.js';
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
}

export const kpiCommand: CommandModule<GlobalArgs, Args> = {
  command: 'kpi',
  describe: 'service-management KPIs for a period (all loaded data without one)',
  builder: (y) =>
    y
      .option('month', { type: 'string', describe: 'calendar month YYYY-MM (UTC)' })
      .option('from', { type: 'string', describe: 'start date, inclusive (YYYY-MM-DD or ISO timestamp)' })
      .option('to', { type: 'string', describe: 'end date, exclusive' })
      .option('by', { type: 'string', array: true, describe: `breakdown, any of ${ALL_DIMENSIONS.join(',')} (comma-separated)` })
      .option('json', { type: 'boolean', default: false, describe: 'print the itsm-lens/kpi@1 JSON document' })
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
        // ticket ids come from the export, policy and calendar names from the config: neutralise formula cells
        await store.run(`COPY (SELECT * REPLACE (${csvSafeSql('ticket')} AS ticket, ${csvSafeSql('policy')} AS policy, ${csvSafeSql('calendar')} AS calendar)
          FROM (${RECONCILE_SQL}) WHERE in_period(opened_at)) TO ${lit(args.reconcile)} (FORMAT csv, HEADER)`);
        log(`wrote ${args.reconcile}`);
      }
      if (args.json) printJson(doc);
      else printText(render(doc));
    } finally {
      store.close();
    }
  },
};

function render(doc: Record<string, any>): string {
  const p = doc.period as Record<string, string | null>;
  const c = doc.counts as Record<string, number>;
  const k = doc.kpis as Record<string, Record<string, unknown>>;
  const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(2)} %` : 'n/a');
  const h = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)} h` : 'n/a');
  const line = (name: string, value: string, r: Record<string, unknown>) =>
    `  ${name.padEnd(24)} ${value.padEnd(36)} n ${fmt(Number(r.n ?? 0))}${r.reason ? `  (${r.reason})` : ''}`;
  const out = [
    `period: ${p.from ?? 'all data'}${p.to ? ` … ${p.to}` : ''}${p.from ? '' : ` (${p.data_from ?? '?'} … ${p.data_to ?? '?'})`}`,
    `counts: ${Object.entries(c).map(([key, v]) => `${key} ${fmt(v)}`).join(' · ')}`,
    'kpis:',
  ];
  for (const [id, r] of Object.entries(k)) {
    const value =
      r.unit === 'ratio' ? pct(r.value)
      : 'median' in r ? `median ${h(r.median)} · mean ${h(r.mean)} · p90 ${h(r.p90)}`.replaceAll(' h', r.unit === 'days' ? ' d' : ' h')
      : typeof r.value === 'number' ? `${fmt(r.value)} ${r.unit}`
      : 'n/a';
    out.push(line(id, value, r), `  ${''.padEnd(24)} ${String(r.definition)}`);
  }
  // --by: a line per group with the headline KPIs (every KPI per group is in --json and --csv)
  const HEADLINE = ['volume', 'mttr', 'sla_attainment', 'backlog', 'reopen_rate'];
  for (const b of Object.values((doc.breakdowns ?? {}) as Record<string, { dimensions: string[]; groups: Record<string, any>[] }>)) {
    out.push(`by ${b.dimensions.join(', ')} (${HEADLINE.join(', ')}; every KPI: --json or --csv):`);
    for (const g of b.groups) {
      const kp = g.kpis as Record<string, Record<string, unknown>>;
      const vals = HEADLINE.filter((id) => kp[id]).map((id) => {
        const r = kp[id]!;
        return `${id} ${'median' in r ? `median ${h(r.median)}` : r.unit === 'ratio' || id.endsWith('_rate') || id === 'sla_attainment' ? pct(r.value) : typeof r.value === 'number' ? fmt(r.value) : 'n/a'}`;
      });
      out.push(`  ${b.dimensions.map((d) => String(g[d] ?? '(none)')).join(' · ').padEnd(30)} ${vals.join(' · ')}`);
    }
  }
  return out.join('\n');
}
