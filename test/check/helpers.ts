/** Shared by the check and lint tests: generated databases, month arithmetic, the SARIF validator. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { generate, type GenerateResult } from '../../src/generate/index.js';
import { ingestPaths } from '../../src/ingest/index.js';
import { openStore, tempDir } from '../helpers.js';

/** Generated exports → a database (the ServiceNow generator writes one date layout: no sniffing needed). */
export async function generatedDb(opts: Parameters<typeof generate>[0], files = /incident\.csv$/): Promise<{ db: string; gen: GenerateResult }> {
  const gen = await generate(opts);
  const db = join(tempDir(), 'check.duckdb');
  const store = await openStore(join(db, '..'), 'check.duckdb');
  await ingestPaths(store, { paths: gen.files.filter((f) => files.test(f)), source: 'servicenow', dateFormat: '%Y-%m-%d %H:%M:%S' });
  store.close();
  return { db, gen };
}

export function prevMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
}

/** ajv over the bundled OASIS SARIF 2.1.0 schema (draft-04: its `id` becomes `$id`; formats checked loosely). */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'sarif-schema-2.1.0.json'), 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // the schema's patterns are written for non-unicode regular expressions
  const ajv = new Ajv.default({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:/i);
  ajv.addFormat('uri-reference', /^\S*$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  return ajv.compile(schema);
}
