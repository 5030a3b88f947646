/** A criterion's measured value and threshold as a reader writes them (shares in %, quarters, answers). */
import type { CriterionResult } from './evaluate.js';
import { fmtNum, fmtPct } from './words.js';

const isShare = (r: CriterionResult) => r.evidence_type !== 'interview' && !r.stability && Math.abs(r.threshold) <= 1 && (r.value === null || Math.abs(r.value) <= 1);

export function formatValue(r: CriterionResult): string {
  if (r.value === null) return '–';
  if (r.stability) return `${r.value} of ${r.stability.of} quarters`;
  if (r.evidence_type === 'interview') return `answer ${fmtNum(r.value)}`;
  return isShare(r) ? fmtPct(r.value) : fmtNum(r.value);
}

const OP_WORDS: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' };

export function formatThreshold(r: CriterionResult): string {
  const op = OP_WORDS[r.op] ?? r.op;
  if (r.evidence_type === 'interview') return `answer ${op} ${fmtNum(r.threshold)}`;
  const t = isShare(r) || (r.stability && Math.abs(r.threshold) <= 1) ? fmtPct(r.threshold, r.threshold * 100 === Math.round(r.threshold * 100) ? 0 : 1) : fmtNum(r.threshold);
  return r.stability ? `${op} ${t} in ${r.stability.required} of ${r.stability.of} quarters` : `${op} ${t}`;
}
