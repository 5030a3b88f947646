/**
 * From criterion results to practice levels, scores, the organisation's level and the roadmap. Loops here
 * run over a few dozen results, never over records.
 *
 * Level (cumulative, staged gating as in CMMI/ITIL MM): the highest L such that every assessable gate of
 * levels 2..L passes and each of those levels has at least one assessable gate. A not-assessable criterion
 * never fails a level; a level with nothing assessable is "unproven" and stops the climb.
 * Score 0–100: how far the practice is into its level = mean credit of the assessable criteria of the next
 * level (pass 1; a failing measure its progress toward the threshold, < 1; an interview answer its credit).
 */
import type { CriterionResult } from './evaluate.js';
import { formatValue } from './format.js';
import { MISSING_EXPORT, type Criterion, type ExportTable, type Practice, type Rubric } from './rubric.js';
import { round } from '../stats/round.js';

export interface PracticeAssessment {
  id: string;
  name: string;
  core: boolean;
  level: number | null;
  level_name: string | null;
  score: number | null;
  score_basis: string;
  confidence: number;
  confidence_label: 'high' | 'medium' | 'low' | 'none';
  assessable: number;
  criteria_total: number;
  /** why the practice is not one level higher */
  next: { level: number; status: 'failed' | 'unproven'; criteria: string[]; reason: string } | null;
  reason?: string;
  /** the export the practice's own records come from, when none is loaded */
  missing_export?: ExportTable;
  criteria: CriterionResult[];
}

export interface RoadmapItem {
  practice: string;
  target_level: number;
  criterion: string;
  title: string;
  /** missing_export: the records themselves are not in the loaded data (ingest that export first) */
  kind: 'failing' | 'missing_evidence' | 'missing_export';
  gate: boolean;
  value: number | null;
  op: string;
  threshold: number;
  impact_score: number;
  recommendation: string;
  reason?: string;
}

/** Credit 0..1 toward a criterion: 1 when it passes; progress toward the threshold when it fails. */
export function credit(r: CriterionResult): number | null {
  if (r.status === 'not_assessable') return null;
  if (r.status === 'pass') return 1;
  if (r.evidence_type === 'interview') return r.answer ?? 0;
  if (r.value === null) return 0;
  let p: number;
  if (r.stability) p = (r.stability.met ?? 0) / r.stability.required;
  else if (r.op === '>=' || r.op === '>') p = r.threshold > 0 ? r.value / r.threshold : 0;
  else p = r.value > 0 ? r.threshold / r.value : 0;
  return Math.max(0, Math.min(0.99, p));
}

export function assessPractice(p: Practice, rubric: Rubric, results: CriterionResult[], missingExport?: ExportTable | null): PracticeAssessment {
  const name = (l: number | null) => (l === null ? null : rubric.levels[l] ?? null);
  const assessable = results.filter((r) => r.status !== 'not_assessable');
  const confidence = results.length ? assessable.length / results.length : 0;
  const label = confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'medium' : confidence > 0 ? 'low' : 'none';
  const hasData = results.some((r) => r.evidence_type !== 'interview' && (r.n ?? 0) > 0) || assessable.length > 0;
  const out: PracticeAssessment = {
    id: p.id, name: p.name, core: p.core, level: null, level_name: null, score: null, score_basis: '',
    confidence: Math.round(confidence * 1000) / 1000, confidence_label: label, assessable: assessable.length, criteria_total: results.length,
    next: null, criteria: results,
  };
  if (missingExport) {
    out.reason = MISSING_EXPORT[missingExport].reason;
    out.missing_export = missingExport;
    out.score_basis = 'not assessable';
    return out;
  }
  if (!hasData) {
    out.reason = 'no loaded records feed any of this practice’s criteria and no interview answer was given';
    out.score_basis = 'not assessable';
    return out;
  }
  let level = 1;
  for (let l = 2; l <= 5; l++) {
    const gates = results.filter((r) => r.level === l && r.gate);
    const judged = gates.filter((r) => r.status !== 'not_assessable');
    const failing = judged.filter((r) => r.status === 'fail');
    if (failing.length) {
      out.next = { level: l, status: 'failed', criteria: failing.map((r) => r.id), reason: `failed at level ${l}: ${failing.map(measured).join('; ')}` };
      break;
    }
    if (!judged.length) {
      out.next = {
        level: l, status: 'unproven', criteria: gates.map((r) => r.id),
        reason: gates.length ? `nothing at level ${l} could be judged: ${gates.map((r) => `${r.title} (${r.reason ?? 'no evidence'})`).join('; ')}` : `the rubric has no level ${l} gate`,
      };
      break;
    }
    const short = l >= 3 ? missingEvidence(l, judged, results) : null;
    if (short) {
      out.next = { level: l, status: 'unproven', criteria: gates.filter((r) => r.status === 'not_assessable').map((r) => r.id), reason: short };
      break;
    }
    level = l;
  }
  out.level = level;
  out.level_name = name(level);
  const scoreLevel = level < 5 ? level + 1 : 5;
  const credits = results.filter((r) => r.level === scoreLevel).map(credit).filter((c): c is number => c !== null);
  const gateJudged = results.some((r) => r.level === scoreLevel && r.gate && r.status !== 'not_assessable');
  if (level < 5 && !gateJudged) {
    out.score_basis = `no level-${scoreLevel} gate is assessable, so progress toward it cannot be measured`;
  } else if (credits.length) {
    // floor: 100 only when every assessable next-level criterion passes
    out.score = Math.floor((100 * credits.reduce((s, c) => s + c, 0)) / credits.length + 1e-9);
    out.score_basis = level < 5 ? `progress toward level ${scoreLevel}: mean credit of ${credits.length} assessable level-${scoreLevel} criteria` : `mean credit of ${credits.length} assessable level-5 criteria`;
  } else {
    out.score_basis = `no level-${scoreLevel} criterion is assessable`;
  }
  return out;
}

/**
 * A failing criterion in words: its title and what was measured ("… (measured 19.0 %)"), with what the measure
 * says of itself: "SLA attainment ≥ 80 % overall and for every priority (measured 0.3 %)" alone read as if 0.3 %
 * were the overall figure, where its reason says "lowest: priority 2, 0.3 % of 337 tickets met; 60.6 % overall".
 */
export function measured(r: CriterionResult): string {
  if (r.value === null) return r.title;
  return `${r.title} (measured ${formatValue(r)}${r.reason ? `: ${r.reason}` : ''})`;
}

/** What counts as one piece of evidence: the kind (a filled field or an outcome) and the fields it reads, on which table. */
const evidenceKey = (r: CriterionResult) => `${r.evidence_type}:${r.evidence.table ?? ''}:${[...(r.evidence.fields ?? [])].sort().join(',')}`;

/**
 * Why level l (3 or more) is not proven although no gate of it fails, or null: it needs two assessable gates on
 * different evidence (other fields, or a field and an outcome), one of them an outcome; level 5 also needs an
 * outcome held over quarters (a stability gate of level 4 or 5 that passes) or an interview answer the data backs,
 * unless the practice's records are a snapshot (assets) with no quarters to compare.
 */
function missingEvidence(l: number, judged: CriterionResult[], results: CriterionResult[]): string | null {
  const data = judged.filter((r) => r.evidence_type !== 'interview');
  const kinds = new Set(data.map(evidenceKey));
  const outcome = data.some((r) => r.evidence_type === 'outcome');
  if (kinds.size < 2 || !outcome) {
    const had = data.length ? data.map((r) => r.title.replace(/\.$/, '')).join('; ') : 'no data criterion';
    return `level ${l} needs two assessable gate criteria on different evidence, one of them an outcome; only this could be judged: ${had}`;
  }
  if (l === 5) {
    const overTime = results.some((r) => r.evidence_type !== 'interview' && r.evidence.table !== 'asset');
    const held = results.some((r) => r.level >= 4 && r.gate && r.stability && r.status === 'pass');
    const backed = results.some((r) => r.level === 5 && r.evidence_type === 'interview' && r.status === 'pass' && r.backed_by_data === true);
    if (overTime && !held && !backed) return 'level 5 needs an outcome held over quarters (a quarterly gate that passes) or an interview answer the data backs';
  }
  return null;
}

export interface Overall {
  level: number | null;
  level_name: string | null;
  rule: string;
  core: string[];
  core_not_assessed: string[];
  median: number | null;
  median_over: number;
}

export function overall(practices: PracticeAssessment[], rubric: Rubric): Overall {
  const core = practices.filter((p) => p.core);
  const coreLevels = core.filter((p) => p.level !== null).map((p) => p.level!);
  const all = practices.filter((p) => p.level !== null).map((p) => p.level!).sort((a, b) => a - b);
  const mid = all.length ? (all.length % 2 ? all[(all.length - 1) / 2]! : (all[all.length / 2 - 1]! + all[all.length / 2]!) / 2) : null;
  const level = coreLevels.length ? Math.min(...coreLevels) : null;
  return {
    level,
    level_name: level === null ? null : rubric.levels[level]!,
    rule: 'the lowest level over the core practices (ITIL maturity model: the organisation is as mature as its weakest component); median over all assessed practices beside it',
    core: core.map((p) => p.id),
    core_not_assessed: core.filter((p) => p.level === null).map((p) => p.id),
    median: mid,
    median_over: all.length,
  };
}

/**
 * The failing criteria of each practice's next level (and its gates nobody could assess), ordered by impact:
 * the rubric's impact weight × 1.5 for a core practice × 1 for a gate (0.5 otherwise) × (0.5 + half the gap).
 */
export function roadmap(practices: PracticeAssessment[], criteria: Criterion[]): RoadmapItem[] {
  const items: RoadmapItem[] = [];
  for (const p of practices) {
    if (p.missing_export) {
      // first on the roadmap: nothing else about the practice can be judged before its records are loaded
      const m = MISSING_EXPORT[p.missing_export];
      items.push({
        practice: p.id, target_level: 2, criterion: `${p.id}.records`, title: m.action[0]!.toUpperCase() + m.action.slice(1), kind: 'missing_export', gate: true,
        value: null, op: '', threshold: 0, impact_score: round(3 * (p.core ? 1.5 : 1), 2),
        recommendation: `${m.action[0]!.toUpperCase() + m.action.slice(1)} from the tool and ingest them with the others; without them, ${p.name} cannot be assessed.`,
        reason: m.reason,
      });
      continue;
    }
    if (p.level === null || p.level >= 5) continue;
    const target = p.level + 1;
    for (const r of p.criteria.filter((x) => x.level === target)) {
      const c = criteria.find((x) => x.id === r.id)!;
      const missing = r.status === 'not_assessable';
      if (r.status === 'pass' || (missing && !r.gate)) continue;
      const gap = missing ? 1 : 1 - (credit(r) ?? 0);
      const impact = c.impact * (p.core ? 1.5 : 1) * (r.gate ? 1 : 0.5) * (0.5 + gap / 2) * (missing ? 0.5 : 1);
      items.push({
        practice: p.id, target_level: target, criterion: r.id, title: r.title, kind: missing ? 'missing_evidence' : 'failing', gate: r.gate,
        value: r.value, op: r.op, threshold: r.threshold, impact_score: round(impact, 2),
        recommendation: r.missing_export
          ? `${MISSING_EXPORT[r.missing_export].action[0]!.toUpperCase() + MISSING_EXPORT[r.missing_export].action.slice(1)} (${r.reason}). Then: ${r.recommendation}`
          : r.mandatory_in_tool ? `Show evidence beyond a mandatory field (${r.reason}). Then: ${r.recommendation}`
          : missing ? `Provide the evidence: ${r.reason}. Then: ${r.recommendation}` : r.recommendation,
        reason: r.reason,
      });
    }
  }
  return items.sort((a, b) => b.impact_score - a.impact_score || a.practice.localeCompare(b.practice) || a.criterion.localeCompare(b.criterion));
}
