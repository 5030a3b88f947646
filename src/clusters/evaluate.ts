/**
 * Cluster quality against a reference labelling: per reference cluster the recall and precision of its
 * best-matching found cluster, the adjusted Rand index (Hubert & Arabie) on the reference subset, and
 * homogeneity / completeness / V-measure (Rosenberg & Hirschberg). Counts come from DuckDB (contingency table);
 * only the table's cells are walked in JS.
 */
import type { Store } from '../store/db.js';
import { lit } from '../store/db.js';
import type { ClusterResult } from './cluster.js';
import { loadSqlFile, sqlOf } from '../store/sql-file.js';

/** The planted-cluster score's cells (evaluate.sql). */
const SQL = loadSqlFile('clusters/evaluate.sql');

export interface PlantedCluster {
  id: string;
  label: string;
  member_ids: string[];
}

export interface PlantedScore {
  id: string;
  label: string;
  members: number;
  best_cluster: string | null;
  best_size: number;
  recall: number;
  precision: number;
}

export interface PlantedScores {
  per_cluster: PlantedScore[];
  ari: number;
}

/** Contingency cells (reference label × found cluster) → ARI. */
export function adjustedRandIndex(cells: ReadonlyArray<{ ref: string; found: string; n: number }>): number {
  const c2 = (n: number) => (n * (n - 1)) / 2;
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  let index = 0;
  let total = 0;
  for (const { ref, found, n } of cells) {
    index += c2(n);
    total += n;
    rows.set(ref, (rows.get(ref) ?? 0) + n);
    cols.set(found, (cols.get(found) ?? 0) + n);
  }
  const a = [...rows.values()].reduce((s, n) => s + c2(n), 0);
  const b = [...cols.values()].reduce((s, n) => s + c2(n), 0);
  const expected = (a * b) / c2(total);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Homogeneity, completeness and V-measure of found clusters against reference classes. */
export function homogeneityCompleteness(cells: ReadonlyArray<{ ref: string; found: string; n: number }>): {
  homogeneity: number;
  completeness: number;
  v_measure: number;
} {
  const N = cells.reduce((s, c) => s + c.n, 0);
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (const { ref, found, n } of cells) {
    rows.set(ref, (rows.get(ref) ?? 0) + n);
    cols.set(found, (cols.get(found) ?? 0) + n);
  }
  const entropy = (m: Map<string, number>) => -[...m.values()].reduce((s, n) => s + (n / N) * Math.log(n / N), 0);
  const hC = entropy(rows);
  const hK = entropy(cols);
  let hCgivenK = 0;
  let hKgivenC = 0;
  for (const { ref, found, n } of cells) {
    hCgivenK -= (n / N) * Math.log(n / cols.get(found)!);
    hKgivenC -= (n / N) * Math.log(n / rows.get(ref)!);
  }
  const homogeneity = hC === 0 ? 1 : 1 - hCgivenK / hC;
  const completeness = hK === 0 ? 1 : 1 - hKgivenC / hK;
  const v = homogeneity + completeness === 0 ? 0 : (2 * homogeneity * completeness) / (homogeneity + completeness);
  return { homogeneity, completeness, v_measure: v };
}

/** Scores the clusters in `ticket_cluster` (from buildClusters) against planted clusters given by source ids. */
export async function plantedScores(store: Store, res: ClusterResult, planted: readonly PlantedCluster[]): Promise<PlantedScores> {
  const values = planted.flatMap((p) => p.member_ids.map((m) => `(${lit(p.id)}, ${lit(m)})`));
  if (values.length === 0) return { per_cluster: [], ari: 1 };
  const cells = await store.all<{ ref: string; found: string; n: number }>(sqlOf(SQL, 'planted_cells', { members: values.join(', ') }));
  const size = new Map(res.clusters.map((c) => [c.id, c.size]));
  const per_cluster = planted.map((p) => {
    const mine = cells.filter((c) => c.ref === p.id).sort((a, b) => b.n - a.n || a.found.localeCompare(b.found));
    const best = mine[0];
    const bestSize = best ? (size.get(best.found) ?? best.n) : 0;
    return {
      id: p.id,
      label: p.label,
      members: p.member_ids.length,
      best_cluster: best?.found ?? null,
      best_size: bestSize,
      recall: best ? best.n / p.member_ids.length : 0,
      precision: best && bestSize ? best.n / bestSize : 0,
    };
  });
  return { per_cluster, ari: adjustedRandIndex(cells) };
}
