import type { CoverageMonth } from '../coverage/index.js';
import type { ClusterResult } from '../clusters/cluster.js';
import type { PeoplePolicy } from '../privacy/people.js';
import type { Store } from '../store/db.js';

export type FindingKind = 'trend' | 'change_point' | 'imbalance' | 'outlier' | 'concentration' | 'recurring';
export type Direction = 'up' | 'down';

/** findings a reader gets first (the report's first page, `findings` text); the rest: the appendix, --all, --json */
export const TOP_FINDINGS = 5;

/** One tested highlight (`itsm-lens/findings@1`). */
export interface Finding {
  id: string;
  kind: FindingKind;
  /** volume | resolution_time | sla_attainment | reopen_rate | assignments | <field> share */
  metric: string;
  dimension: string | null;
  member: string | null;
  /** the month a change point is in (YYYY-MM); null for other kinds */
  at: string | null;
  direction: Direction | null;
  effect: number;
  effect_kind: string;
  /** the member's / period's value and what it is compared with, in the metric's unit */
  value: number | null;
  baseline: number | null;
  unit: string;
  p_value: number | null;
  q_value: number | null;
  n: number;
  /** effect relative to its reporting minimum × tickets affected: what the ranking sorts by */
  score: number;
  rank: number;
  test: string;
  /** the finding in plain words for a reader: no test name, p or q (those are in `statistics`) */
  summary: string;
  /** the test, p and q, the effect as tested and the sample, in one line: for an appendix */
  statistics: string;
  /** SQL over the canonical tables that reproduces the figures */
  query: string;
  /**
   * trend and change_point: the observed series the test rests on, one point per week or month (`at`), with its
   * value in the metric's unit and the tickets behind it (volume: the count itself)
   */
  series?: { unit: 'week' | 'month'; points: Array<{ at: string; value: number; n: number }> };
  notes?: string[];
}

/** The itsm-lens/findings@1 document (DESIGN.md `findings --json`), as computeFindings returns it and the text presenter and the report read it. */
export interface FindingsDocument {
  schema: 'itsm-lens/findings@1';
  period: { from: string | null; to: string | null };
  q: number;
  /** hypotheses tested (the Benjamini–Hochberg family) */
  tested: number;
  findings: Finding[];
  notes?: string[];
}
/** The earlier name, kept for the readers that use it. */
export type FindingsResult = FindingsDocument;

export interface FindingsSettings {
  /** false-discovery rate for Benjamini–Hochberg */
  q?: number;
}

export interface FindingsOptions {
  from?: string;
  to?: string;
  month?: string;
  q?: number;
  /** the project config; its `findings` section (q) applies unless opts.q is given, its `people` policy always; `coverage.minShare` sets which edge months are left out */
  projectConfig?: { findings?: FindingsSettings; people?: PeoplePolicy; coverage?: { minShare: number } } | null;
  /** the coverage model's rows, when the caller has loaded them (the report): coverage.sql is not run again */
  coverage?: CoverageMonth[];
  /** the clusters of the analysis window (`recurringWindow`), when the caller has built them (the report): not built again */
  clusters?: ClusterResult;
}

/** A tested hypothesis before the false-discovery step. */
export type Candidate = Omit<Finding, 'q_value' | 'rank' | 'score' | 'summary' | 'statistics'> & {
  /** whether the effect reaches its reporting minimum (the test still counts in the family either way) */
  large: boolean;
  /** |effect| / minimum effect */
  strength: number;
  /** writes the summary (plain words; the statistics are written apart) */
  describe: () => string;
  /** what the statistics line adds to the test, p and q (recurring: why it is a candidate) */
  evidence?: string;
};

/** What every test module gets: the store with the prepared temp tables, and the analysis frame. */
export interface Frame {
  store: Store;
  /** population the tests run on, in words: "incidents" */
  population: string;
  /** the time unit of rate and duration series */
  unit: 'month' | 'week';
  /** months a change point may be reported for (the period's months) */
  periodMonths: string[];
  /** which duration stands for resolution time: resolved_at, or closed_at when no ticket has one */
  durationEnd: 'resolved_at' | 'closed_at';
  /** SQL filter on `ticket` selecting the population in the analysis window (for reproduction queries) */
  baseFilter: string;
  /** same for the reporting period */
  periodFilter: string;
  /** horizon in hours: durations capped there; tickets opened after settledEnd (the export's end less it) are not judged */
  horizonHours: number;
  /** the coverage model's settled end (ISO 8601): tickets opened later are not judged */
  settledEnd: string;
  /** what set settledEnd: the export's end less the horizon, or (an export of ended tickets only) complete_until */
  settledBy: 'horizon' | 'closed_only';
  notes: string[];
  /** SQL condition on `ticket`: old enough to judge and not cancelled */
  judgedSql: string;
  /**
   * the analysis window less the months at the export's edges the coverage model leaves out (before the cut of
   * an export of ended tickets at complete_until): the window the recurring candidates' clusters are built on
   */
  coverageWindow: { from: string | null; to: string | null };
  /** first and last opening day in the window (YYYY-MM-DD) */
  firstDay: string;
  lastDay: string;
  /**
   * where the data's coverage of the window ends (ISO 8601, exclusive): the window's end when the data reaches its
   * last day, else the start of the last opening day (the day the export was taken holds part of its tickets).
   * From firstDay to here every day is covered; a trend's week or month outside it is partial (trend.ts)
   */
  coveredUntil: string;
  /** a person (assignee, requester) as the people policy lets findings write them; null: not named */
  person: (value: string) => string | null;
  /** the neutral key of a person not named (`#1`, `#2`, …): one numbering for the whole document (computeFindings) */
  unnamed: (value: string) => string;
  /**
   * the frame's tables of members by month or week (frame.sql fx_mm, trend.ts memberPeriods), built on first use: table
   * name → the member filter it was built with and its build. Made with the frame (buildFrame), so it lives as
   * long as fx_ticket: a session's next window builds a new frame, a new map, and replaces the tables
   */
  memberTables: Map<string, { filter: string; built: Promise<void> }>;
}
