import type { FieldRule } from '../sources/types.js';

/** The export columns a field rule may read, in order of preference. */
export function columnsOf(rule: FieldRule | undefined): string[] {
  if (rule === undefined) return [];
  if (typeof rule === 'string') return [rule];
  if (Array.isArray(rule)) return rule;
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return [...list(rule.from), ...list(rule.fallback)];
}
