/** The check result for people: one line per result, failures first, then the summary. */
import type { CheckDocument, CheckResult } from '../evaluate.js';
import { caseName, multiKindRules } from './labels.js';

const MARK: Record<string, string> = { fail: 'FAIL', pass: 'ok  ', skipped: 'skip', unevaluated: 'n/a ' };
const ORDER: Record<string, number> = { fail: 0, unevaluated: 1, skipped: 2, pass: 3 };

export function renderText(doc: CheckDocument): string {
  const multi = multiKindRules(doc.results);
  const sorted = [...doc.results].sort((a, b) => ORDER[a.status]! - ORDER[b.status]! || a.line - b.line);
  const line = (r: CheckResult) => {
    const mark = r.status === 'fail' && r.severity === 'warn' ? 'WARN' : MARK[r.status]!;
    return `${mark} ${caseName(r, multi.has(r.rule))}: ${r.message}`;
  };
  const s = doc.summary;
  return [
    `check ${doc.config} · period ${doc.period.label}`,
    ...(doc.unevaluable ? [doc.unevaluable] : []),
    ...sorted.map(line),
    `${s.results} results from ${s.rules} rules: ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped, ${s.unevaluated} not evaluated → exit ${s.exit_code}`,
  ].join('\n');
}
