/**
 * Interview answers for what the data cannot show: `assess --init-answers FILE` writes the questionnaire,
 * `--answers FILE` reads it back. Partial credit 0 / 0.25 / 0.5 / 1. An answer whose criterion carries a
 * `claim` about the data is checked against that data criterion: a contradiction is reported, not resolved.
 */
import { existsSync, readFileSync } from 'node:fs';
import { yaml } from '../config/yaml.js';
import { UserError } from '../errors.js';
import { schemaRef, validateAgainst } from '../config/schema.js';
import { compare, type CriterionResult } from './evaluate.js';
import type { Rubric } from './rubric.js';

export const CREDITS = [0, 0.25, 0.5, 1] as const;

export interface Answer {
  value: number;
  note?: string;
}

export interface Contradiction {
  criterion: string;
  question: string;
  answer: number;
  claim: string;
  data: { criterion: string; value: number; n: number | null };
  message: string;
}

export function loadAnswers(path: string, rubric: Rubric): Map<string, Answer> {
  if (!existsSync(path)) throw new UserError(`answers file ${path} not found (itsm-lens assess --init-answers ${path} writes one)`);
  let doc: unknown;
  try {
    doc = yaml().parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`answers file ${path}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  // shapes and credits: schemas/answers.schema.json; the criterion ids are the rubric's, checked below
  validateAgainst('answers', doc, `answers file ${path}`);
  const out = new Map<string, Answer>();
  type Raw = (typeof CREDITS)[number] | null | { answer?: (typeof CREDITS)[number] | null; note?: string | null };
  for (const [id, v] of Object.entries((doc as { answers: Record<string, Raw> }).answers)) {
    const c = rubric.criteria.find((x) => x.id === id);
    if (!c) throw new UserError(`answers file ${path}: '${id}' is not a criterion of the rubric`);
    if (c.evidence !== 'interview') throw new UserError(`answers file ${path}: '${id}' is measured from the data; answer only the interview questions`);
    const obj = v !== null && typeof v === 'object' ? v : { answer: v };
    if (obj.answer === null || obj.answer === undefined) continue; // left blank: unanswered
    out.set(id, { value: obj.answer, note: obj.note ?? undefined });
  }
  return out;
}

/** The questionnaire, with every interview question as a comment above its blank answer; `out`: where it goes. */
export function answersTemplate(rubric: Rubric, out: string): string {
  const lines = [
    `# yaml-language-server: $schema=${schemaRef('answers', out)}`,
    `# Interview answers for itsm-lens assess (${rubric.name}).`,
    '# Answer each question with 0 (no), 0.25 (started), 0.5 (partly), 1 (fully, and we can show it); leave null when unknown.',
    '# Optionally `{ answer: 0.5, note: "who said it, what was shown" }`. Then: itsm-lens assess --answers THIS_FILE',
    'schema: itsm-lens/answers@1',
    'answers:',
  ];
  for (const p of rubric.practices) {
    const qs = rubric.criteria.filter((c) => c.practice === p.id && c.evidence === 'interview');
    if (!qs.length) continue;
    lines.push(`  # ---- ${p.name}`);
    for (const c of qs) {
      lines.push(`  # [level ${c.level}${c.gate ? ', gate' : ''}] ${c.question}`);
      lines.push(`  ${yaml().stringify({ [c.id]: null }).trim()}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Answers that the data contradicts: a full "yes" where the data fails the claim, a "no" where it holds. */
export function contradictions(rubric: Rubric, results: Map<string, CriterionResult>): Contradiction[] {
  const out: Contradiction[] = [];
  for (const c of rubric.criteria) {
    const r = results.get(c.id);
    if (!c.claim || !r || r.answer === null || r.answer === undefined) continue;
    const d = results.get(c.claim.criterion);
    if (!d || d.status === 'not_assessable' || d.value === null || d.stability) continue;
    const holds = compare(d.value, c.claim.op, c.claim.threshold);
    const claim = `${c.claim.criterion} ${c.claim.op} ${c.claim.threshold}`;
    const shown = d.value <= 1 && c.claim.threshold <= 1 ? `${(100 * d.value).toFixed(1)} %` : String(d.value);
    if (r.answer >= 0.75 && !holds) {
      out.push({ criterion: c.id, question: c.question!, answer: r.answer, claim, data: { criterion: d.id, value: d.value, n: d.n },
        message: `answered ${r.answer} ("${c.title}") but the data shows ${d.title.toLowerCase()}: ${shown} (n ${d.n ?? '?'}), not ${c.claim.op} ${c.claim.threshold}` });
    } else if (r.answer <= 0.25 && holds) {
      out.push({ criterion: c.id, question: c.question!, answer: r.answer, claim, data: { criterion: d.id, value: d.value, n: d.n },
        message: `answered ${r.answer} ("${c.title}") but the data meets it: ${shown} (n ${d.n ?? '?'}) ${c.claim.op} ${c.claim.threshold}` });
    }
  }
  return out;
}
