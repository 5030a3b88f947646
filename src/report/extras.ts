import type { ProjectConfig } from '../config/project.js';
import { buildClusters, type ClusterResult, type ClusterSummary, type ExportCarries } from '../clusters/cluster.js';
import { computeFindings, coveredRecurringWindow, findingsWindow, recurringWindow, type Finding } from '../findings/index.js';
import { loadFindingsSettings } from '../findings/config.js';
import { DEFAULT_Q } from '../findings/thresholds.js';
import { runLint } from '../lint/index.js';
import type { Store } from '../store/db.js';
import type { ReportDefinition } from './definition.js';
import type { ReportPeriods } from './periods.js';
import { reportQuerySql } from './report-queries.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The appendix's own tables (extras.sql). */
const SQL = loadSqlFile('report/extras.sql');

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
  /** whether the export carries a problem link and an assignment group at all (the clusters table words their absence) */
  clustersCarry: ExportCarries;
  /** the first day of the clusters' (and the findings') window, YYYY-MM-DD; null: all the data */
  clustersSince: string | null;
  /** the day after the window (exclusive), YYYY-MM-DD; null: to the data's end */
  clustersUntil: string | null;
  /** with the false-discovery rate the tests ran at */
  findings: Optional<Finding> & { q: number };
  lint: Optional<LintItem>;
  rejects: Array<Record<string, unknown>>;
  sources: Array<Record<string, unknown>>;
  coverage: Array<{ table: string; records: number; first: string | null; last: string | null }>;
}

/**
 * The sections fed by other commands. Clusters and findings are computed once, for one window: the findings'
 * analysis window of the report month (`findings --month M`: the twelve months ending with M) less the months at
 * the export's edges the coverage model leaves out, whose clusters (`clusters --since` its first day `--until` the
 * day after it) are both the recurring-problems section and the findings' recurring candidates.
 */
export async function collectExtras(store: Store, def: ReportDefinition, periods: ReportPeriods, config: ProjectConfig): Promise<Extras> {
  const kinds = new Set(def.sections.map((s) => s.kind));
  const top = def.sections.find((s) => s.kind === 'clusters')?.top ?? 10;
  const dq = def.sections.find((s) => s.kind === 'data_quality');
  const fw = findingsWindow({ month: periods.month });
  const clustered = kinds.has('clusters') || kinds.has('findings');
  // the findings' window less the export's thin edge months: the frame built for it is the one the findings reuse
  const window = clustered ? await coveredRecurringWindow(store, fw, periods.share, periods.coverage) : recurringWindow(fw);
  const built = clustered ? await buildClusters(store, { ...window, ticketClusters: false }) : null;
  return {
    clusters: built && kinds.has('clusters') ? clusters(built, window.since ?? null, top) : { items: [], reason: null },
    clustersCarry: built?.export_carries ?? { problem_link: true, assignment_group: true },
    clustersSince: window.since ?? null,
    clustersUntil: window.until ?? null,
    findings: built && kinds.has('findings') ? await findings(store, periods, config, built) : { items: [], reason: null, q: DEFAULT_Q },
    lint: !dq ? { items: [], reason: null } : dq.lint ? await lint(store) : { items: [], reason: 'the data-quality rules are switched off in the report definition (lint: false)' },
    rejects: await store.all(reportQuerySql('rejects.sql', periods).sql),
    sources: await store.all(sqlOf(SQL, 'sources')),
    coverage: await store.all(sqlOf(SQL, 'coverage')),
  };
}

/** The clusters of 2+ incidents, problem candidates first (as `clusters` lists them). */
function clusters(res: ClusterResult, since: string | null, top: number): Optional<ClusterSummary> {
  const multi = res.clusters
    .filter((c) => c.size >= 2)
    .sort((a, b) => Number(b.problem_candidate) - Number(a.problem_candidate) || b.size - a.size)
    .slice(0, top);
  const from = since ? ` opened since ${since}` : '';
  const reason = res.tickets === 0 ? `no incident was opened${from || ' in the data'}, so there are no recurring problems to find` : `none of the ${res.tickets.toLocaleString('en-US')} incidents${from} shares a title pattern or structured signature with another`;
  return { items: multi, reason: multi.length ? null : reason };
}

/** `findings --month M` with the project config's q and people policy, on the clusters the report shows. */
async function findings(store: Store, periods: ReportPeriods, config: ProjectConfig, built: ClusterResult): Promise<Optional<Finding> & { q: number }> {
  const doc = await computeFindings(store, {
    month: periods.month,
    projectConfig: { findings: loadFindingsSettings(config.path ?? undefined), people: config.people, coverage: { minShare: periods.share } },
    coverage: periods.coverage,
    clusters: built,
  });
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
