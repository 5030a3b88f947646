/**
 * Lint rules: one SQL file each in src/lint/rules/, metadata in the header comment:
 *
 *   -- id: ticket-resolved-before-opened
 *   -- severity: error | warn | info
 *   -- table: ticket | change | problem | asset      the records counted (share = count / records in scope)
 *   -- description: what is wrong and why it matters ({{param}} placeholders allowed)
 *   -- requires: opened_at_raw, asset.source_id      columns that must hold data somewhere, else the rule does not apply
 *   -- scope: kind = 'incident'                      (optional) the records the share is over
 *   -- param max_open_days: 180                      (optional, repeatable) a number the SQL uses as {{max_open_days}}
 *
 * The body selects the violating records as `key` (the table's key) and `id` (the number people know).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CanonicalTable } from '../store/schema.js';

export type LintSeverity = 'error' | 'warn' | 'info';

export interface LintRule {
  id: string;
  severity: LintSeverity;
  table: CanonicalTable;
  description: string;
  requires: { table: string; column: string }[];
  scope: string | null;
  params: Record<string, number>;
  sql: string;
  file: string;
}

const here = dirname(fileURLToPath(import.meta.url));
// From src/lint (tests) the rules sit beside this file; from dist/lint (the CLI) they are read from src/.
export const RULES_DIR = existsSync(join(here, 'rules')) ? join(here, 'rules') : join(here, '..', '..', 'src', 'lint', 'rules');

const SEVERITIES = new Set(['error', 'warn', 'info']);
const TABLES = new Set(['ticket', 'change', 'problem', 'asset']);

export function parseLintRule(text: string, file: string): LintRule {
  const meta: Record<string, string> = {};
  const params: Record<string, number> = {};
  const lines = text.split('\n');
  let i = 0;
  for (; i < lines.length; i++) {
    const p = /^--\s*param\s+([a-z_]+):\s*(\S+)\s*$/.exec(lines[i]!);
    if (p) {
      params[p[1]!] = Number(p[2]);
      if (!Number.isFinite(params[p[1]!])) throw new Error(`${file}: param ${p[1]} needs a numeric default`);
      continue;
    }
    const m = /^--\s*([a-z_]+):\s*(.*)$/.exec(lines[i]!);
    if (!m) break;
    meta[m[1]!] = m[2]!.trim();
  }
  for (const k of ['id', 'severity', 'table', 'description']) if (!meta[k]) throw new Error(`${file}: header lacks '-- ${k}: …'`);
  if (!SEVERITIES.has(meta.severity!)) throw new Error(`${file}: severity must be error, warn or info`);
  if (!TABLES.has(meta.table!)) throw new Error(`${file}: table must be ticket, change, problem or asset`);
  const table = meta.table as CanonicalTable;
  const requires = (meta.requires ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [t, c] = s.includes('.') ? s.split('.') : [table, s];
    return { table: t!, column: c! };
  });
  return {
    id: meta.id!,
    severity: meta.severity as LintSeverity,
    table,
    description: meta.description!,
    requires,
    scope: meta.scope ?? null,
    params,
    sql: lines.slice(i).join('\n').trim(),
    file,
  };
}

let cache: LintRule[] | undefined;

/** Every rule in src/lint/rules, sorted by id. */
export function loadLintRules(): LintRule[] {
  cache ??= readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => parseLintRule(readFileSync(join(RULES_DIR, f), 'utf8'), f))
    .sort((a, b) => a.id.localeCompare(b.id));
  return cache;
}

/** Fills {{param}} placeholders (numbers only, so nothing but a number reaches the SQL). */
export function fillParams(text: string, params: Record<string, number>): string {
  return text.replace(/\{\{([a-z_]+)\}\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
