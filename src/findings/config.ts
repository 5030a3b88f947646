import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { DEFAULT_CONFIG_FILE } from '../config/project.js';
import type { FindingsSettings } from './types.js';

/**
 * The `findings:` section of the project config (`findings: { q: 0.1 }`). Read here rather than through
 * loadProjectConfig, which only lets the section through.
 */
export function loadFindingsSettings(path?: string): FindingsSettings {
  const file = path ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  if (!file) return {};
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: cannot read it as YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const f = (doc as Record<string, unknown> | null)?.findings;
  if (f === undefined || f === null) return {};
  if (typeof f !== 'object' || Array.isArray(f)) throw new UserError(`${file}: findings must be a mapping (findings: { q: 0.05 })`);
  const unknown = Object.keys(f).filter((k) => k !== 'q');
  if (unknown.length) throw new UserError(`${file}: findings.${unknown[0]} is not a setting (known: q)`);
  const q = (f as { q?: unknown }).q;
  if (q !== undefined && (typeof q !== 'number' || !(q > 0 && q < 1))) throw new UserError(`${file}: findings.q must be a number between 0 and 1`);
  return q === undefined ? {} : { q: q as number };
}
