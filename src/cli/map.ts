import { draftMapping, writeDraft } from '../ingest/draft-mapping.js';
import { parseLimits } from '../ingest/limits.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { log, printJson, printText } from './output.js';

interface Args extends GlobalArgs {
  file: string;
  out?: string;
  force?: boolean;
  sheet?: string;
  limit?: string | string[];
}

export const mapCommand: Command<Args> = {
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'the export: csv, tsv, xlsx, json, xes (and .gz)' })
      .option('out', { type: 'string', describe: 'write the draft to this file (default: stdout)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace the --out file if it exists' })
      .option('sheet', { type: 'string', describe: 'xlsx: the sheet to read (default: the first)' })
      .option('limit', { type: 'string', requiresArg: true, describe: 'raise a per-file limit, NAME=VALUE (as for ingest)' })
      .option('json', { type: 'boolean', default: false, describe: 'print what was guessed, with the draft, as JSON' }) as never,
  handler: async (args) => {
    const draft = await draftMapping(args.file, {
      sheet: args.sheet,
      out: args.out,
      limits: parseLimits(args.limit === undefined ? [] : ([] as string[]).concat(args.limit)),
    });
    if (args.out) writeDraft(args.out, draft.yaml, Boolean(args.force));
    if (args.json) printJson({ schema: 'itsm-lens/map@1', ...draft });
    else if (!args.out) printText(draft.yaml.trimEnd());
    const filled = Object.keys(draft.fields).length;
    log(
      `${args.file}: ${draft.object}, ${filled} field${filled === 1 ? '' : 's'} guessed, ${Object.keys(draft.vocab).length} vocabular${Object.keys(draft.vocab).length === 1 ? 'y' : 'ies'} drafted, ` +
        `${draft.extra.length} column${draft.extra.length === 1 ? '' : 's'} left in extra` +
        (args.out ? `; wrote ${args.out}: check it, then itsm-lens ingest ${JSON.stringify(args.file)} --mapping ${args.out}` : ''),
    );
  },
};
