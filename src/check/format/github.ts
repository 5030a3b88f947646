/**
 * GitHub Actions: workflow-command annotations (::error / ::warning, pointing at the rule's line in the
 * config) on stdout, and a markdown table for $GITHUB_STEP_SUMMARY.
 */
import type { CheckDocument, CheckResult } from '../evaluate.js';
import { caseName, multiKindRules } from './labels.js';

// The escapes GitHub's workflow-command parser expects in messages and in properties.
const escData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function renderGithubAnnotations(doc: CheckDocument): string {
  const multi = multiKindRules(doc.results);
  const lines: string[] = [];
  for (const r of doc.results) {
    const cmd = r.status === 'fail' ? (r.severity === 'error' ? 'error' : 'warning') : r.status === 'unevaluated' ? 'warning' : null;
    if (!cmd) continue;
    const title = `${caseName(r, multi.has(r.rule))}${r.status === 'unevaluated' ? ' not evaluated' : ''}`;
    lines.push(`::${cmd} file=${escProp(doc.config)},line=${r.line},title=${escProp(title)}::${escData(`${doc.period.label}: ${r.message}`)}`);
  }
  const s = doc.summary;
  lines.push(`::notice title=itsm-lens check::${escData(`${doc.period.label}: ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped, ${s.unevaluated} not evaluated`)}`);
  return lines.join('\n');
}

const ICON: Record<string, string> = { fail: '❌', pass: '✅', skipped: '⏭️', unevaluated: '❔' };
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderGithubSummary(doc: CheckDocument): string {
  const multi = multiKindRules(doc.results);
  const s = doc.summary;
  const icon = (r: CheckResult) => (r.status === 'fail' && r.severity === 'warn' ? '⚠️' : ICON[r.status]!);
  return [
    `## itsm-lens check · ${doc.period.label}`,
    '',
    `**${s.failed} failed**, ${s.warnings} warnings, ${s.passed} passed, ${s.skipped} skipped, ${s.unevaluated} not evaluated (config \`${doc.config}\`).`,
    '',
    '| | check | value | n | evidence |',
    '|---|---|---|---|---|',
    ...doc.results.map((r) =>
      `| ${icon(r)} | ${cell(caseName(r, multi.has(r.rule)))} | ${r.value === null ? 'n/a' : r.unit === 'ratio' ? `${(r.value * 100).toFixed(2)} %` : r.value.toFixed(2)} | ${r.n ?? ''} | ${cell(r.message)} |`),
    '',
  ].join('\n');
}
