/**
 * Evaluates check rules on the KPI engine's figures (computeKpis, with the breakdowns the rules ask for):
 * thresholds on the value, budgets on the failed records, and regressions against a baseline, flagged only
 * when the worsening is both larger than the rule's minimum effect and significant (two-proportion z-test
 * for rates, Mann–Whitney rank test for times), with at least min_samples records in each period and a
 * Holm correction across the members of a breakdown.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { lit, type Store } from '../store/db.js';
import { computeKpis, kpiIds } from '../metrics/kpi.js';
import type { ProjectConfig } from '../config/project.js';
import { wilson, twoProportionZ } from '../stats/proportions.js';
import { holm } from '../stats/multiple-testing.js';
import type { CheckConfig, CheckRule, RuleKind, Severity } from './config.js';
import { LOWER_IS_BETTER, SAMPLES } from './metrics.js';
import { rankTest } from './rank-test.js';
import { baselinePeriod, monthOf, periodLabel, periodSql, reachesOutside, ONE_DAY_MS, type Period } from '../period/period.js';
import { COMPARABLE_SHARE, day, KIND_LABEL, loadCoverage, noComparison, primaryKind, type CoverageMonth } from '../coverage/index.js';
import { round } from '../stats/round.js';
import { reasonFor, type KpiDocument, type KpiFigures } from '../metrics/kpi-document.js';

type Row = KpiFigures;
export type Status = 'pass' | 'fail' | 'skipped' | 'unevaluated';

export interface TestInfo {
  name: string;
  alternative: string;
  statistic: number | null;
  p_value: number | null;
  p_adjusted: number | null;
  alpha: number;
  correction: string | null;
  family_size: number;
  /** rank tests: P(a record now takes longer than one in the baseline), ties half; 0.5 = no difference */
  probability_of_superiority?: number;
}

export interface CheckResult {
  rule: string;
  kind: RuleKind;
  metric: string;
  statistic: string;
  unit: string | null;
  severity: Severity;
  /** the breakdown member: the rule's where plus its by dimensions (empty: the whole period) */
  breakdown: Record<string, unknown>;
  status: Status;
  value: number | null;
  n: number | null;
  /** 95 % Wilson interval of a rate */
  interval: { low: number; high: number; method: string } | null;
  limit: Record<string, number>;
  breaches?: number;
  baseline?: { source: string; period: string; value: number | null; n: number | null };
  effect?: { direction: 'drop' | 'increase'; value: number | null; min_effect: number };
  test?: TestInfo;
  message: string;
  /** config line of the rule */
  line: number;
}

export interface CheckDocument {
  schema: 'itsm-lens/check@1';
  config: string;
  period: { from: string | null; to: string | null; label: string };
  /** why no rule could be evaluated (no tickets in the period, or fewer than the rules file's min_tickets); exit 2 */
  unevaluable?: string;
  summary: { rules: number; results: number; passed: number; failed: number; warnings: number; skipped: number; unevaluated: number; exit_code: number };
  results: CheckResult[];
}

export interface EvaluateOptions {
  project?: ProjectConfig;
  /** the coverage model when the caller has loaded it already (choosing the month); else loaded here */
  coverage?: CoverageMonth[];
}

/** Exit code of a check: 1 when an error-severity result failed, else 2 when one could not be evaluated, else 0. */
export function exitCodeOf(results: CheckResult[]): number {
  if (results.some((r) => r.status === 'fail' && r.severity === 'error')) return 1;
  if (results.some((r) => r.status === 'unevaluated' && r.severity === 'error')) return 2;
  return 0;
}

export async function evaluateCheck(store: Store, config: CheckConfig, period: Period, opts: EvaluateOptions = {}): Promise<CheckDocument> {
  // One KPI computation per (period, breakdown), shared by the rules that need it; awaited one at a time
  // because computeKpis redefines the session's period macros.
  // Only the rules' KPIs: a rule reads its own KPI's entry and members, so the engine's other queries were
  // work thrown away (each entry is the same whichever others run beside it: KpiOptions.kpis).
  const metrics = [...new Set(config.rules.map((r) => r.metric))];
  const docs = new Map<string, Promise<KpiDocument>>();
  const kpisFor = (p: Period, dims: string[]): Promise<KpiDocument> => {
    const key = JSON.stringify([p, dims]);
    if (!docs.has(key)) docs.set(key, computeKpis(store, p, { by: dims, config: opts.project, kpis: metrics }));
    return docs.get(key)!;
  };
  const results: CheckResult[] = [];
  const coverage = opts.coverage ?? (await loadCoverage(store));
  const share = opts.project?.coverage.minShare ?? COMPARABLE_SHARE;
  // A gate cannot pass on nothing: a period without tickets (a failed or stale export), or with fewer than
  // the rules file asks for, leaves every rule unevaluated and the check exits 2.
  const empty = await tooFewTickets(store, coverage, period, config.minTickets);
  if (empty) {
    for (const rule of config.rules) {
      for (const kind of rule.kinds) {
        results.push({
          rule: rule.id, kind, metric: rule.metric, statistic: rule.statistic ?? 'value', unit: null, severity: rule.severity,
          breakdown: { ...rule.where }, status: 'unevaluated', value: null, n: null, interval: null, limit: {}, message: empty, line: rule.line,
        });
      }
    }
    return document(config, period, results, empty);
  }
  for (const rule of config.rules) {
    const dims = [...Object.keys(rule.where), ...rule.by];
    const doc = await kpisFor(period, dims);
    const entryAll = doc.kpis[rule.metric] as Row | undefined;
    if (!entryAll) {
      throw new UserError(`${config.path}: rule '${rule.id}': unknown metric '${rule.metric}'; use a KPI id of kpi --json: ${kpiIds().join(', ')}`);
    }
    const ctx = describeMetric(rule, entryAll);
    const members = membersOf(doc, rule, dims);
    for (const kind of rule.kinds) {
      const before = results.length;
      if (kind === 'threshold') results.push(...members.map((m) => threshold(rule, ctx, m)));
      if (kind === 'budget') results.push(...members.map((m) => budget(rule, ctx, m)));
      if (kind === 'regression') results.push(...(await regression(store, rule, ctx, members, period, dims, kpisFor, { coverage, share })));
      // every rule shows in every format: a breakdown without members is a rule that could not be evaluated
      if (results.length === before) {
        const r = base(rule, ctx, kind, { breakdown: { ...rule.where }, entry: null });
        results.push({ ...r, status: 'unevaluated', message: `no member of ${rule.by.join(', ')} has ${rule.metric} in the period` });
      }
    }
  }
  return document(config, period, results);
}

function document(config: CheckConfig, period: Period, results: CheckResult[], unevaluable?: string): CheckDocument {
  const code = unevaluable ? 2 : exitCodeOf(results);
  return {
    schema: 'itsm-lens/check@1',
    config: config.path,
    period: { from: period.from, to: period.to, label: periodLabel(period) },
    ...(unevaluable ? { unevaluable } : {}),
    summary: {
      rules: config.rules.length,
      results: results.length,
      passed: results.filter((r) => r.status === 'pass').length,
      failed: results.filter((r) => r.status === 'fail' && r.severity === 'error').length,
      warnings: results.filter((r) => r.status === 'fail' && r.severity === 'warn').length,
      skipped: results.filter((r) => r.status === 'skipped').length,
      unevaluated: results.filter((r) => r.status === 'unevaluated').length,
      exit_code: code,
    },
    results,
  };
}

/** Ratios that are shares of time, not of records: no interval or proportion test applies to them. */
const SHARES_OF_TIME = new Set(['availability']);

interface MetricContext {
  statistic: string;
  unit: string | null;
  isRate: boolean;
  lowerIsBetter: boolean;
}

function describeMetric(rule: CheckRule, entry: Row): MetricContext {
  const isTime = 'median' in entry;
  const statistic = rule.statistic ?? (isTime ? 'median' : 'value');
  if (!(statistic in entry)) throw new UserError(`rule '${rule.id}': ${rule.metric} has no statistic '${statistic}' (it has ${Object.keys(entry).filter((k) => typeof entry[k] === 'number').join(', ')})`);
  const unit = typeof entry.unit === 'string' ? entry.unit : null;
  // a share of records (n Bernoulli trials: Wilson intervals, z-tests); availability is a share of time, its n services
  const isRate = unit === 'ratio' && statistic === 'value' && !SHARES_OF_TIME.has(rule.metric);
  return { statistic, unit, isRate, lowerIsBetter: isTime || LOWER_IS_BETTER.has(rule.metric) };
}

interface Member {
  breakdown: Record<string, unknown>;
  entry: Row | null;
  /** why the member's figures are missing altogether (the breakdown cannot be computed) */
  unavailable?: string;
}

const same = (a: unknown, b: unknown) => a !== null && a !== undefined && String(a) === String(b);
// the tickets without a value (group NULL) are one member in both periods
const sameMember = (a: unknown, b: unknown) => ((a === null || a === undefined) && (b === null || b === undefined)) || same(a, b);

/** The rule's members: the whole period, the where-filtered group, or each member of its by-breakdown. */
function membersOf(doc: KpiDocument, rule: CheckRule, dims: string[]): Member[] {
  if (!dims.length) return [{ breakdown: {}, entry: doc.kpis[rule.metric] ?? null }];
  const b = doc.breakdowns[dims.join(',')];
  const skipped = b?.skipped?.[rule.metric];
  if (skipped) return [{ breakdown: { ...rule.where }, entry: null, unavailable: `no breakdown by ${dims.join(', ')}: ${skipped}` }];
  const groups = (b?.groups ?? []).filter((g) => Object.entries(rule.where).every(([d, v]) => same(g[d], v)) && g.kpis[rule.metric]);
  if (!rule.by.length) {
    // one member: the where-filtered group (absent = no record of that kind in the period)
    const g = groups[0];
    return [{ breakdown: { ...rule.where }, entry: g?.kpis[rule.metric] ?? null }];
  }
  return groups.map((g) => ({ breakdown: Object.fromEntries(dims.map((d) => [d, g[d]])), entry: g.kpis[rule.metric] ?? null }));
}

function base(rule: CheckRule, ctx: MetricContext, kind: RuleKind, m: Member): CheckResult {
  const e = m.entry;
  const value = e && typeof e[ctx.statistic] === 'number' ? (e[ctx.statistic] as number) : null;
  const n = e && typeof e.n === 'number' ? (e.n as number) : e ? null : 0;
  const k = ctx.isRate && value !== null && n ? Math.round(value * n) : null;
  const ci = k !== null && n ? wilson(k, n) : null;
  return {
    rule: rule.id, kind, metric: rule.metric, statistic: ctx.statistic, unit: ctx.unit, severity: rule.severity,
    breakdown: m.breakdown, status: 'pass', value, n,
    interval: ci ? { ...round4(ci), method: 'Wilson score, 95 %' } : null,
    limit: {}, message: '', line: rule.line,
  };
}

/** A member with no figure: skipped when the group simply has no records, unevaluated when the KPI cannot be computed. */
function missing(r: CheckResult, m: Member): CheckResult | null {
  if (m.unavailable) return { ...r, status: 'unevaluated', message: m.unavailable };
  if (!m.entry) return { ...r, status: 'skipped', message: 'no records of this member in the period' };
  if (r.value === null || r.n === 0) {
    // a member without records is nothing to check; the whole period without a figure is a check that cannot run
    // a business-hours statistic (availability's value_business*) has its own reason (no calendar configured)
    const reason = reasonFor(m.entry, r.statistic) ?? 'no records in the period';
    return Object.keys(r.breakdown).length ? { ...r, status: 'skipped', message: reason } : { ...r, status: 'unevaluated', message: `cannot be computed: ${reason}` };
  }
  return null;
}

function threshold(rule: CheckRule, ctx: MetricContext, m: Member): CheckResult {
  const r = base(rule, ctx, 'threshold', m);
  if (rule.min !== null) r.limit.min = rule.min;
  if (rule.max !== null) r.limit.max = rule.max;
  const gone = missing(r, m);
  if (gone) return gone;
  if (unbounded(m, ctx)) {
    return { ...r, status: 'unevaluated', message: `${rule.metric} ${ctx.statistic} cannot be judged: the export holds closed tickets only, and the tickets it lacks (those still open) would change it either way` };
  }
  const v = r.value!;
  const low = rule.min !== null && v < rule.min;
  const high = rule.max !== null && v > rule.max;
  r.status = low || high ? 'fail' : 'pass';
  const bound = rule.min !== null && rule.max !== null ? `within [${show(rule.min, ctx)}, ${show(rule.max, ctx)}]` : rule.min !== null ? `≥ ${show(rule.min, ctx)}` : `≤ ${show(rule.max!, ctx)}`;
  const whose = rule.targetBound ? ` (the organisation's target: targets.${rule.metric})` : '';
  r.message = `${rule.metric}${ctx.statistic === 'value' ? '' : ` ${ctx.statistic}`} ${show(v, ctx)} (n ${r.n}${r.interval ? `, 95 % CI ${show(r.interval.low, ctx)}–${show(r.interval.high, ctx)}` : ''}); required ${bound}${whose}`;
  // a lower bound (queries/backlog.sql on an export of closed tickets only) fails a maximum it already exceeds and
  // passes a minimum it already reaches; any other verdict it cannot give
  const lower = lowerBound(m, ctx);
  if (lower && !high && !(rule.max === null && !low)) {
    r.status = 'unevaluated';
    r.message = `${r.message}: ${lower}, and cannot show it is ${bound}`;
  } else if (lower) r.message = `${r.message} (${lower})`;
  return r;
}

/**
 * Why a member's figure is only a lower bound of the true one, or null: a count of queries/backlog.sql on an
 * export of closed tickets only (`lower_bound`), which lacks the tickets still open when the export was taken.
 * Its age buckets are lower bounds too; its median age is neither bound, and is refused in `missing`'s stead.
 */
function lowerBound(m: Member, ctx: MetricContext): string | null {
  if (m.entry?.lower_bound !== true) return null;
  return `${ctx.statistic === 'value' ? 'the value' : ctx.statistic} is a lower bound, as the export holds closed tickets only`;
}

/** A statistic of a lower-bound entry that bounds nothing (a median of the tickets the export kept). */
const unbounded = (m: Member, ctx: MetricContext) => m.entry?.lower_bound === true && ctx.statistic !== 'value' && !ctx.statistic.startsWith('age_');

function budget(rule: CheckRule, ctx: MetricContext, m: Member): CheckResult {
  const r = base(rule, ctx, 'budget', m);
  r.limit.max_breaches = rule.maxBreaches!;
  if (!ctx.isRate && ctx.unit !== 'count') throw new UserError(`rule '${rule.id}': max_breaches counts failed records of a rate or a count; ${rule.metric} is in ${ctx.unit}`);
  if (!m.unavailable && m.entry && r.n === 0) {
    r.breaches = 0;
    r.message = `0 breaches (no records); allowed ${rule.maxBreaches}`;
    return r;
  }
  const gone = missing(r, m);
  if (gone) return gone;
  const breaches = ctx.isRate ? (ctx.lowerIsBetter ? Math.round(r.value! * r.n!) : r.n! - Math.round(r.value! * r.n!)) : r.value!;
  r.breaches = breaches;
  r.status = breaches > rule.maxBreaches! ? 'fail' : 'pass';
  r.message = `${breaches} breach${breaches === 1 ? '' : 'es'} of ${r.n} (${rule.metric}); allowed ${rule.maxBreaches}`;
  // a lower-bound count (see lowerBound): more breaches than allowed is certain, fewer is not
  const lower = lowerBound(m, ctx);
  if (lower && r.status === 'pass') {
    r.status = 'unevaluated';
    r.message = `${r.message}: ${lower}, and cannot show ${rule.maxBreaches} or fewer`;
  } else if (lower) r.message = `${r.message} (${lower})`;
  return r;
}

/** Why the period is too thin to check (no tickets of the primary kind, or fewer than min_tickets), or null. */
async function tooFewTickets(store: Store, coverage: CoverageMonth[], period: Period, minTickets: number): Promise<string | null> {
  const kind = primaryKind(coverage);
  const label = KIND_LABEL[kind] ?? kind;
  const row = await store.one<{ n: number }>(`SELECT count(*)::INT AS n FROM ticket WHERE ${kind === '*' ? '' : `kind = ${lit(kind)} AND `}${periodSql('opened_at', period)}`);
  const n = row?.n ?? 0;
  const span = coverage.find((r) => r.kind === kind);
  const where = span ? ` (${label} opened ${day(span.first_opened)} … ${day(span.last_opened)})` : '';
  if (n === 0) return `unevaluable: no ${label} were opened in ${periodLabel(period)}${where}`;
  if (n < minTickets) return `unevaluable: ${periodLabel(period)} holds ${n} ${label}, fewer than min_tickets ${minTickets} of the rules file`;
  return null;
}

/**
 * Why the baseline may not be compared against (src/coverage's one rule), or null: for a calendar month the
 * coverage model's verdict on both months; for another period, a baseline that reaches outside the opened span.
 */
function baselineGap(coverage: CoverageMonth[], period: Period, baseline: Period, share: number): string | null {
  const month = monthOf(period);
  const bMonth = monthOf(baseline);
  if (month && bMonth) return noComparison(coverage, month, bMonth, share);
  const kind = primaryKind(coverage);
  const span = coverage.find((r) => r.kind === kind);
  if (!span) return `no comparison: no ${KIND_LABEL[kind] ?? kind} with an opened time are loaded`;
  // dates with a day's slack, as the coverage model's completeness (the last date's whole day, and one more)
  const dates = { first: `${span.first_opened}T00:00:00Z`, last: `${span.last_opened}T00:00:00Z` };
  if (reachesOutside(baseline, dates, { before: ONE_DAY_MS, after: 2 * ONE_DAY_MS })) {
    return `no comparison: the baseline ${periodLabel(baseline)} reaches outside the data (${KIND_LABEL[kind] ?? kind} opened ${span.first_opened} … ${span.last_opened})`;
  }
  return null;
}

async function regression(
  store: Store, rule: CheckRule, ctx: MetricContext, members: Member[], period: Period, dims: string[],
  kpisFor: (p: Period, dims: string[]) => Promise<KpiDocument>,
  cov: { coverage: CoverageMonth[]; share: number },
): Promise<CheckResult[]> {
  const compare = rule.compare!;
  const stored = compare !== 'previous' && compare !== 'year';
  const bPeriod = stored ? null : baselinePeriod(period, compare as 'previous' | 'year');
  const sample = SAMPLES[rule.metric];
  if (!ctx.isRate && !sample) {
    throw new UserError(`rule '${rule.id}': regressions are tested for rates (two-proportion test) and for the times ${Object.keys(SAMPLES).join(', ')} (rank test); ${rule.metric} is neither`);
  }
  if (!ctx.isRate && ctx.statistic !== 'median') throw new UserError(`rule '${rule.id}': a regression of ${rule.metric} compares medians (rank test); drop 'statistic: ${ctx.statistic}'`);
  if (!ctx.isRate && stored) throw new UserError(`rule '${rule.id}': a stored kpi document has no per-ticket times for a rank test; compare ${rule.metric} with previous or year`);

  // The baseline figures per member.
  let baseDoc: KpiDocument;
  let baseLabel: string;
  if (stored) {
    baseDoc = readStoredKpis(compare, rule);
    baseLabel = baseDoc.period?.from ? periodLabel({ from: baseDoc.period.from, to: baseDoc.period.to }) : 'all data in the stored document';
  } else {
    baseDoc = await kpisFor(bPeriod!, dims);
    baseLabel = periodLabel(bPeriod!);
  }
  const baseMembers = stored && dims.length && !baseDoc.breakdowns?.[dims.join(',')]
    ? null
    : membersOf(baseDoc, rule, dims);
  // an incomplete or near-empty baseline month is unevaluable, never passed
  const gap = stored ? null : baselineGap(cov.coverage, period, bPeriod!, cov.share);
  // (a breakdown the metric cannot answer leaves every member unevaluated: nothing to rank)
  const ranks = sample && !stored && !gap && !members.some((m) => m.unavailable) ? await rankTest(store, sample, period, bPeriod!, rule.where, rule.by) : [];

  const out: CheckResult[] = [];
  const tested: { r: CheckResult; p: number }[] = [];
  for (const m of members) {
    const r = base(rule, ctx, 'regression', m);
    const bm = baseMembers?.find((b) => rule.by.every((d) => sameMember(b.breakdown[d], m.breakdown[d])));
    const be = bm?.entry ?? null;
    const bValue = be && typeof be[ctx.statistic] === 'number' ? (be[ctx.statistic] as number) : null;
    const bN = be && typeof be.n === 'number' ? (be.n as number) : 0;
    r.baseline = { source: stored ? compare : compare === 'previous' ? 'previous period' : 'same period a year earlier', period: baseLabel, value: bValue, n: bN };
    const direction = ctx.lowerIsBetter ? 'increase' : 'drop';
    const minEffect = rule.minEffect ?? (bValue !== null ? (rule.minEffectRelative ?? 0) * Math.abs(bValue) : 0);
    r.effect = { direction, value: null, min_effect: round(minEffect) };
    out.push(r);
    if (gap) {
      Object.assign(r, { status: 'unevaluated', message: gap });
      continue;
    }
    const gone = missing(r, m);
    if (gone) {
      Object.assign(r, gone);
      continue;
    }
    if (!baseMembers) {
      r.status = 'unevaluated';
      r.message = `${compare} has no breakdown by ${dims.join(', ')}; store it with kpi --json --by ${dims.join(',')}`;
      continue;
    }
    if (bValue === null || bN === 0) {
      r.status = 'skipped';
      r.message = `no baseline figure in ${baseLabel}${be?.reason ? ` (${String(be.reason)})` : ''}`;
      continue;
    }
    const worse = ctx.lowerIsBetter ? r.value! - bValue : bValue - r.value!;
    r.effect.value = round(worse);
    let n1 = r.n ?? 0;
    let n2 = bN;
    let stat: number | null = null;
    let p: number | null = null;
    let name: string;
    if (ctx.isRate) {
      name = 'two-proportion z-test (pooled), one-sided';
      const t = twoProportionZ(Math.round(r.value! * n1), n1, Math.round(bValue * n2), n2, ctx.lowerIsBetter ? 'greater' : 'less');
      stat = t?.z ?? null;
      p = t?.p ?? null;
    } else {
      name = 'Mann–Whitney rank-sum test (normal approximation, tie-corrected), one-sided';
      const rt = ranks.find((x) => rule.by.every((d) => sameMember(x.member[d], m.breakdown[d])));
      n1 = rt?.n1 ?? 0;
      n2 = rt?.n2 ?? 0;
      stat = rt?.z ?? null;
      p = rt?.p ?? null;
    }
    const auc = ctx.isRate ? null : ranks.find((x) => rule.by.every((d) => sameMember(x.member[d], m.breakdown[d])))?.auc ?? null;
    r.test = {
      ...(auc !== null ? { probability_of_superiority: round(auc) } : {}),
      name, alternative: `${rule.metric} ${ctx.lowerIsBetter ? 'higher' : 'lower'} than the baseline`,
      statistic: stat === null ? null : round(stat), p_value: p, p_adjusted: null, alpha: rule.alpha,
      correction: rule.by.length ? 'Holm (family-wise) across the members of the breakdown' : null, family_size: 1,
    };
    if (n1 < rule.minSamples || n2 < rule.minSamples) {
      r.status = 'skipped';
      r.message = `not tested: ${n1} records now and ${n2} in the baseline, fewer than min_samples ${rule.minSamples}`;
      continue;
    }
    if (p === null) {
      r.status = 'pass';
      r.message = `no variation to test (${describeChange(rule, ctx, r, bValue)})`;
      continue;
    }
    tested.push({ r, p });
  }
  const adjusted = holm(tested.map((t) => t.p));
  tested.forEach(({ r }, i) => {
    const t = r.test!;
    t.p_adjusted = adjusted[i]!;
    t.family_size = tested.length;
    const big = (r.effect!.value ?? 0) > r.effect!.min_effect;
    const significant = t.p_adjusted < rule.alpha;
    r.status = big && significant ? 'fail' : 'pass';
    const verdict = big && significant ? 'regression' : !big ? 'below the minimum effect' : 'not significant';
    r.message = `${describeChange(rule, ctx, r, r.baseline!.value!)}; ${t.name.split(' (')[0]} p ${fmtP(t.p_value)}${tested.length > 1 ? `, Holm-adjusted ${fmtP(t.p_adjusted)} over ${tested.length}` : ''} (α ${rule.alpha}): ${verdict}`;
  });
  return out;
}

function describeChange(rule: CheckRule, ctx: MetricContext, r: CheckResult, bValue: number): string {
  const e = r.effect!;
  const better = (e.value ?? 0) < 0;
  const change = better ? `${e.direction === 'drop' ? 'rise' : 'decrease'} ${show(-e.value!, ctx, true)} (better)` : `${e.direction} ${show(e.value ?? 0, ctx, true)}`;
  return `${rule.metric}${ctx.statistic === 'value' ? '' : ` ${ctx.statistic}`} ${show(r.value!, ctx)} (n ${r.n}) vs ${show(bValue, ctx)} (n ${r.baseline!.n}) in ${r.baseline!.period}: ${change}, minimum effect ${show(e.min_effect, ctx, true)}`;
}

function readStoredKpis(path: string, rule: CheckRule): KpiDocument {
  let doc: KpiDocument;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as KpiDocument;
  } catch (e) {
    throw new UserError(`rule '${rule.id}': compare: ${path}: cannot read a kpi --json document (${(e as Error).message.split('\n')[0]})`);
  }
  if (doc?.schema !== 'itsm-lens/kpi@1') throw new UserError(`rule '${rule.id}': compare: ${path} is not an itsm-lens/kpi@1 document (write it with kpi --json)`);
  return doc;
}

function show(v: number, ctx: MetricContext, delta = false): string {
  if (ctx.unit === 'ratio') return delta ? `${(v * 100).toFixed(2)} pp` : `${(v * 100).toFixed(2)} %`;
  const unit = ctx.unit === 'hours' ? ' h' : ctx.unit === 'days' ? ' d' : '';
  return `${Number.isInteger(v) ? v : v.toFixed(2)}${unit}`;
}

export function fmtP(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

const round4 = (i: { low: number; high: number }) => ({ low: round(i.low, 4), high: round(i.high, 4) });
