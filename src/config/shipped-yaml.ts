import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

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
  return json === undefined ? parse(text) : (JSON.parse(json) as unknown);
}
