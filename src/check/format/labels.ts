/** Names the formats share: a result's breakdown member and test-case name, its stable fingerprint. */
import { createHash } from 'node:crypto';
import type { CheckResult } from '../evaluate.js';

/** `priority=1, group=Service Desk`, or `all` for the whole period. */
export function memberLabel(b: Record<string, unknown>): string {
  const parts = Object.entries(b).map(([k, v]) => `${k}=${v === null || v === undefined ? '(none)' : String(v)}`);
  return parts.length ? parts.join(', ') : 'all';
}

/** `p1-sla [priority=1]`, with the kind when the rule checks several things. */
export function caseName(r: CheckResult, multiKind: boolean): string {
  return `${r.rule}${multiKind ? ` ${r.kind}` : ''} [${memberLabel(r.breakdown)}]`;
}

/** Stable across runs and periods: the rule, the kind of check and the member (not the figures). */
export function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** Rules that produce results of more than one kind (their case names carry the kind). */
export function multiKindRules(results: CheckResult[]): Set<string> {
  const kinds = new Map<string, Set<string>>();
  for (const r of results) kinds.set(r.rule, (kinds.get(r.rule) ?? new Set()).add(r.kind));
  return new Set([...kinds].filter(([, k]) => k.size > 1).map(([id]) => id));
}
