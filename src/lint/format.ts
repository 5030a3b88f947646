/** Lint output for people (text) and for code scanning (SARIF 2.1.0, through the shared writer). */
import { sarifLog, type SarifResult } from '../check/format/sarif.js';
import { packageVersion } from '../check/version.js';
import type { LintDocument, LintResult } from './index.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(2)} %`);
const ORDER: Record<string, number> = { error: 0, warn: 1, info: 2 };

export function renderLintText(doc: LintDocument): string {
  const rows = [...doc.rules].sort((a, b) => Number(b.applicable) - Number(a.applicable) || ORDER[a.severity]! - ORDER[b.severity]! || (b.count ?? 0) - (a.count ?? 0));
  const line = (r: LintResult) => {
    if (!r.applicable) return `  n/a   ${r.id.padEnd(34)} ${r.reason}`;
    const head = `  ${r.severity.padEnd(5)} ${r.id.padEnd(34)} ${String(r.count).padStart(8)} of ${String(r.population).padEnd(8)} ${pct(r.share).padStart(8)}`;
    return (r.count ?? 0) > 0 ? `${head}  e.g. ${r.samples.map((s) => s.id).join(', ')}` : head;
  };
  const s = doc.summary;
  return [
    `records: ${Object.entries(doc.records).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(' · ')}`,
    ...rows.map(line),
    `${s.rules} rules, ${s.applicable} applicable: ${s.with_findings} with findings (${s.errors} error, ${s.warnings} warn, ${s.info} info), ${s.findings.toLocaleString('en-US')} records flagged`,
  ].join('\n');
}

const LEVEL = { error: 'error', warn: 'warning', info: 'note' } as const;

/** One SARIF result per rule with findings, located at its first sample's export line, the others related. */
export function renderLintSarif(doc: LintDocument, version: string): Record<string, unknown> {
  const results: SarifResult[] = doc.rules
    .filter((r) => (r.count ?? 0) > 0)
    .map((r) => {
      const located = r.samples.filter((s) => s.file);
      return {
        ruleId: r.id,
        kind: 'fail',
        level: LEVEL[r.severity],
        message: `${r.count} of ${r.population} ${r.table} records (${pct(r.share)}): ${r.description}. Examples: ${r.samples.map((s) => s.id).join(', ')}`,
        ...(located[0] ? { location: { uri: located[0].file!, line: located[0].line ?? undefined } } : {}),
        related: located.slice(1).map((s) => ({ uri: s.file!, line: s.line ?? undefined, message: s.id })),
        fingerprintParts: [r.table],
        properties: { count: r.count, population: r.population, share: r.share, samples: r.samples.map((s) => s.id) },
      };
    });
  return sarifLog(
    { name: 'itsm-lens lint', version },
    doc.rules.map((r) => ({ id: r.id, description: r.description, level: LEVEL[r.severity], properties: { table: r.table } })),
    results,
    { records: doc.records, summary: doc.summary },
  );
}

export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** The document as `format` writes it, without the final newline (text: the caller escapes control characters for a terminal). */
export function presentLint(doc: LintDocument, format: LintFormat): string {
  switch (format) {
    case 'json': return JSON.stringify(doc, null, 2);
    case 'sarif': return JSON.stringify(renderLintSarif(doc, packageVersion()), null, 2);
    case 'text': return renderLintText(doc);
  }
}
