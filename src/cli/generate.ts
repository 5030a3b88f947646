import { generate } from '../generate/index.js';
import { FORMATS, type GenerateFormat } from '../generate/options.js';
import { UserError } from '../errors.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';

interface Args extends GlobalArgs {
  out?: string;
  tickets?: number;
  changes?: number;
  problems?: number;
  assets?: number;
  months?: number;
  start?: string;
  format?: string;
  seed?: number;
  null?: boolean;
  maturity?: string;
}

export const generateCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('out', { type: 'string', describe: 'folder to write the export files and truth.json into' })
      .option('tickets', { type: 'number', describe: 'tickets (ServiceNow/Jira: incidents + requests; HPSM: incidents + interactions)', default: 5000 })
      .option('changes', { type: 'number', describe: 'changes (default tickets/10)' })
      .option('problems', { type: 'number', describe: 'problems (default tickets/100; HPSM has none)' })
      .option('assets', { type: 'number', describe: 'assets / CIs (default tickets/20, at least 40)' })
      .option('months', { type: 'number', describe: 'months of data', default: 12 })
      .option('start', { type: 'string', describe: 'first month YYYY-MM (default: months before 2026-01)' })
      .option('format', { type: 'string', choices: FORMATS as unknown as string[], default: 'servicenow', describe: 'tool whose export layout to write' })
      .option('seed', { type: 'number', default: 1, describe: 'seed; the same seed gives byte-identical files' })
      .option('null', { type: 'boolean', default: false, describe: 'plant nothing (no clusters, SLA drop, slow group or trend)' })
      .option('maturity', {
        type: 'string',
        describe: 'plant a maturity profile: 3 (every practice), incident=3,change=4 (per practice) or 2,incident=3 (default + exceptions); servicenow format; implies --null',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print a JSON summary' })
      .example('$0 generate --out demo/ --tickets 100000 --format jira --seed 7', '')
      .example('$0 generate --out level3/ --maturity 3', 'an organisation at level 3 in every practice (truth.json: planted.maturity)') as never,
  handler: async (args) => {
    if (!args.out) throw new UserError('generate needs --out DIR');
    const res = await generate({
      out: args.out,
      tickets: args.tickets,
      changes: args.changes,
      problems: args.problems,
      assets: args.assets,
      months: args.months,
      start: args.start,
      format: args.format as GenerateFormat,
      seed: args.seed,
      null: args.null,
      maturity: args.maturity,
      log: (line) => process.stderr.write(line + '\n'),
    });
    if (args.json) {
      const t = res.truth;
      process.stdout.write(
        JSON.stringify(
          {
            schema: 'itsm-lens/generate@1',
            format: res.format,
            seed: t.seed,
            null: t.null,
            ...(res.options.maturity ? { maturity: res.options.maturity } : {}),
            out: res.outDir,
            files: res.files,
            truth: res.truthPath,
            counts: t.counts,
            elapsed_s: Math.round(res.elapsedMs) / 1000,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      for (const f of [...res.files, res.truthPath]) process.stdout.write(f + '\n');
    }
  },
};
