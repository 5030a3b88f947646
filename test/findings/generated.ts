/** Generated datasets for the findings tests: generator → incident export → a real DuckDB file. */
import { join } from 'node:path';
import { generate, type Truth } from '../../src/generate/index.js';
import { ingestPaths } from '../../src/ingest/index.js';
import type { Finding } from '../../src/findings/index.js';
import { openStore, tempDir } from '../helpers.js';
import type { Store } from '../../src/store/db.js';

export interface Dataset {
  store: Store;
  db: string;
  truth: Truth;
}

/** ServiceNow exports of `tickets` tickets over a year; only the incident file is ingested (findings read incidents). */
export async function dataset(tickets: number, seed: number, nul: boolean): Promise<Dataset> {
  const dir = tempDir('itsm-lens-findings-');
  const gen = await generate({ out: join(dir, 'exports'), tickets, seed, format: 'servicenow', null: nul });
  const store = await openStore(dir);
  await ingestPaths(store, { paths: gen.files.filter((f) => f.endsWith('incident.csv')) });
  return { store, db: join(dir, 'test.duckdb'), truth: gen.truth };
}

/** Rank of each planted truth that is a finding (null when not reported), with the right dimension, member and direction. */
export function truthRanks(findings: Finding[], truth: Truth): { trend: number | null; sla_drop: number | null; slow_group: number | null } {
  const pl = truth.planted as { trending_category: { name: string }; sla_drop: { month: string }; slow_group: { name: string } };
  const rank = (pred: (f: Finding) => boolean) => findings.find(pred)?.rank ?? null;
  return {
    trend: rank((f) => f.kind === 'trend' && f.metric === 'volume' && f.dimension === 'category' && f.member === pl.trending_category.name && f.direction === 'up'),
    sla_drop: rank((f) => f.kind === 'change_point' && f.metric === 'sla_attainment' && f.dimension === null && f.at === pl.sla_drop.month && f.direction === 'down'),
    slow_group: rank((f) => f.kind === 'outlier' && f.metric === 'resolution_time' && f.dimension === 'group' && f.member === pl.slow_group.name && f.direction === 'up'),
  };
}

/** Findings that claim a statistical footing (recurring-problem candidates are outside the false-discovery control). */
export const tested = (findings: Finding[]): Finding[] => findings.filter((f) => f.p_value !== null);
