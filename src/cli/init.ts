import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { DEFAULT_CONFIG_FILE, loadProjectConfig } from '../config/project.js';
import { guessCalendar, renderInitConfig } from '../config/init.js';
import { DEFAULT_DEFINITION, loadDefinition } from '../report/definition.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { log } from './output.js';
import { requireDatabase } from './database.js';

interface Args extends GlobalArgs {
  out: string;
  organisation?: string;
  definition?: string;
  force: boolean;
}

export const initCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('out', { type: 'string', default: DEFAULT_CONFIG_FILE, describe: 'the file to write' })
      .option('organisation', { type: 'string', describe: "the organisation's name (else a placeholder line to fill in)" })
      .option('definition', { type: 'string', describe: 'report definition whose tile targets are listed as defaults (default: reports/monthly.yaml)' })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite an existing file' }) as never,
  handler: async (args) => {
    if (existsSync(args.out) && !args.force) throw new UserError(`${args.out} exists; edit it, or pass --force to overwrite it with a new one`);
    if (args.organisation !== undefined && !args.organisation.trim()) throw new UserError('--organisation: give the name, e.g. --organisation "Acme Corp"');
    const definition = args.definition ?? DEFAULT_DEFINITION;
    const def = loadDefinition(definition);
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    const guess = await guessCalendar(store).finally(() => store.close());
    const text = renderInitConfig({ out: args.out, organisation: args.organisation?.trim(), db: args.db, guess, targets: def.tiles, definition: definition.replace(/^.*[\\/]/, '') });
    // written beside, checked through the normal loader, then moved in place: a file that would not load is a bug, never left behind
    const tmp = `${args.out}.init-${process.pid}.tmp`;
    writeFileSync(tmp, text);
    try {
      loadProjectConfig(tmp);
    } catch (e) {
      renameSync(tmp, `${args.out}.rejected`);
      throw e;
    }
    renameSync(tmp, args.out);
    log(`init: wrote ${args.out}: time zone ${guess.timezone} and hours ${typeof guess.hours === 'string' ? guess.hours : Object.entries(guess.hours).map(([d, h]) => `${d} ${h}`).join(', ')} guessed from ${guess.tickets.toLocaleString('en-US')} opened times; targets and settings are defaults until you set them`);
    process.stdout.write(`${args.out}\n`);
  },
};
