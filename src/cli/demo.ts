import { runDemo, DEMO_TICKETS } from '../demo/index.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { fmt, log, printJson } from './output.js';

interface Args extends GlobalArgs {
  out: string;
  tickets: number;
  seed: number;
}

export const demoCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'itsm-lens-demo', describe: 'folder for the exports, the database and the results' })
      .option('tickets', { type: 'number', default: DEMO_TICKETS, describe: 'tickets to generate' })
      .option('seed', { type: 'number', default: 1 })
      .option('json', { type: 'boolean', default: false }) as never,
  handler: async (args) => {
    const r = await runDemo({ out: args.out, tickets: args.tickets, seed: args.seed, log });
    if (args.json) {
      printJson({ schema: 'itsm-lens/demo@1', dir: r.dir, db: r.db, kpis: r.kpisPath, report: r.reportPath, truth_check: r.check });
      return;
    }
    const k = r.kpis as { counts: Record<string, number>; kpis: Record<string, Record<string, number | null>> };
    const pct = (v: number | null | undefined) => (typeof v === 'number' ? `${(v * 100).toFixed(1)} %` : 'n/a');
    const lines = [
      `exports:   ${r.exports.length} ServiceNow files in ${r.dir}/exports (truth.json beside them)`,
      `database:  ${r.db} (${fmt(k.counts.incidents ?? 0)} incidents, ${fmt(k.counts.service_requests ?? 0)} requests, ${fmt(k.counts.changes ?? 0)} changes, ${fmt(k.counts.problems ?? 0)} problems, ${fmt(k.counts.assets ?? 0)} assets)`,
      `MTTR:      median ${k.kpis.mttr!.median?.toFixed(1)} h · mean ${k.kpis.mttr!.mean?.toFixed(1)} h · p90 ${k.kpis.mttr!.p90?.toFixed(1)} h`,
      `SLA:       ${pct(k.kpis.sla_attainment!.value)} · FCR ${pct(k.kpis.fcr!.value)} · reopen ${pct(k.kpis.reopen_rate!.value)} · change success ${pct(k.kpis.change_success_rate!.value)}`,
      `check:     ${r.check.ok ? `all ${r.check.compared} figures equal the generator's truth.json` : `MISMATCH with truth.json: ${r.check.mismatches.join('; ')}`}`,
      `kpis:      ${r.kpisPath}`,
      `next:      npx itsm-lens kpi --db ${r.db} --month <YYYY-MM>; open the report below in a browser`,
      r.reportPath,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  },
};
