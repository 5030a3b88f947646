/** Reading YAML: the parser loaded on first use, and the shipped files' values parsed at build time. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * The yaml package, loaded when a run first reads YAML (~0.035 CPU-s to load): most runs of kpi, report or
 * ingest read none (no config file, no --mapping, no --redact) but imported it with the modules that can.
 */
export const yaml = (): typeof import('yaml') => require('yaml') as typeof import('yaml');

/**
 * YAML the package ships (the default rubric, the monthly report's definition …) parsed ahead: `npm run build`
 * (tools/compile-ahead.mjs) writes each file's value as JSON, named by the sha256 of its text. Parsing the 77 KB
 * rubric costs ~0.2 CPU-s of every assess; its JSON ~2 ms. Text without such a file (a user's, a file edited
 * since the build, a run from src/) is parsed as before, with the parser's own errors.
 */
export const YAML_AHEAD_DIR = join(dirname(fileURLToPath(import.meta.url)), 'yaml-ahead');

export const yamlAheadFile = (text: string): string => join(YAML_AHEAD_DIR, `${createHash('sha256').update(text).digest('hex')}.json`);

/** The value of YAML `text`: from its JSON written at build time when there is one, else parsed. */
export function parseYamlText(text: string): unknown {
  let json: string | undefined;
  try {
    json = readFileSync(yamlAheadFile(text), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return json === undefined ? yaml().parse(text) : (JSON.parse(json) as unknown);
}
