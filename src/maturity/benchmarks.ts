/** The client's KPIs (the kpi@1 figures over all loaded data) beside published benchmark bands (benchmarks.yaml). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlText } from '../config/yaml.js';
import type { ProjectConfig } from '../config/project.js';
import { validateAgainst } from '../config/schema.js';
import { computeKpis } from '../metrics/kpi.js';
import type { Store } from '../store/db.js';

export const BENCHMARKS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'maturity', 'benchmarks.yaml');

interface Band {
  name: string;
  value: number;
  grade: string;
  source: string;
}

export interface BenchmarkRow {
  kpi: string;
  label: string;
  better: 'higher' | 'lower';
  value: number | null;
  n: number | null;
  definition: string | null;
  reason: string | null;
  bands: (Band & { client_is: 'better' | 'worse' | 'equal' | null })[];
  note?: string;
  /** the KPI in plain words, for the page */
  says?: string;
}

type BenchmarkDef = Omit<BenchmarkRow, 'value' | 'n' | 'definition' | 'reason' | 'bands'> & { bands: Band[] };

export function loadBenchmarks(path = BENCHMARKS_FILE): BenchmarkDef[] {
  const doc: unknown = parseYamlText(readFileSync(path, 'utf8'));
  validateAgainst('benchmarks', doc, path);
  return (doc as { benchmarks: BenchmarkDef[] }).benchmarks;
}

export async function benchmarkRows(store: Store, config?: ProjectConfig): Promise<BenchmarkRow[]> {
  const defs = loadBenchmarks();
  const doc = await computeKpis(store, { from: null, to: null }, { config });
  return defs.map((b) => {
    const k = doc.kpis[b.kpi];
    const value = typeof k?.value === 'number' ? k.value : null;
    return {
      kpi: b.kpi, label: b.label, better: b.better, value, n: typeof k?.n === 'number' ? k.n : null,
      definition: k?.definition ?? null, reason: value === null ? String(k?.reason ?? 'not computed') : null, note: b.note, says: b.says,
      bands: b.bands.map((band) => ({
        ...band,
        // equal as the page shows them (to 0.1 percentage point): a reader sees the same figure on both sides
        client_is: value === null ? null : Math.round(value * 1000) === Math.round(band.value * 1000) ? 'equal' : (value > band.value) === (b.better === 'higher') ? 'better' : 'worse',
      })),
    };
  });
}
