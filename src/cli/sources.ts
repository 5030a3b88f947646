import { renderSourcesText, sourcesDocument } from '../sources/document.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { printJson } from './output.js';

interface Args extends GlobalArgs {
  fields?: boolean;
}

export const sourcesCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false })
      .option('fields', { type: 'boolean', default: false, describe: 'also list the canonical fields a --mapping file can fill' }) as never,
  handler: async (args) => {
    const doc = sourcesDocument(Boolean(args.fields));
    if (args.json) printJson(doc);
    else process.stdout.write(renderSourcesText(doc) + '\n');
  },
};
