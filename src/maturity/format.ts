/**
 * A criterion's measured value and threshold as a reader writes them, from the unit the rubric declares for it
 * (never guessed from the number's size: 0.5 problems per 1,000 incidents is not 50 %).
 */
import type { CriterionResult } from './evaluate.js';
import type { CriterionUnit } from './rubric.js';
import { fmtInt, fmtNum, fmtPct } from './words.js';

function inUnit(v: number, unit: CriterionUnit, threshold = false): string {
  switch (unit) {
    case 'percent':
      // a threshold is written as the rubric states it: 80 %, 99.5 %
      return threshold ? fmtPct(v, v * 100 === Math.round(v * 100) ? 0 : 1) : fmtPct(v);
    case 'ratio':
      return `${fmtNum(v)} ×`;
    case 'count':
      return Number.isInteger(v) ? fmtInt(v) : fmtNum(v);
    case 'per_1000':
      return `${fmtNum(v)} per 1,000`;
    case 'answer':
      return `answer ${fmtNum(v)}`;
  }
}

export function formatValue(r: CriterionResult): string {
  if (r.value === null) return '–';
  if (r.stability) return `${r.value} of ${r.stability.of} quarters`;
  return inUnit(r.value, r.unit);
}

const OP_WORDS: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' };

export function formatThreshold(r: CriterionResult): string {
  const op = OP_WORDS[r.op] ?? r.op;
  if (r.unit === 'answer') return `answer ${op} ${fmtNum(r.threshold)}`;
  const t = inUnit(r.threshold, r.unit, true);
  return r.stability ? `${op} ${t} in ${r.stability.required} of ${r.stability.of} quarters` : `${op} ${t}`;
}
