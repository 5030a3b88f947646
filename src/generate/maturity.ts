/**
 * `generate --maturity`: the generated exports are ingested into a scratch database, the profile is planted
 * there (plantProfile: src/maturity/profiles.yaml, written in the canonical terms the rubric reads, so the knobs
 * exist once), and the files are rewritten from it in their own layout (rewriteExports). Ingesting and assessing
 * the result gives the planted level of every practice (test/maturity/profiles.test.ts).
 */
import { basename } from 'node:path';
import { ingestPaths } from '../ingest/index.js';
import { plantProfile, profilePractices } from '../maturity/profile.js';
import { Store } from '../store/db.js';
import { rewriteExports } from './rewrite-exports.js';
import type { Counts, Truth } from './truth.js';

export interface Planted {
  files: string[];
  counts: Counts;
  links: Record<string, number>;
}

/** Generated exports → a scratch in-memory database → the profile → the same files in `out`, in the same order. */
export async function plantIntoExports(files: string[], out: string, levels: Record<string, number>): Promise<Planted> {
  const store = await Store.open(':memory:');
  try {
    // the generator writes year-first dates: saying so skips most of the date sniffing
    await ingestPaths(store, { paths: files, dateFormat: 'ymd' });
    const planted = await plantAndRewrite(store, levels, out);
    const byName = new Map(planted.files.map((w) => [basename(w), w]));
    return { ...planted, files: files.map((f) => byName.get(basename(f))!) };
  } finally {
    store.close();
  }
}

/**
 * Plants `levels` into a database holding ingested exports and rewrites those exports into `out` from it
 * (files by original path). The store is changed: pass a copy.
 */
export async function plantAndRewrite(store: Store, levels: Record<string, number>, out: string): Promise<Planted> {
  await plantProfile(store, levels);
  const files = await rewriteExports(store, out);
  const c = (await store.one<Record<string, number>>(`SELECT
      (SELECT count(*) FROM ticket WHERE kind = 'incident')::INT AS incidents,
      (SELECT count(*) FROM ticket WHERE kind = 'service_request')::INT AS service_requests,
      (SELECT count(*) FROM ticket WHERE kind = 'interaction')::INT AS interactions,
      (SELECT count(*) FROM ticket WHERE kind = 'other')::INT AS other,
      (SELECT count(*) FROM "change")::INT AS changes, (SELECT count(*) FROM problem)::INT AS problems, (SELECT count(*) FROM asset)::INT AS assets,
      (SELECT count(caused_by_change_ref) FROM ticket WHERE kind = 'incident')::INT AS caused,
      (SELECT count(problem_ref) FROM ticket WHERE kind = 'incident')::INT AS with_problem,
      (SELECT count(change_ref) FROM ticket WHERE kind = 'incident')::INT AS with_rfc`))!;
  return {
    files,
    counts: { incidents: c.incidents!, service_requests: c.service_requests!, interactions: c.interactions!, other: c.other!, changes: c.changes!, problems: c.problems!, assets: c.assets! },
    links: { incidents_caused_by_change: c.caused!, incidents_with_problem: c.with_problem!, incidents_with_rfc: c.with_rfc! },
  };
}

/** truth.json of a maturity run: the planted levels; counts and links of the files as written. */
export function maturityTruth(truth: Truth, levels: Record<string, number>, planted: Planted): Truth {
  const notPlanted = profilePractices().filter((p) => !(p in levels));
  const reason = 'not given with --maturity: the profile rewrites SLA flags, resolution and fulfilment times, reassignments, reopens and change outcomes after generation';
  const none = { value: null, n: 0, reason };
  return {
    ...truth,
    counts: planted.counts,
    kpis: {
      mttr: { unit: 'hours', basis: 'calendar', n: 0, mean: null, median: null, p90: null, reason },
      sla_attainment: none, fcr: none, reopen_rate: none, change_success_rate: none,
    },
    by_month: {},
    planted: {
      ...truth.planted,
      maturity: {
        levels,
        ...(notPlanted.length ? { not_planted: notPlanted } : {}),
        profiles: 'src/maturity/profiles.yaml',
        rubric: 'src/maturity/rubric/default.yaml',
        measure: 'itsm-lens ingest <files> && itsm-lens assess --json: practices[].level equals levels[practice]',
      },
    },
    links: planted.links,
    definitions: {
      ...truth.definitions,
      kpis: reason,
    },
  };
}
