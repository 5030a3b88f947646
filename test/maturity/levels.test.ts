/**
 * Levels need evidence (issue 22, item 1), on hand-made criterion results: from level 3 two assessable gates on
 * different evidence, one an outcome; level 5 an outcome held over quarters; a mandatory-in-tool field is no
 * evidence. No database: assessPractice is the rule itself.
 */
import { describe, expect, it } from 'vitest';
import type { CriterionResult } from '../../src/maturity/evaluate.js';
import { assessPractice } from '../../src/maturity/levels.js';
import { loadRubric } from '../../src/maturity/rubric.js';

const rubric = loadRubric();
const practice = { id: 'knowledge', name: 'Knowledge management', core: false, records: [] };

let k = 0;
function crit(level: number, evidence: 'practice' | 'outcome' | 'interview', fields: string[], status: CriterionResult['status'], extra: Partial<CriterionResult> = {}): CriterionResult {
  k++;
  return {
    id: `t.c${k}`, practice: 'knowledge', level, gate: true, evidence_type: evidence, title: `criterion ${k}`, status,
    value: status === 'not_assessable' ? null : 1, op: '>=', threshold: 0.5, unit: 'percent', n: 100, coverage: 1,
    evidence: { table: 'ticket', where: 'true', fields, query: 'SELECT 1' }, rationale: '', recommendation: '', impact: 1, ...extra,
  };
}
const stable = { stability: { required: 3, of: 4, met: 4, periods: [] } };

describe('levels that need evidence', () => {
  it('level 3 needs two gates on different evidence, one an outcome', () => {
    const l2 = crit(2, 'practice', ['knowledge_ref'], 'pass');
    // two fill criteria on different fields, no outcome: level 3 is unproven, not failed
    let p = assessPractice(practice, rubric, [l2, crit(3, 'practice', ['category'], 'pass'), crit(3, 'practice', ['ci_name'], 'pass')]);
    expect(p.level).toBe(2);
    expect(p.next).toMatchObject({ level: 3, status: 'unproven', reason: expect.stringMatching(/two assessable gate criteria on different evidence, one of them an outcome/) });
    // an outcome alone is one piece of evidence
    p = assessPractice(practice, rubric, [l2, crit(3, 'outcome', ['reopen_count'], 'pass')]);
    expect(p.level).toBe(2);
    // the same field read twice as a fill share is still one piece of evidence
    p = assessPractice(practice, rubric, [l2, crit(3, 'outcome', ['reopen_count'], 'pass'), crit(3, 'outcome', ['reopen_count'], 'pass')]);
    expect(p.level).toBe(2);
    // a field and an outcome: level 3
    p = assessPractice(practice, rubric, [l2, crit(3, 'practice', ['category'], 'pass'), crit(3, 'outcome', ['reopen_count'], 'pass')]);
    expect(p.level).toBe(3);
    // a mandatory-in-tool field counts as no evidence (the evaluator marks it not assessable)
    p = assessPractice(practice, rubric, [l2, crit(3, 'practice', ['category'], 'not_assessable', { mandatory_in_tool: ['category'] }), crit(3, 'outcome', ['reopen_count'], 'pass')]);
    expect(p.level).toBe(2);
    // a failing gate still fails
    p = assessPractice(practice, rubric, [l2, crit(3, 'practice', ['category'], 'fail'), crit(3, 'outcome', ['reopen_count'], 'pass')]);
    expect(p.next).toMatchObject({ level: 3, status: 'failed' });
  });

  it('a failed gate is said with its measure and what the measure says of itself', () => {
    const l2 = crit(2, 'practice', ['knowledge_ref'], 'pass');
    // the rubric's SLA gate measures the lowest priority: its reason names it and the overall share
    const sla = crit(3, 'outcome', ['sla_met'], 'fail', { title: 'SLA attainment ≥ 80 % overall and for every priority', value: 0.003, threshold: 0.8, reason: 'lowest: priority 2, 0.3 % of 337 tickets met; 60.6 % overall' });
    const p = assessPractice(practice, rubric, [l2, crit(3, 'practice', ['category'], 'pass'), sla]);
    expect(p.next).toMatchObject({
      level: 3, status: 'failed',
      reason: 'failed at level 3: SLA attainment ≥ 80 % overall and for every priority (measured 0.3 %: lowest: priority 2, 0.3 % of 337 tickets met; 60.6 % overall)',
    });
  });

  it('level 5 needs an outcome held over quarters, or an interview answer the data backs', () => {
    const below = [
      crit(2, 'practice', ['knowledge_ref'], 'pass'),
      crit(3, 'practice', ['category'], 'pass'), crit(3, 'outcome', ['reopen_count'], 'pass'),
      crit(4, 'practice', ['channel'], 'pass'), crit(4, 'outcome', ['reassignment_count'], 'pass'),
    ];
    const l5 = [crit(5, 'practice', ['ci_name'], 'pass'), crit(5, 'outcome', ['resolved_at'], 'pass')];
    let p = assessPractice(practice, rubric, [...below, ...l5]);
    expect(p.level).toBe(4);
    expect(p.next).toMatchObject({ level: 5, status: 'unproven', reason: expect.stringMatching(/held over quarters/) });
    // a quarterly gate that passes at level 4
    p = assessPractice(practice, rubric, [...below.slice(0, 4), crit(4, 'outcome', ['reassignment_count'], 'pass', stable), ...l5]);
    expect(p.level).toBe(5);
    // or a level-5 interview answer whose claim the data meets
    p = assessPractice(practice, rubric, [...below, ...l5, crit(5, 'interview', [], 'pass', { gate: false, answer: 1, backed_by_data: true, evidence: { question: 'q' } })]);
    expect(p.level).toBe(5);
    p = assessPractice(practice, rubric, [...below, ...l5, crit(5, 'interview', [], 'pass', { gate: false, answer: 1, evidence: { question: 'q' } })]);
    expect(p.level).toBe(4);
  });
});
