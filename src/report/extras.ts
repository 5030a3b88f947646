import type { PeoplePolicy } from '../privacy/people.js';
import { buildClusters, type ClusterSummary } from '../clusters/cluster.js';
import { computeFindings, type Finding } from '../findings/index.js';
import { DEFAULT_Q } from '../findings/thresholds.js';
import { runLint } from '../lint/index.js';
import type { Store } from '../store/db.js';
import type { ReportDefinition } from './definition.js';
import type { ReportPeriods } from './periods.js';
import { reportQuerySql } from './report-queries.js';

/** A section fed by another part of itsm-lens: its items, or why it has none. */
export type { Finding };

export interface Optional<T> {
  items: T[];
  reason: string | null;
}

export interface LintItem {
  rule: string;
  severity: string;
  count: number | null;
  share: number | null;
  message: string;
}

export interface Extras {
  clusters: Optional<ClusterSummary>;
  /** with the false-discovery rate the tests ran at */
  findings: Optional<Finding> & { q: number };
  lint: Optional<LintItem>;
  rejects: Array<Record<string, unknown>>;
  sources: Array<Record<string, unknown>>;
  coverage: Array<{ table: string; records: number; first: string | null; last: string | null }>;
}

export async function collectExtras(store: Store, def: ReportDefinition, periods: ReportPeriods, people: PeoplePolicy): Promise<Extras> {
  const kinds = new Set(def.sections.map((s) => s.kind));
  const top = def.sections.find((s) => s.kind === 'clusters')?.top ?? 10;
  const dq = def.sections.find((s) => s.kind === 'data_quality');
  return {
    clusters: kinds.has('clusters') ? await clusters(store, periods, top) : { items: [], reason: null },
    findings: kinds.has('findings') ? await findings(store, periods, people) : { items: [], reason: null, q: DEFAULT_Q },
    lint: !dq ? { items: [], reason: null } : dq.lint ? await lint(store) : { items: [], reason: 'the data-quality rules are switched off in the report definition (lint: false)' },
    rejects: await store.all(reportQuerySql('rejects.sql', periods).sql),
    sources: await store.all(`SELECT regexp_extract(path, '[^/\\\\]+$') AS file, path, tool, object_kind, source_format,
        round(confidence, 2) AS confidence, rows_read, rows_loaded, rows_rejected, records_inserted, records_updated,
        strftime(ingested_at, '%Y-%m-%d %H:%M') AS ingested_at
      FROM source_file ORDER BY ingested_at, path`),
    coverage: await store.all(`
      SELECT 'tickets' AS "table", count(*) AS records, strftime(min(opened_at), '%Y-%m-%d') AS first, strftime(max(opened_at), '%Y-%m-%d') AS last FROM ticket
      UNION ALL SELECT 'changes', count(*), strftime(min(opened_at), '%Y-%m-%d'), strftime(max(opened_at), '%Y-%m-%d') FROM change
      UNION ALL SELECT 'problems', count(*), strftime(min(opened_at), '%Y-%m-%d'), strftime(max(opened_at), '%Y-%m-%d') FROM problem
      UNION ALL SELECT 'assets', count(*), NULL, NULL FROM asset`),
  };
}

async function clusters(store: Store, periods: ReportPeriods, top: number): Promise<Optional<ClusterSummary>> {
  const n = await store.one<{ n: number }>(`SELECT count(*) AS n FROM ticket WHERE (kind = 'incident' OR kind IS NULL) AND title IS NOT NULL
    AND opened_at >= TIMESTAMPTZ '${periods.trend.from}' AND opened_at < TIMESTAMPTZ '${periods.trend.to}'`);
  if (!Number(n?.n)) return { items: [], reason: 'no incident with a title was opened in the trend window, so there is no text to find recurring problems in' };
  const res = await buildClusters(store, { since: periods.trend.from.slice(0, 10) });
  const multi = res.clusters
    .filter((c) => c.size >= 2)
    .sort((a, b) => Number(b.problem_candidate) - Number(a.problem_candidate) || b.size - a.size)
    .slice(0, top);
  return { items: multi, reason: multi.length ? null : `none of the ${res.tickets.toLocaleString('en-US')} incidents since ${periods.months[0]} share a title pattern with another` };
}

async function findings(store: Store, periods: ReportPeriods, people: PeoplePolicy): Promise<Optional<Finding> & { q: number }> {
  const doc = await computeFindings(store, { month: periods.month, projectConfig: { people, coverage: { minShare: periods.share } } });
  // all of them: the first page shows the findings section's top few, the appendix every one with its statistics
  const items = [...doc.findings].sort((a, b) => a.rank - b.rank);
  return { items, q: doc.q, reason: items.length ? null
    // nothing tested: the frame's reason (notes[0]); tested: the count in words (notes[0] then is the statistician's line)
    : doc.tested ? `nothing unusual: none of the ${doc.tested} tested hypotheses is both significant at a false-discovery rate of ${doc.q} and large enough to report` : (doc.notes?.[0] ?? 'nothing could be tested') };
}

/** Data-quality rules (itsm-lens lint) with findings, worst first; rules that do not apply are left out. */
async function lint(store: Store): Promise<Optional<LintItem>> {
  const doc = await runLint(store, { samples: 0 });
  const order = { error: 0, warn: 1, info: 2 } as Record<string, number>;
  const items = doc.rules
    .filter((r) => (r.count ?? 0) > 0)
    .sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3) || (b.count ?? 0) - (a.count ?? 0))
    .map((r) => ({ rule: r.id, severity: r.severity, count: r.count, share: r.share, message: r.description }));
  return { items, reason: items.length ? null : `all ${doc.summary.applicable} applicable rules pass (${doc.summary.rules - doc.summary.applicable} do not apply to this data)` };
}
