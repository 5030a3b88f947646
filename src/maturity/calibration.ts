/**
 * docs/maturity-calibration.md, written from the rubric: per practice, the evidence that lifts it to each level,
 * why, and the public source of each threshold. A test checks the committed file equals this output, so the
 * table cannot drift from the rubric (`npm run build && node dist/maturity/calibration.js` rewrites it).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRubric, type Criterion, type Rubric } from './rubric.js';
import { fieldsLabel, fmtNum, scopeWords } from './words.js';

const OPS: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' };

function threshold(c: Criterion): string {
  if (c.evidence === 'interview') return 'answered "fully" (1)';
  const share = Math.abs(c.threshold) <= 1 && !(c.op === '>' && c.threshold === 0) && !c.title.includes('p90');
  const t = share ? `${fmtNum(c.threshold * 100)} %` : fmtNum(c.threshold);
  return `${OPS[c.op]} ${t}${c.stability ? ` in ${c.stability.required} of the last ${c.stability.of} quarters` : ''}`;
}

function kind(c: Criterion): string {
  if (c.evidence === 'interview') return 'interview';
  const what = c.evidence === 'outcome' ? 'outcome' : c.fill ? 'field filled' : 'practice';
  return `${what}${c.stability ? ', held over quarters' : ''}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function calibrationMarkdown(rubric: Rubric = loadRubric()): string {
  const out = [
    '# Maturity calibration: what lifts each practice to each level, and why',
    '',
    '<!-- Written from src/maturity/rubric/default.yaml by src/maturity/calibration.ts; do not edit by hand. -->',
    '',
    'Every level of `itsm-lens assess` is decided by the criteria below (the default rubric). A practice is at level L',
    'when every assessable **gate** of levels 2 to L is met. On top of that:',
    '',
    '- **Level 3 and up** need at least two assessable gates on different evidence (other fields, or a field and an',
    '  outcome), one of them an **outcome** (attainment, rework, reuse, spread), not only a filled field.',
    '- **Level 5** also needs an outcome **held over quarters** (a quarterly gate that passes), or an interview answer',
    '  the data backs. Asset registers are snapshots without quarters and are exempt.',
    '- A field the tool makes **mandatory** (filled on every record in scope, at least 100 records over two months or',
    '  more) is evidence of nothing: a criterion that only counts such a field is not assessable, never a pass.',
    '- A practice whose records are **not exported** (no problem, change or asset file) is not assessable, never failed.',
    '',
    'Non-gate criteria ("score") only move the 0–100 score within a level. Thresholds are calibration heuristics,',
    'anchored where a public source gives a figure; the generated profiles (`generate --maturity 1..5`) come back at',
    'their planted level under exactly these thresholds. The level scale follows the staged capability levels of the',
    'ITIL Maturity Model (AXELOS, 2021), COBIT 2019 (ISACA) and CMMI (see maturity-crosswalk.md).',
    '',
  ];
  for (const p of rubric.practices) {
    out.push(`## ${p.name}`, '');
    if (p.records.length) out.push(`Not assessable without its own records (${p.records.map((r) => (r.includes('.') ? `${fieldsLabel([r], 'ticket')} on incidents` : `a ${r} export`)).join(' or ')}).`, '');
    out.push('| level | gate | evidence | what is measured | threshold | why | source |', '|---|---|---|---|---|---|---|');
    for (const c of rubric.criteria.filter((x) => x.practice === p.id).sort((a, b) => a.level - b.level || Number(b.gate) - Number(a.gate))) {
      const what = c.evidence === 'interview' ? `${c.title}: ${c.question!}` : `${c.title} (${scopeWords(c.table!, c.where)}${c.fields.length ? `; ${fieldsLabel(c.fields, c.table!)}` : ''})`;
      out.push(`| ${c.level} | ${c.gate ? 'gate' : 'score'} | ${kind(c)} | ${cell(what)} | ${cell(threshold(c))} | ${cell(c.rationale)} | ${cell(c.source ?? '')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

export const CALIBRATION_DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'maturity-calibration.md');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeFileSync(CALIBRATION_DOC, calibrationMarkdown());
