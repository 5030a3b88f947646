#!/usr/bin/env node
/**
 * Work `npm run build` does once so that every CLI process need not (after tsc; it imports the compiled dist/):
 * - each schemas/*.schema.json compiled into dist/config/validators/<name>.cjs (ajv's standalone code), with the
 *   sha256 of the schema text it was compiled from; src/config/schema.ts uses one only while that hash matches
 *   the schema file it reads, else compiles the schema itself;
 * - the YAML files the package ships and reads on every run of a command (SHIPPED_YAML) as JSON, in
 *   dist/config/yaml-ahead/<sha256 of the text>.json (src/config/yaml.ts); a file whose value JSON
 *   cannot carry exactly is left to the parser.
 * A stale or missing output costs time, never a different result.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { newAjv, SCHEMAS_DIR, schemaSha256, VALIDATORS_DIR } from '../dist/config/schema.js';
import { YAML_AHEAD_DIR, yamlAheadFile } from '../dist/config/yaml.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHIPPED_YAML = ['src/maturity/rubric/default.yaml', 'src/maturity/benchmarks.yaml', 'reports/monthly.yaml', 'reports/charts.yaml', 'src/maturity/profiles.yaml'];

const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;

rmSync(VALIDATORS_DIR, { recursive: true, force: true });
mkdirSync(VALIDATORS_DIR, { recursive: true });
for (const file of readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json')).sort()) {
  const text = readFileSync(join(SCHEMAS_DIR, file), 'utf8');
  const ajv = newAjv({ source: true });
  const code = standaloneCode(ajv, ajv.compile(JSON.parse(text)));
  const name = file.replace(/\.schema\.json$/, '');
  writeFileSync(join(VALIDATORS_DIR, `${name}.cjs`), `// compiled from schemas/${file} by tools/compile-ahead.mjs\n${code}\nmodule.exports.schemaSha256 = ${JSON.stringify(schemaSha256(text))};\n`);
}

rmSync(YAML_AHEAD_DIR, { recursive: true, force: true });
mkdirSync(YAML_AHEAD_DIR, { recursive: true });
for (const file of SHIPPED_YAML) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const value = parse(text);
  const json = JSON.stringify(value);
  // dates, .inf, NaN or undefined would not come back as they were: such a file stays with the parser
  if (json === undefined || !isDeepStrictEqual(JSON.parse(json), value)) {
    console.warn(`tools/compile-ahead.mjs: ${file}: its value does not survive JSON; left to the YAML parser`);
    continue;
  }
  writeFileSync(yamlAheadFile(text), json);
}
