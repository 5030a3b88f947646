/**
 * JUnit XML: one <testsuite> per rule, one <testcase> per rule × breakdown member. An error-severity
 * failure is a <failure>, a result that could not be evaluated an <error>, too few samples <skipped>;
 * a warn-severity failure passes (CI stays green, as the exit code does) with the warning in <system-out>.
 */
import type { CheckDocument, CheckResult } from '../evaluate.js';
import { caseName, multiKindRules } from './labels.js';

export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // characters XML 1.0 cannot carry
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

export function renderJunit(doc: CheckDocument): string {
  const multi = multiKindRules(doc.results);
  const byRule = new Map<string, CheckResult[]>();
  for (const r of doc.results) byRule.set(r.rule, [...(byRule.get(r.rule) ?? []), r]);
  const count = (rs: CheckResult[]) => ({
    tests: rs.length,
    failures: rs.filter((r) => r.status === 'fail' && r.severity === 'error').length,
    errors: rs.filter((r) => r.status === 'unevaluated').length,
    skipped: rs.filter((r) => r.status === 'skipped').length,
  });
  const attrs = (o: Record<string, string | number>) => Object.entries(o).map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attrs({ name: `itsm-lens check ${doc.period.label}`, ...count(doc.results) })}>`];
  for (const [rule, rs] of byRule) {
    out.push(`  <testsuite${attrs({ name: rule, ...count(rs) })}>`);
    out.push(`    <properties>${[['period', doc.period.label], ['metric', rs[0]!.metric], ['severity', rs[0]!.severity], ['config', doc.config]]
      .map(([k, v]) => `<property${attrs({ name: k!, value: v! })}/>`).join('')}</properties>`);
    for (const r of rs) {
      const open = `    <testcase${attrs({ classname: `itsm-lens.check.${rule}`, name: caseName(r, multi.has(rule)) })}`;
      const detail = xmlEscape(JSON.stringify({ value: r.value, n: r.n, limit: r.limit, baseline: r.baseline, effect: r.effect, test: r.test }));
      if (r.status === 'fail' && r.severity === 'error') out.push(`${open}><failure${attrs({ message: r.message, type: r.kind })}>${detail}</failure></testcase>`);
      else if (r.status === 'unevaluated') out.push(`${open}><error${attrs({ message: r.message, type: 'unevaluated' })}/></testcase>`);
      else if (r.status === 'skipped') out.push(`${open}><skipped${attrs({ message: r.message })}/></testcase>`);
      else out.push(`${open}><system-out>${xmlEscape(`${r.status === 'fail' ? 'WARNING: ' : ''}${r.message}`)}</system-out></testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
}
