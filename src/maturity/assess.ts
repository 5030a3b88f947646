/** The assessment: rubric + evidence (+ interview answers) → the itsm-lens/maturity@1 document. */
import { loadSqlFile, sqlOf } from '../store/sql-file.js';
import type { ProjectConfig } from '../config/project.js';
import type { Store } from '../store/db.js';
import { benchmarkRows, type BenchmarkRow } from './benchmarks.js';
import { contradictions, loadAnswers, type Answer, type Contradiction } from './answers.js';
import { compare, defineMaturityMacros, evaluateData, evaluateInterview, loadedExports, type CriterionResult } from './evaluate.js';
import { assessPractice, overall, roadmap, type Overall, type PracticeAssessment, type RoadmapItem } from './levels.js';
import { EXPORT_TABLES, loadRubric, type ExportTable, type Rubric } from './rubric.js';
import { ident } from '../store/db.js';

/** The assessment's own statements (maturity.sql). */
const MATURITY_SQL = loadSqlFile('maturity/maturity.sql');

/** The itsm-lens/maturity@1 document (DESIGN.md `assess --json`), as `assess` returns it and the text and HTML presenters read it. */
export interface MaturityDocument {
  schema: 'itsm-lens/maturity@1';
  rubric: { name: string; version: string; sources: string[]; criteria: number; levels: Record<number, string> };
  data: { from: string | null; to: string | null; counts: Record<string, number> };
  overall: Overall;
  practices: PracticeAssessment[];
  interview: { answers_file: string | null; questions: number; answered: number };
  contradictions: Contradiction[];
  roadmap: RoadmapItem[];
  /** the client's KPIs beside published benchmark bands (empty when the caller skips them) */
  benchmarks: BenchmarkRow[];
}
/** The earlier name, kept for the readers that use it. */
export type MaturityDoc = MaturityDocument;

export interface AssessOptions {
  rubric?: string;
  answers?: string;
  /** project config for the KPI figures (calendars, SLA policies) */
  config?: ProjectConfig;
  /** compute the KPIs set against benchmarks (default true) */
  benchmarks?: boolean;
}

export async function assess(store: Store, opts: AssessOptions = {}): Promise<MaturityDocument> {
  const rubric = loadRubric(opts.rubric);
  const answers: Map<string, Answer> = opts.answers ? loadAnswers(opts.answers, rubric) : new Map();
  const doc = await assessWith(store, rubric, answers, opts.answers ?? null);
  if (opts.benchmarks !== false) doc.benchmarks = await benchmarkRows(store, opts.config);
  return doc;
}

/**
 * Per practice that names where its records live: null when one of those exports was loaded (even empty) or a
 * named column holds any value, else the export that is missing (the first table named).
 */
async function practiceRecords(store: Store, rubric: Rubric, loaded: Record<ExportTable, boolean>): Promise<Map<string, ExportTable | null>> {
  const out = new Map<string, ExportTable | null>();
  for (const p of rubric.practices) {
    if (!p.records.length) continue;
    const checks = p.records.map((r) => {
      const [t, col] = r.split('.', 2) as [string, string | undefined];
      if (col === undefined) return EXPORT_TABLES.includes(t as ExportTable) ? String(loaded[t as ExportTable]) : sqlOf(MATURITY_SQL, 'table_has', { table: ident(t), cond: 'TRUE' });
      return sqlOf(MATURITY_SQL, 'table_has', { table: ident(t), cond: `is_set(${ident(col)})` });
    });
    const row = await store.one<{ ok: boolean }>(sqlOf(MATURITY_SQL, 'any_true', { checks: checks.join(' OR ') }));
    const first = p.records[0]!.split('.')[0]! as ExportTable;
    out.set(p.id, row?.ok ? null : EXPORT_TABLES.includes(first) ? first : null);
  }
  return out;
}

export async function assessWith(store: Store, rubric: Rubric, answers: Map<string, Answer>, answersFile: string | null): Promise<MaturityDocument> {
  await defineMaturityMacros(store);
  const loaded = await loadedExports(store);
  const results = new Map<string, CriterionResult>();
  for (const c of rubric.criteria) {
    results.set(c.id, c.evidence === 'interview' ? evaluateInterview(c, answers.get(c.id)) : await evaluateData(store, c, loaded));
  }
  await store.run(sqlOf(MATURITY_SQL, 'drop_scope'));
  for (const c of rubric.criteria) {
    const r = results.get(c.id)!;
    const d = c.claim ? results.get(c.claim.criterion) : undefined;
    if (c.claim && d && r.answer !== null && r.answer !== undefined && d.status !== 'not_assessable' && d.value !== null) {
      r.backed_by_data = compare(d.value, c.claim.op, c.claim.threshold);
    }
  }
  const records = await practiceRecords(store, rubric, loaded);
  const practices = rubric.practices.map((p) =>
    assessPractice(p, rubric, rubric.criteria.filter((c) => c.practice === p.id).map((c) => results.get(c.id)!).sort((a, b) => a.level - b.level), records.get(p.id)),
  );
  const span = await store.one<{ from: string | null; to: string | null }>(sqlOf(MATURITY_SQL, 'span'));
  const counts = await store.one<Record<string, number>>(sqlOf(MATURITY_SQL, 'counts'));
  const questions = rubric.criteria.filter((c) => c.evidence === 'interview').length;
  return {
    schema: 'itsm-lens/maturity@1',
    rubric: { name: rubric.name, version: rubric.version, sources: rubric.sources, criteria: rubric.criteria.length, levels: rubric.levels },
    data: { from: span?.from ?? null, to: span?.to ?? null, counts: counts ?? {} },
    overall: overall(practices, rubric),
    practices,
    interview: { answers_file: answersFile, questions, answered: answers.size },
    contradictions: contradictions(rubric, results),
    roadmap: roadmap(practices, rubric.criteria),
    benchmarks: [],
  };
}
