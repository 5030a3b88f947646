import { UserError } from '../errors.js';
import { Store } from '../store/db.js';
import { exportParquet } from '../export/parquet.js';
import type { GlobalArgs } from './main.js';
import type { Command } from './command.js';
import { fmt, log, printJson } from './output.js';
import { requireDatabase } from './database.js';

interface Args extends GlobalArgs {
  parquet?: string;
  tenant?: string;
}

export const exportCommand: Command<Args> = {
  builder: (y) =>
    y
      .option('parquet', { type: 'string', describe: 'folder to write <table>/[tenant=NAME/]month=YYYY-MM/*.parquet into' })
      .option('tenant', { type: 'string', describe: 'pool several databases in one folder: this database goes under tenant=NAME' })
      .option('json', { type: 'boolean', default: false, describe: 'print the tables written as JSON' })
      .example('$0 export --parquet lake/ --tenant acme --db acme.duckdb', '') as never,
  handler: async (args) => {
    if (!args.parquet) throw new UserError('export needs --parquet DIR (the only format so far)');
    requireDatabase(args.db);
    const store = await Store.open(args.db, { readOnly: true });
    try {
      const r = await exportParquet(store, args.parquet, { tenant: args.tenant });
      if (args.json) {
        printJson({ schema: 'itsm-lens/export@1', format: 'parquet', dir: r.dir, tenant: args.tenant ?? null, tables: r.tables });
        return;
      }
      for (const [t, v] of Object.entries(r.tables)) log(`${t}: ${fmt(v.rows)} rows in ${fmt(v.partitions)} partition${v.partitions === 1 ? '' : 's'}`);
      process.stdout.write(r.dir + '\n');
    } finally {
      store.close();
    }
  },
};
