#!/usr/bin/env node
/**
 * Compiles each schemas/*.schema.json into dist/config/validators/<name>.cjs (ajv's standalone code), with the
 * sha256 of the schema text it was compiled from. src/config/schema.ts uses one only while that hash matches
 * the schema file it reads, else compiles the schema itself: a stale or missing file costs time, never a wrong
 * check. Run by `npm run build` after tsc (it imports the compiled dist/config/schema.js for ajv's options).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { newAjv, SCHEMAS_DIR, schemaSha256, VALIDATORS_DIR } from '../dist/config/schema.js';

const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;

mkdirSync(VALIDATORS_DIR, { recursive: true });
for (const file of readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json')).sort()) {
  const text = readFileSync(join(SCHEMAS_DIR, file), 'utf8');
  const ajv = newAjv({ source: true });
  const code = standaloneCode(ajv, ajv.compile(JSON.parse(text)));
  const name = file.replace(/\.schema\.json$/, '');
  writeFileSync(join(VALIDATORS_DIR, `${name}.cjs`), `// compiled from schemas/${file} by tools/compile-schemas.mjs\n${code}\nmodule.exports.schemaSha256 = ${JSON.stringify(schemaSha256(text))};\n`);
}
