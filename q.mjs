import { DuckDBInstance } from '@duckdb/node-api';
const i = await DuckDBInstance.create(process.argv[2], { access_mode: 'READ_ONLY' }); const c = await i.connect();
await c.run("SET TimeZone='UTC'");
const r = await c.runAndReadAll(process.argv[3]);
console.log(JSON.stringify(r.getRowObjectsJson()));
