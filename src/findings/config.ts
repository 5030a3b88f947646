import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { DEFAULT_CONFIG_FILE, parseProjectYaml } from '../config/project.js';
import type { FindingsSettings } from './types.js';

/**
 * The `findings:` section of the project config (`findings: { q: 0.1 }`). Read here rather than through
 * loadProjectConfig, which only lets the section through; the file is validated by the same schema
 * (schemas/project-config.schema.json: findings.q is a number between 0 and 1, no other key).
 */
export function loadFindingsSettings(path?: string): FindingsSettings {
  const file = path ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`--config ${file}: cannot read the file`);
  }
  const f = parseProjectYaml(text, file).findings as { q?: number } | null | undefined;
  return f?.q === undefined ? {} : { q: f.q };
}
