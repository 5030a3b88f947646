import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { computeKpis, resolvePeriod } from '../metrics/kpi.js';
import type { GlobalArgs } from './main.js';
import { fmt, printJson } from './output.js';

interface Args extends GlobalArgs {
  month?: string;
  from?: string;
  to?: string;
}

export const kpiCommand: CommandModule<GlobalArgs, Args> = {
  command: 'kpi',
  describe: 'service-management KPIs for a period (all loaded data without one)',
  builder: (y) =>
    y
      .option('month', { type: 'string', describe: 'calendar month YYYY-MM (UTC)' })
      .option('from', { type: 'string', describe: 'start date, inclusive (YYYY-MM-DD or ISO timestamp)' })
      .option('to', { type: 'string', describe: 'end date, exclusive' })
      .option('json', { type: 'boolean', default: false, describe: 'print the itsm-lens/kpi@1 JSON document' })
      .conflicts('month', ['from', 'to']) as never,
  handler: async (args) => {
    const period = resolvePeriod(args);
    if (!existsSync(args.db)) throw new UserError(`no database at ${args.db}; load exports first with itsm-lens ingest (or pass --db)`);
    const store = await Store.open(args.db);
    try {
      const doc = await computeKpis(store, period);
      if (args.json) printJson(doc);
      else process.stdout.write(render(doc) + '\n');
    } finally {
      store.close();
    }
  },
};

function render(doc: Record<string, unknown>): string {
  const p = doc.period as Record<string, string | null>;
  const c = doc.counts as Record<string, number>;
  const k = doc.kpis as Record<string, Record<string, unknown>>;
  const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(2)} %` : 'n/a');
  const h = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)} h` : 'n/a');
  const line = (name: string, value: string, r: Record<string, unknown>) =>
    `  ${name.padEnd(22)} ${value.padEnd(34)} n ${fmt(Number(r.n ?? 0))}${r.reason ? `  (${r.reason})` : ''}`;
  const out = [
    `period: ${p.from ?? 'all data'}${p.to ? ` … ${p.to}` : ''}${p.from ? '' : ` (${p.data_from ?? '?'} … ${p.data_to ?? '?'})`}`,
    `counts: ${Object.entries(c).map(([key, v]) => `${key} ${fmt(v)}`).join(' · ')}`,
    'kpis:',
  ];
  for (const [id, r] of Object.entries(k)) {
    const value = 'median' in r ? `median ${h(r.median)} · mean ${h(r.mean)} · p90 ${h(r.p90)}` : pct(r.value);
    out.push(line(id, value, r), `  ${''.padEnd(22)} ${String(r.definition)}`);
  }
  return out.join('\n');
}
